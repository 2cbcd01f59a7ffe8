import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '#store/audit.ts';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { testWorkers } from '#tests/support/workers.ts';

const SPIP = { siret: '17690001000013', name: 'SPIP du Rhône', kind: 'spip', departement: '69' } as const;
const CSAPA = { siret: '77990001000019', name: 'CSAPA Le Griffon', kind: 'csapa', departement: '69' } as const;
const ADMIN_EMAIL = 'dpo@exemple.gouv.fr';
const REASON = 'Suivi de la mesure de probation';
const ROLE = 'Conseillère pénitentiaire d’insertion';
let files = 0;
/** Names are letters only: a, b, … z, ba… */
const letters = (n = (files += 1)): string => (n >= 26 ? letters(Math.floor(n / 26)) : '') + String.fromCharCode(97 + (n % 26));

describe('confidential structures: the other members see « un accompagnement confidentiel »', async () => {
  const api = await testApi({ administrators: [`https://portail.exemple.fr/gps-tokens#${ADMIN_EMAIL}`] });
  const workers = await testWorkers(api.store);

  /** A file followed by France Travail, joined by a SPIP officer (a request, accepted). */
  async function group() {
    const advisor = await api.as();
    const officer = await api.as({ organization: SPIP, firstName: 'Nadia', lastName: 'Berthelot', jobTitle: ROLE });
    const { body: person } = await advisor.call('POST', '/persons', { body: { ...newPerson({ lastName: `Conf${letters()}` }), reason: 'Accompagnement RSA' } });
    const asked = await officer.call('POST', `/persons/${person.id}/members`, { body: { reason: REASON, role: ROLE } });
    // A pending requester is shown whole: the members must know who asks before they answer.
    const members = await advisor.call('GET', `/persons/${person.id}/members`);
    expect(members.body.find((m: { proId: string }) => m.proId === officer.id)).toMatchObject({ status: 'pending', organization: SPIP, reason: REASON });
    expect(asked.status).toBe(202);
    expect((await advisor.call('POST', `/persons/${person.id}/join-requests/${officer.id}/accept`)).status).toBe(200);
    return { advisor, officer, personId: person.id as string };
  }

  it('the card’s members carry no name, organization, kind, role or reason of the confidential member; they see everything', async () => {
    const { advisor, officer, personId } = await group();

    const seen = await advisor.call('GET', `/persons/${personId}/members`);
    const mine = await officer.call('GET', `/persons/${personId}/members`);

    expect(seen.status).toBe(200);
    const hidden = seen.body.find((m: { proId: string }) => m.proId === officer.id);
    expect(hidden).toEqual({ proId: officer.id, confidential: true, status: 'active', isReferent: false, startedAt: expect.any(String) });
    for (const secret of ['SPIP', 'spip', REASON, ROLE, 'Berthelot', 'Nadia', SPIP.siret]) expect(JSON.stringify(seen.body)).not.toContain(secret);
    expect(mine.body.find((m: { proId: string }) => m.proId === officer.id)).toMatchObject({ organization: SPIP, reason: REASON, role: ROLE });
    expect(mine.body.find((m: { proId: string }) => m.proId === advisor.id)).toMatchObject({ organization: expect.objectContaining({ kind: 'france_travail' }) });
  });

  it('its contact is not shown; « Demander à être contacté » e-mails the asker’s contact to it, once a day, audited', async () => {
    const { advisor, officer, personId } = await group();

    const reveal = await advisor.call('POST', `/persons/${personId}/members/${officer.id}/contact`);
    const asked = await advisor.call('POST', `/persons/${personId}/members/${officer.id}/contact-request`);
    const again = await advisor.call('POST', `/persons/${personId}/members/${officer.id}/contact-request`);
    const notConfidential = await officer.call('POST', `/persons/${personId}/members/${advisor.id}/contact-request`);
    await workers.drain();

    expect(reveal.status).toBe(403);
    expect(reveal.body.detail).toMatch(/^Cet accompagnement est confidentiel/);
    expect(asked).toMatchObject({ status: 202, body: { sent: true } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/déjà demandé/);
    expect(notConfidential.status).toBe(404);
    // The officer also heard that their request to join was accepted: only the contact request is counted here.
    const mails = (await workers.mailbox(officer.claims.email)).filter((mail) => mail.subject.startsWith('Un membre d’un groupe de suivi demande'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Un membre d’un groupe de suivi demande à vous parler');
    expect(mails[0]!.body.text).toContain(advisor.claims.email);
    expect(mails[0]!.body.text).not.toContain('SPIP');
    const events = (await listAuditEvents(api.store, personId)).items;
    expect(events.filter((e) => e.kind === 'contact_requested')).toEqual([expect.objectContaining({ actorId: advisor.id, targetProId: officer.id })]);
    expect(events.filter((e) => e.kind === 'contact_revealed')).toEqual([]);
  });

  it('the confidential member may show their organization to the group, and hide it again', async () => {
    const { advisor, officer, personId } = await group();

    expect((await officer.call('PATCH', `/persons/${personId}/members/me`, { body: { showsOrganization: true } })).status).toBe(200);
    const shown = (await advisor.call('GET', `/persons/${personId}/members`)).body.find((m: { proId: string }) => m.proId === officer.id);
    expect((await advisor.call('POST', `/persons/${personId}/members/${officer.id}/contact`)).status).toBe(200);
    await officer.call('PATCH', `/persons/${personId}/members/me`, { body: { showsOrganization: false } });
    const hidden = (await advisor.call('GET', `/persons/${personId}/members`)).body.find((m: { proId: string }) => m.proId === officer.id);

    expect(shown).toMatchObject({ organization: SPIP, reason: REASON });
    expect(hidden).toMatchObject({ confidential: true });
    expect(hidden.organization).toBeUndefined();
  });

  it('the export still shows everything: it is the person’s data', async () => {
    const { personId } = await group();
    const admin = await api.as({ email: ADMIN_EMAIL });

    const exported = await admin.call('GET', `/admin/persons/${personId}/export`);

    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain(SPIP.name);
    expect(JSON.stringify(exported.body)).toContain(REASON);
  });

  it('the operator chooses the kinds: a CSAPA by default, none when configured so', async () => {
    const open = await testApi({ confidentialKinds: [] });
    for (const [target, expected] of [
      [api, true],
      [open, false],
    ] as const) {
      const advisor = await target.as();
      const nurse = await target.as({ organization: CSAPA });
      const { body: person } = await advisor.call('POST', '/persons', { body: { ...newPerson({ lastName: `Csapa${letters()}` }), reason: 'Suivi' } });
      await nurse.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Soins' } });
      await advisor.call('POST', `/persons/${person.id}/join-requests/${nurse.id}/accept`);
      const seen = (await advisor.call('GET', `/persons/${person.id}/members`)).body.find((m: { proId: string }) => m.proId === nurse.id);
      expect(Boolean(seen.confidential), `confidential with ${expected ? 'the defaults' : 'none'}`).toBe(expected);
    }
  });
});
