import { describe, expect, it } from 'vitest';
import { identityCandidates } from '#domain/pivot-identity.ts';
import { NEEDS_MAX } from '#domain/need.ts';
import { DEFAULT_QUOTAS } from '#domain/quotas.ts';
import { withProvenance } from '#store/client.ts';
import { writeNeed } from '#store/needs.ts';
import { PORTAL_ISSUER, testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { testWorkers } from '#tests/support/workers.ts';

const CSAPA = { siret: '77990001000019', name: 'CSAPA Le Griffon', kind: 'csapa', departement: '69' } as const;
let files = 0;
/** Names are letters only: a, b, … z, ba… */
const letters = (n = (files += 1)): string => (n >= 26 ? letters(Math.floor(n / 26)) : '') + String.fromCharCode(97 + (n % 26));

describe('the person’s own space: their team, what was done, who read their file, their needs', async () => {
  const api = await testApi();
  const workers = await testWorkers(api.store);

  /** A file created by an advisor (référent), joined by a CSAPA worker; the person signs in with every given name. */
  async function followed() {
    const lastName = `Espace${letters()}`;
    const advisor = await api.as({ firstName: 'Camille', lastName: 'Martin', phone: '0472610000' });
    const worker = await api.as({ organization: CSAPA, firstName: 'Nadia', lastName: 'Berthelot' });
    const { body: person } = await advisor.call('POST', '/persons', { body: { ...newPerson({ firstName: 'Léa', lastName }), reason: 'Accompagnement RSA' } });
    await advisor.call('PATCH', `/persons/${person.id}/members/me`, { body: { isReferent: true } });
    expect((await worker.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Suivi' } })).status).toBe(202);
    expect((await advisor.call('POST', `/persons/${person.id}/join-requests/${worker.id}/accept`)).status).toBe(200);
    const me = await api.asPerson({ given_name: 'Léa Marie Jeanne', family_name: lastName.toUpperCase(), birthdate: '1994-03-12' });
    return { advisor, worker, me, personId: person.id as string, lastName };
  }

  it('finds the file by the exact identity, first given name or every one, birth name or name in use', () => {
    expect(identityCandidates({ given_name: 'Jean-Pierre Louis', family_name: 'MARTIN', preferred_username: 'Durand', birthdate: '1966-12-30' })).toEqual([
      { firstName: 'Jean-Pierre', lastName: 'MARTIN', birthDate: '1966-12-30' },
      { firstName: 'Jean-Pierre Louis', lastName: 'MARTIN', birthDate: '1966-12-30' },
      { firstName: 'Jean-Pierre', lastName: 'Durand', birthDate: '1966-12-30' },
      { firstName: 'Jean-Pierre Louis', lastName: 'Durand', birthDate: '1966-12-30' },
    ]);
  });

  it('shows my team, référent first with their professional contact, confidential structures included, and what was done', async () => {
    const { advisor, worker, me, personId } = await followed();
    await worker.call('POST', `/persons/${personId}/actions`, { body: { date: '2026-11-20', category: 'sante', text: 'Premier rendez-vous pris.' } });

    const file = await me.call('GET', '/my-file');

    expect(file.status).toBe(200);
    expect(file.body.personId).toBe(personId);
    expect(file.body.team.map((m: { proId: string }) => m.proId)).toEqual([advisor.id, worker.id]);
    expect(file.body.team[0]).toMatchObject({ isReferent: true, firstName: 'Camille', lastName: 'Martin', email: advisor.claims.email, phone: advisor.claims.phone, reason: 'Accompagnement RSA' });
    expect(file.body.team[1]).toMatchObject({ organization: CSAPA, isReferent: false });
    expect(file.body.actions).toEqual([expect.objectContaining({ text: 'Premier rendez-vous pris.', author: expect.objectContaining({ lastName: 'Berthelot' }) })]);
    expect(file.body.formerTeam).toEqual([]);
  });

  it('puts a member who left in « formerTeam », and never shows a pending requester', async () => {
    const { worker, me, personId } = await followed();
    const asking = await api.as({ lastName: 'Demandeur', organization: { siret: '26690001000017', name: 'CCAS de Lyon', kind: 'ccas_cias', departement: '69' } });
    await asking.call('POST', `/persons/${personId}/members`, { body: { reason: 'Je voudrais suivre' } });
    await worker.call('PATCH', `/persons/${personId}/members/me`, { body: { ended: true } });

    const file = await me.call('GET', '/my-file');

    expect(file.body.team.map((m: { proId: string }) => m.proId)).not.toContain(worker.id);
    expect(file.body.formerTeam).toEqual([expect.objectContaining({ proId: worker.id, endReason: 'manual', endedAt: expect.any(String) })]);
    expect(JSON.stringify(file.body)).not.toContain('Demandeur');
  });

  it('tells me who read my file, who found me by a lookup and whose contact was shown, naming each professional', async () => {
    const { advisor, worker, me, personId, lastName } = await followed();
    await worker.call('GET', `/persons/${personId}`);
    await worker.call('POST', `/persons/${personId}/members/${advisor.id}/contact`);
    const outsider = await api.as({ firstName: 'Karim', lastName: 'Benali' });
    await outsider.call('POST', '/persons/lookup', { body: { firstName: 'Léa', lastName, birthDate: '1994-03-12' } });

    const journal = await me.call('GET', '/my-file/journal');

    expect(journal.status).toBe(200);
    const kinds = journal.body.items.map((entry: { kind: string }) => entry.kind);
    expect(kinds.slice(0, 3)).toEqual(['looked_up', 'contact_revealed', 'card_read']);
    expect(journal.body.items[0]).toMatchObject({ actor: { type: 'professional', firstName: 'Karim', lastName: 'Benali', organization: { name: 'France Travail Lyon Part-Dieu' } }, portal: expect.any(String) });
    expect(journal.body.items[1]).toMatchObject({ actor: { type: 'professional', lastName: 'Berthelot' }, target: { type: 'professional', lastName: 'Martin' } });
  });

  it('a need I write shows on the card as mine, is news to my team, and e-mails only members who opted in', async () => {
    const { advisor, worker, me, personId } = await followed();
    await advisor.call('PATCH', '/me', { body: { notifications: { personNeeds: true } } });
    await workers.drain();

    const written = await me.call('POST', '/my-file/needs', { body: { text: 'Trouver une garde le mercredi.', category: 'gardeEnfants' } });
    const changed = await me.call('PATCH', `/my-file/needs/${written.body.id}`, { body: { status: 'in_progress' } });
    await workers.drain();

    expect(written).toMatchObject({ status: 201, body: { text: 'Trouver une garde le mercredi.', category: 'gardeEnfants', status: 'todo' } });
    expect(changed).toMatchObject({ status: 200, body: { id: written.body.id, status: 'in_progress' } });
    const mine = await worker.call('GET', '/follow-ups?changed=true');
    expect(mine.body.items.find((link: { personId: string }) => link.personId === personId)?.news).toContain('need');
    const card = await worker.call('GET', `/persons/${personId}`);
    expect(card.body.needs).toEqual([expect.objectContaining({ id: written.body.id, status: 'in_progress' })]);
    const told = await workers.mailbox(advisor.claims.email);
    expect(told.filter((mail) => mail.subject === 'Une personne que vous accompagnez a écrit un besoin dans GPS')).toHaveLength(1);
    expect(told.at(-1)!.body.text).not.toContain('garde');
    expect((await workers.mailbox(worker.claims.email)).some((mail) => mail.subject.includes('besoin'))).toBe(false);
    expect((await me.call('GET', '/my-file')).body.needs).toEqual([changed.body]);
  });

  it('refuses a bad need with French details, a need of another file, and a 51st need', async () => {
    const { me } = await followed();
    const other = (await followed()).me;
    const bad = await me.call('POST', '/my-file/needs', { body: { text: '', category: 'voyage', status: 'bientôt' } });
    const written = await other.call('POST', '/my-file/needs', { body: { text: 'Passer le permis.', category: 'mobilite' } });
    const notMine = await me.call('PATCH', `/my-file/needs/${written.body.id}`, { body: { status: 'done' } });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['#/body/category', '#/body/status', '#/body/text']);
    expect(notMine.status).toBe(404);
    expect(notMine.body.detail).toBe('Ce besoin n’existe pas dans votre dossier.');

    const { me: full, personId } = await followed();
    const store = withProvenance(api.store, { issuer: PORTAL_ISSUER });
    for (let n = 0; n < NEEDS_MAX; n += 1) await writeNeed(store, personId, { text: `Besoin ${n}`, category: 'autre', status: 'todo' });
    const beyond = await full.call('POST', '/my-file/needs', { body: { text: 'Encore un.', category: 'autre' } });
    expect(beyond.status).toBe(409);
    expect(beyond.body.detail).toMatch(/^Vous avez déjà écrit 50 besoins/);
    expect((await full.call('GET', '/my-file')).body.needs).toHaveLength(NEEDS_MAX);
  });

  it('counts what a person writes in a day: past the quota, a 429 and nothing written', async () => {
    const { me } = await followed();
    for (let n = 0; n < DEFAULT_QUOTAS.personWrites; n += 1) expect((await me.call('POST', '/my-file/needs', { body: { text: `Besoin ${n}`, category: 'autre' } })).status).toBe(201);

    const over = await me.call('POST', '/my-file/needs', { body: { text: 'Un de trop.', category: 'autre' } });

    expect(over.status).toBe(429);
    expect((await me.call('GET', '/my-file')).body.needs).toHaveLength(DEFAULT_QUOTAS.personWrites);
  });

  it('« Je ne connais pas ce professionnel » flags the member for the others and tells the référent, once', async () => {
    const { advisor, worker, me, personId } = await followed();

    const flagged = await me.call('POST', `/my-file/team/${worker.id}/unknown`);
    const again = await me.call('POST', `/my-file/team/${worker.id}/unknown`);
    await workers.drain();

    expect(flagged).toMatchObject({ status: 200, body: { proId: worker.id, flaggedUnknownAt: expect.any(String) } });
    expect(again.body.flaggedUnknownAt).toBe(flagged.body.flaggedUnknownAt);
    // Even as « un accompagnement confidentiel », the others see that the person does not know them.
    const members = await advisor.call('GET', `/persons/${personId}/members`);
    expect(members.body.find((m: { proId: string }) => m.proId === worker.id)).toMatchObject({ confidential: true, flaggedUnknownAt: flagged.body.flaggedUnknownAt });
    const told = (await workers.mailbox(advisor.claims.email)).filter((mail) => mail.subject.startsWith('Une personne dit ne pas connaître'));
    expect(told).toHaveLength(1);
    expect(told[0]!.replyTo).toEqual([]);
    expect((await workers.mailbox(worker.claims.email)).some((mail) => mail.subject.startsWith('Une personne dit ne pas connaître'))).toBe(false);
    const audit = await advisor.call('GET', `/persons/${personId}/audit`);
    expect(audit.body.items.filter((event: { kind: string }) => event.kind === 'member_flagged_unknown')).toEqual([
      expect.objectContaining({ actorId: personId, targetProId: worker.id }),
    ]);
    expect((await me.call('POST', `/my-file/team/${'0'.repeat(26)}/unknown`)).status).toBe(404);
  });

  it('downloads everything GPS holds about me, the same document as the administrators’ export, and the download is in my journal', async () => {
    const { me, personId } = await followed();
    await me.call('POST', '/my-file/needs', { body: { text: 'Un logement plus proche.', category: 'logement' } });

    const exported = await me.call('GET', '/my-file/export');

    expect(exported.status).toBe(200);
    expect(exported.body.person).toMatchObject({ id: personId, needs: [expect.objectContaining({ text: 'Un logement plus proche.' })] });
    expect(exported.body.followUps).toHaveLength(2);
    expect(exported.body.audit.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['person_created', 'need_written', 'exported']));
    expect(Object.keys(exported.body.professionals)).toHaveLength(2);
  });

  it('a person with no file, or the same names with another birth date, finds nothing: a clear 404 on every route', async () => {
    const { lastName } = await followed();
    const nobody = await api.asPerson({ given_name: 'Paul', family_name: 'Inconnu', birthdate: '1990-05-04' });
    const twin = await api.asPerson({ given_name: 'Léa', family_name: lastName, birthdate: '1994-03-13' });

    for (const person of [nobody, twin]) {
      for (const [method, path] of [['GET', '/my-file'], ['GET', '/my-file/journal'], ['GET', '/my-file/export']] as const) {
        const answer = await person.call(method, path);
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ type: '/docs#probleme-no-file', detail: expect.stringMatching(/^Aucun dossier GPS ne correspond à votre identité/) });
      }
    }
  });

  it('a person token never opens a professional route, a professional token never a person’s, a token for both audiences neither', async () => {
    const { advisor, me, personId } = await followed();

    const asPro = await me.call('GET', `/persons/${personId}`);
    const asPerson = await advisor.call('GET', '/my-file');
    const both = await api.issuer.mintPerson(me.pivot, { audience: ['gps-api', 'gps-person-api'] });

    expect(asPro).toMatchObject({ status: 403, body: { type: '/docs#probleme-wrong-token-kind' } });
    expect(asPerson).toMatchObject({ status: 403, body: { type: '/docs#probleme-wrong-token-kind' } });
    expect((await api.request('GET', '/my-file', { token: both })).status).toBe(401);
    expect((await api.request('GET', '/me', { token: both })).status).toBe(401);
  });
});
