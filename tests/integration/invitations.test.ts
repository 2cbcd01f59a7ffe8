import { describe, expect, it } from 'vitest';
import { INVITATIONS_PER_DAY } from '#domain/invitation.ts';
import { invitationToken } from '#domain/invitation.ts';
import { getFollowUp } from '#store/follow-ups.ts';
import { acceptInvitation, listInvitations } from '#store/invitations.ts';
import { getOutboxEmail } from '#store/outbox.ts';
import { getProfessional } from '#store/professionals.ts';
import { newPerson, proClaims } from '#tests/support/fixtures.ts';
import { TEST_INVITATION_SECRET, testApi } from '#tests/support/api.ts';
import { PAGE_URL, testWorkers } from '#tests/support/workers.ts';
import { deliverDueEmails, deliverEmail } from '../../functions/workers/deliver-email.ts';

const DAY = 86_400_000;
const FRANCE_TRAVAIL = { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' } as const;
const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;

/** The token of the link in an invitation e-mail (the fragment after `#`). */
const tokenIn = (text: string | undefined) => /\/invitation#([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

describe('invitations by e-mail', async () => {
  let clock = new Date('2026-11-23T09:30:00.000Z');
  const api = await testApi({ now: () => clock });
  const workers = await testWorkers(api.store);
  const camille = await api.as({ email: 'camille.durand@francetravail.fr', firstName: 'Camille', lastName: 'Durand', organization: FRANCE_TRAVAIL });
  const person = (await camille.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Invitée' }), reason: 'Suivi' } })).body;

  async function invite(email: string, message?: string) {
    const response = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email, ...(message ? { message } : {}) } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    await workers.drain();
    const [sent] = await workers.mailbox(email);
    return { invitation: response.body, sent, token: tokenIn(sent?.body.text)! };
  }

  it('sends a French e-mail, text and HTML, with nothing about the person but a single-use link', async () => {
    const { invitation, sent, token } = await invite('thomas.petit@envie.fr', 'Bonjour Thomas,\nje te propose de rejoindre le suivi.');

    expect(invitation).toMatchObject({ email: 'thomas.petit@envie.fr', status: 'pending', expiresAt: '2026-12-07T09:30:00.000Z' });
    expect(invitation).not.toHaveProperty('tokenHash');
    expect(sent?.subject).toBe('Camille Durand vous invite à rejoindre un groupe de suivi sur GPS');
    expect(token).toBeDefined();
    expect(sent!.body.text).not.toMatch(/Léa|Invitée|1994/);
    expect(sent!.body.html).toContain(`href="${PAGE_URL}/invitation#${token}"`);
    // Answering reaches Camille, whose contact the e-mail gives, phone in pairs of digits.
    expect(sent!.replyTo).toEqual(['camille.durand@francetravail.fr']);
    expect(sent!.body.text).toContain('Camille Durand, France Travail Lyon Part-Dieu, vous invite');
    expect(sent!.body.text).toContain('E-mail : camille.durand@francetravail.fr\nTéléphone : 06 12 34 56 78');
    expect(sent!.body.text).not.toContain('·');
    await expect(sent!.body.text!.replaceAll(token, '<jeton>')).toMatchFileSnapshot('__snapshots__/invitation-email.txt');
    await expect(sent!.body.html!.replaceAll(token, '<jeton>')).toMatchFileSnapshot('__snapshots__/invitation-email.html');
  });

  it('a link that expires on the first of the month says « 1er »', async () => {
    const before = clock;
    clock = new Date('2026-11-17T09:30:00.000Z');
    try {
      const { sent } = await invite('thomas.premier@envie.fr');
      expect(sent!.body.text).toContain('expire le 1er décembre 2026.');
    } finally {
      clock = before;
    }
  });

  it('the link works once: the invitee joins with source "invitation", a second use is refused', async () => {
    const { token } = await invite('thomas.petit2@envie.fr');
    const thomas = await api.as({ email: 'thomas.petit2@envie.fr', organization: SIAE });

    const opened = await thomas.call('POST', '/invitations/open', { body: { token } });
    expect(opened.body).toMatchObject({ addressedToMe: true, inviter: { firstName: 'Camille' }, person: { lastName: 'Invitée' } });

    const accepted = await thomas.call('POST', '/invitations/accept', { body: { token } });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ personId: person.id, status: 'active', source: 'invitation' });
    expect((await thomas.call('GET', `/persons/${person.id}`)).status).toBe(200);

    const again = await thomas.call('POST', '/invitations/accept', { body: { token } });
    expect(again.status).toBe(410);
    expect(again.body.detail).toMatch(/déjà été utilisée/);
    const other = await api.as();
    expect((await other.call('POST', '/invitations/open', { body: { token } })).status).toBe(410);
  });

  it('the invitee may refuse it: the link stops working, the inviter is told, the refusal is in the journal; nobody else may refuse it', async () => {
    const { token, invitation } = await invite('ines.refus@envie.fr');
    const ines = await api.as({ email: 'ines.refus@envie.fr', firstName: 'Inès', lastName: 'Refus', organization: SIAE });
    const holder = await api.as();

    const notMine = await holder.call('POST', '/invitations/decline', { body: { token } });
    const declined = await ines.call('POST', '/invitations/decline', { body: { token } });
    await workers.drain();

    expect(notMine.status).toBe(403);
    expect(declined).toMatchObject({ status: 200, body: { declined: true } });
    const accept = await ines.call('POST', '/invitations/accept', { body: { token } });
    expect(accept.status).toBe(410);
    expect(accept.body.detail).toMatch(/^Vous avez refusé cette invitation/);
    expect((await ines.call('POST', '/invitations/decline', { body: { token } })).status).toBe(410);
    const [told, ...more] = (await workers.mailbox('camille.durand@francetravail.fr')).filter((mail) => mail.subject === 'Votre invitation à rejoindre un groupe de suivi a été refusée');
    expect(told!.body.text).toContain('Inès Refus, Envie Rhône, a refusé votre invitation');
    expect(told!.replyTo).toEqual(['ines.refus@envie.fr']);
    expect(more).toEqual([]);
    expect((await listInvitations(api.store, person.id)).find((i) => i.id === invitation.id)).toMatchObject({ status: 'declined', declinedBy: ines.id });
    const journal = await camille.call('GET', `/persons/${person.id}/audit`);
    expect(journal.body.items.find((event: { kind: string }) => event.kind === 'invitation_declined')).toMatchObject({ actorId: ines.id, targetProId: camille.id });
  });

  it('of two simultaneous acceptances, exactly one joins', async () => {
    const { token } = await invite('double@envie.fr');
    const invitee = await api.as({ email: 'double@envie.fr' });

    const answers = await Promise.all([0, 1].map(() => invitee.call('POST', '/invitations/accept', { body: { token } })));

    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(201);
    expect([409, 410]).toContain(statuses[1]);
  });

  it('of two holders of the link with other addresses asking at once, exactly one request goes through', async () => {
    const { token } = await invite('double.demande@envie.fr');
    const [a, b] = await Promise.all([api.as(), api.as()]);

    const answers = await Promise.all([a, b].map((who) => who.call('POST', '/invitations/accept', { body: { token } })));

    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(202);
    expect([409, 410]).toContain(statuses[1]);
    const members = (await camille.call('GET', `/persons/${person.id}/members`)).body as { proId: string }[];
    expect(members.filter((m) => m.proId === a.id || m.proId === b.id)).toHaveLength(1);
  });

  it('an expired link is refused with a clear message', async () => {
    const { token } = await invite('lent@envie.fr');
    const late = await api.as({ email: 'lent@envie.fr' });
    clock = new Date(clock.getTime() + 15 * DAY);
    try {
      const response = await late.call('POST', '/invitations/accept', { body: { token } });
      expect(response.status).toBe(410);
      expect(response.body.detail).toMatch(/a expiré/);
      expect((await camille.call('GET', `/persons/${person.id}/invitations`)).body.find((i: { email: string }) => i.email === 'lent@envie.fr').status).toBe('expired');
    } finally {
      clock = new Date(clock.getTime() - 15 * DAY);
    }
  });

  it('a revoked link is refused, and an unknown one too', async () => {
    const { invitation, token } = await invite('annule@envie.fr');
    expect((await camille.call('POST', `/persons/${person.id}/invitations/${invitation.id}/revoke`)).body.status).toBe('revoked');
    const invitee = await api.as({ email: 'annule@envie.fr' });

    const revoked = await invitee.call('POST', '/invitations/accept', { body: { token } });
    expect(revoked.status).toBe(410);
    expect(revoked.body.detail).toMatch(/annulée/);
    const unknown = await invitee.call('POST', '/invitations/open', { body: { token: 'A'.repeat(43) } });
    expect(unknown.status).toBe(410);
    expect(unknown.body.detail).toMatch(/n’est pas valable/);
  });

  it('someone signed in with another address only asks to join: a pending request the members answer, never a membership', async () => {
    const { invitation, token } = await invite('boite.partagee@envie.fr');
    const colleague = await api.as({ email: 'personnel@envie.fr', organization: SIAE });

    const opened = await colleague.call('POST', '/invitations/open', { body: { token } });
    expect(opened.body.addressedToMe).toBe(false);
    expect(opened.body).not.toHaveProperty('person');
    const asked = await colleague.call('POST', '/invitations/accept', { body: { token, confirmDifferentEmail: true } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toMatchObject({ proId: colleague.id, status: 'pending', source: 'invitation' });
    expect(asked.body).not.toHaveProperty('person');
    expect((await colleague.call('GET', `/persons/${person.id}`)).status).toBe(404);

    // The members see a request like any other, and answer it.
    const members = (await camille.call('GET', `/persons/${person.id}/members`)).body as { proId: string; status: string }[];
    expect(members.find((m) => m.proId === colleague.id)?.status).toBe('pending');
    // What the stream consumer derives (the members' e-mail, and their list of requests to answer) is there once it ran.
    await workers.drain();
    const requests = (await camille.call('GET', '/join-requests')).body as { personId: string; requester: { proId: string } }[];
    expect(requests.some((r) => r.personId === person.id && r.requester.proId === colleague.id)).toBe(true);
    expect((await workers.mailbox(camille.claims.email)).map((e) => e.subject)).toContain('Une demande pour rejoindre un groupe de suivi attend votre réponse');

    // One request per link: a second holder is refused; the link stays pending for its addressee.
    const another = await api.as({ email: 'quelqu.un@asso.fr' });
    expect((await another.call('POST', '/invitations/accept', { body: { token } })).status).toBe(410);
    expect((await another.call('POST', '/invitations/open', { body: { token } })).status).toBe(410);
    expect((await camille.call('GET', `/persons/${person.id}/invitations`)).body.find((i: { id: string }) => i.id === invitation.id)).toMatchObject({
      status: 'pending',
      requestedBy: colleague.id,
    });
    const addressee = await api.as({ email: 'boite.partagee@envie.fr', organization: SIAE });
    expect((await addressee.call('POST', '/invitations/accept', { body: { token } })).status).toBe(201);

    const accepted = await camille.call('POST', `/persons/${person.id}/join-requests/${colleague.id}/accept`);
    expect(accepted.body).toMatchObject({ status: 'active', source: 'invitation' });
    expect((await colleague.call('GET', `/persons/${person.id}`)).status).toBe(200);
  });

  it('no answer to the holder of a link ever tells the invited address', async () => {
    const address = 'adresse.secrete@envie.fr';
    const { invitation, token } = await invite(address);
    const holder = await api.as({ email: 'detenteur@asso.fr' });
    const other = await api.as({ email: 'autre.detenteur@asso.fr' });
    const answers = [
      await holder.call('POST', '/invitations/open', { body: { token } }),
      await holder.call('POST', '/invitations/accept', { body: { token } }),
      await holder.call('POST', '/invitations/accept', { body: { token, confirmDifferentEmail: true } }),
      await other.call('POST', '/invitations/open', { body: { token } }),
      await other.call('POST', '/invitations/accept', { body: { token, confirmDifferentEmail: true } }),
    ];
    await camille.call('POST', `/persons/${person.id}/invitations/${invitation.id}/revoke`);
    answers.push(await holder.call('POST', '/invitations/open', { body: { token } }), await other.call('POST', '/invitations/accept', { body: { token } }));

    for (const answer of answers) {
      const seen = `${JSON.stringify(answer.body)} ${[...answer.headers.values()].join(' ')}`.toLowerCase();
      expect(seen).not.toContain('adresse.secrete');
      expect(seen).not.toContain('@envie.fr');
    }
    expect(answers.map((a) => a.status)).toEqual([200, 202, 410, 410, 410, 410, 410]);
  });

  it('a link whose inviter’s follow-up ended is gone (410), even once they are back', async () => {
    const dominique = await api.as({ firstName: 'Dominique', organization: FRANCE_TRAVAIL });
    const sacha = await api.as({ firstName: 'Sacha', organization: FRANCE_TRAVAIL });
    await dominique.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    await sacha.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Emploi' } });
    const inviteAs = async (who: typeof dominique, email: string) => {
      const sent = await who.call('POST', `/persons/${person.id}/invitations`, { body: { email } });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      return invitationToken(TEST_INVITATION_SECRET, sent.body.id);
    };
    const left = await inviteAs(dominique, 'invitee.partie@envie.fr');
    const removed = await inviteAs(sacha, 'invitee.retiree@envie.fr');
    expect((await dominique.call('PATCH', `/persons/${person.id}/members/me`, { body: { ended: true } })).status).toBe(200);
    expect((await camille.call('POST', `/persons/${person.id}/members/${sacha.id}/remove`, { body: { reason: 'Erreur de dossier' } })).status).toBe(200);

    for (const [email, token] of [['invitee.partie@envie.fr', left], ['invitee.retiree@envie.fr', removed]] as const) {
      const invitee = await api.as({ email });
      const opened = await invitee.call('POST', '/invitations/open', { body: { token } });
      expect(opened.status).toBe(410);
      expect(opened.body.detail).toMatch(/ne fait plus partie du groupe de suivi/);
      const accepted = await invitee.call('POST', '/invitations/accept', { body: { token } });
      expect(accepted.status).toBe(410);
      expect(accepted.body.detail).toMatch(/ne fait plus partie du groupe de suivi/);
      expect((await invitee.call('GET', `/persons/${person.id}`)).status).toBe(404);
    }

    // Back a minute later: a new period of follow-up, which the old link does not belong to.
    clock = new Date(clock.getTime() + 60_000);
    try {
      expect((await dominique.call('POST', `/persons/${person.id}/members`, { body: { reason: 'De retour' } })).status).toBe(201);
      const late = await api.as({ email: 'invitee.partie@envie.fr' });
      expect((await late.call('POST', '/invitations/accept', { body: { token: left } })).status).toBe(410);
    } finally {
      clock = new Date(clock.getTime() - 60_000);
    }
  });

  it('the inviter leaving while the invitee accepts: the transaction checks the inviter, the invitee does not join', async () => {
    const claude = await api.as({ firstName: 'Claude', organization: FRANCE_TRAVAIL });
    await claude.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    const sent = await claude.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'course@envie.fr' } });
    const invitation = (await listInvitations(api.store, person.id)).find((i) => i.id === sent.body.id)!;
    const invitee = await api.as({ email: 'course@envie.fr' });
    const pro = (await getProfessional(api.store, invitee.id))!;
    // Read as usable, then the inviter leaves before the acceptance is written.
    expect((await claude.call('PATCH', `/persons/${person.id}/members/me`, { body: { ended: true } })).status).toBe(200);

    await expect(acceptInvitation(api.store, pro, invitation, { reason: 'Sur invitation' })).rejects.toMatchObject({ kind: 'gone', message: expect.stringMatching(/ne fait plus partie/) });
    expect(await getFollowUp(api.store, person.id, invitee.id)).toBeUndefined();
  });

  it('a message with a link is refused (400), and nothing is stored or sent', async () => {
    const before = (await camille.call('GET', `/persons/${person.id}/invitations`)).body.length;
    const messages = [
      'Connecte-toi ici : https://gps-connexion.exemple/login',
      'Voir http://exemple.fr',
      'Le dossier est sur www.exemple.com',
      'Rendez-vous sur exemple.com/connexion pour valider',
      'Valide sur gps-securite.fr avant vendredi',
      'Écris-moi à support@gps-aide.fr',
      'ｈｔｔｐｓ：／／gps-connexion.fr',
      'gps\u200b.fr/login',
    ];
    for (const [i, message] of messages.entries()) {
      const email = `lien.${i}@envie.fr`;
      const response = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email, message } });
      expect(response.status, message).toBe(400);
      expect(response.body.detail).toMatch(/ne peut contenir ni lien/);
      await workers.drain();
      expect(await workers.mailbox(email)).toEqual([]);
    }
    const tooLong = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'long@envie.fr', message: 'a'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toMatch(/500 caractères/);
    expect((await camille.call('GET', `/persons/${person.id}/invitations`)).body).toHaveLength(before);

    const plain = await camille.call('POST', `/persons/${person.id}/invitations`, {
      body: { email: 'sans.lien@envie.fr', message: 'Bonjour, M. Dupont t’appellera au 06.12.34.56.78 pour la garde du mercredi. Etc.' },
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
  });

  it('inviting a current member is refused', async () => {
    const member = await api.as({ email: 'deja.membre@francetravail.fr' });
    await member.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });

    const response = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'Deja.Membre@francetravail.fr' } });
    expect(response.status).toBe(409);
  });

  it(`allows ${INVITATIONS_PER_DAY} invitations a day per inviter, then answers 429 with Retry-After`, async () => {
    const busy = await api.as();
    const own = (await busy.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Quota' }), reason: 'Suivi' } })).body;
    const send = (i: number) => busy.call('POST', `/persons/${own.id}/invitations`, { body: { email: `quota.${i}@exemple.fr` } });

    const statuses = await Promise.all(Array.from({ length: INVITATIONS_PER_DAY + 5 }, (_, i) => send(i)));
    const over = statuses.filter((r) => r.status === 429);

    expect(statuses.filter((r) => r.status === 201)).toHaveLength(INVITATIONS_PER_DAY);
    expect(over).toHaveLength(5);
    expect(Number(over[0]!.headers.get('retry-after'))).toBe(14 * 3600 + 30 * 60);
    expect(over[0]!.body.detail).toMatch(/Réessayez demain/);
    expect((await busy.call('GET', `/persons/${own.id}/invitations`)).body).toHaveLength(INVITATIONS_PER_DAY);
  });

  it('SES down: the invitation stays, is retried, and is delivered once when SES is back', async () => {
    await workers.drain();
    await workers.stopSes();
    const response = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'patient@envie.fr' } });
    expect(response.status).toBe(201);
    await workers.drain();
    const queued = await getOutboxEmail(api.store, `invitation.${response.body.id}`);
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.any(String) });
    expect(await deliverDueEmails(workers.deps)).toMatchObject({ sent: 0 });

    await workers.restartSes();
    clock = new Date(clock.getTime() + 60_000);
    const tally = await deliverDueEmails(workers.deps);
    await Promise.all([deliverDueEmails(workers.deps), deliverEmail(workers.deps, `invitation.${response.body.id}`), workers.drain()]);

    expect(tally.sent).toBe(1);
    expect(await workers.mailbox('patient@envie.fr')).toHaveLength(1);
    expect(await getOutboxEmail(api.store, `invitation.${response.body.id}`)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(tokenIn((await workers.mailbox('patient@envie.fr'))[0]!.body.text)).toBeDefined();
  });

  it('an e-mail claimed by several senders at once goes out once', async () => {
    await workers.drain();
    await workers.stopSes();
    const response = await camille.call('POST', `/persons/${person.id}/invitations`, { body: { email: 'une.fois@envie.fr' } });
    await workers.drain();
    await workers.restartSes();
    clock = new Date(clock.getTime() + 60_000);

    const outcomes = await Promise.all(Array.from({ length: 8 }, () => deliverEmail(workers.deps, `invitation.${response.body.id}`)));

    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(await workers.mailbox('une.fois@envie.fr')).toHaveLength(1);
  });

  it('the invitation and its acceptance are in the audit log', async () => {
    const kinds = (await camille.call('GET', `/persons/${person.id}/audit?limit=100`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain('invitation_sent');
    expect(kinds).toContain('invitation_accepted');
    expect(kinds).toContain('invitation_revoked');
  });
});

describe('notifications', async () => {
  const api = await testApi();
  const workers = await testWorkers(api.store);

  it('tell members who joined or asks to join, and the former referent who replaced them; opt-outs are respected', async () => {
    const referent = await api.as({ organization: FRANCE_TRAVAIL });
    const member = await api.as({ organization: FRANCE_TRAVAIL });
    const quiet = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await referent.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Notifiée' }), reason: 'Suivi' } })).body;
    await referent.call('PATCH', `/persons/${person.id}/members/me`, { body: { isReferent: true } });
    await member.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    await quiet.call('PATCH', '/me', { body: { notifications: { memberJoined: false, joinRequested: false } } });
    await quiet.call('POST', `/persons/${person.id}/members`, { body: { reason: 'Logement' } });
    await workers.drain();
    const before = new Set((await workers.mailbox()).map((e) => `${e.destination.to[0]}|${e.subject}`));

    const siae = await api.as(proClaims({ firstName: 'Thomas', lastName: 'Petit', organization: SIAE }));
    await siae.call('POST', `/persons/${person.id}/members`, { body: { reason: 'IAE' } });
    await member.call('PATCH', `/persons/${person.id}/members/me`, { body: { isReferent: true } });
    await workers.drain();
    await workers.drain();
    const after = (await workers.mailbox()).filter((e) => !before.has(`${e.destination.to[0]}|${e.subject}`));
    const received = (who: { claims: { email: string } }) => after.filter((e) => e.destination.to[0] === who.claims.email).map((e) => e.subject);

    expect(received(referent)).toEqual([
      'Une demande pour rejoindre un groupe de suivi attend votre réponse',
      'La référence de parcours d’une personne que vous accompagnez a changé',
    ]);
    expect(received(member)).toEqual(['Une demande pour rejoindre un groupe de suivi attend votre réponse']);
    expect(received(quiet)).toEqual([]);
    expect(received(siae)).toEqual([]);
    const request = after.find((e) => e.destination.to[0] === referent.claims.email)!;
    expect(request.body.text).toContain('Thomas Petit, Envie Rhône, demande à rejoindre');
    // Answering the request writes to the one who asked, not to GPS's no-reply address.
    expect(request.replyTo).toEqual([siae.claims.email]);
    expect(request.body.text).not.toContain('Notifiée');
    // The link leads to the person's page, where the request is answered.
    expect(request.body.text).toContain(`Répondre à la demande : ${PAGE_URL}/personnes/${person.id}`);
    expect((await quiet.call('GET', '/me')).body.notifications).toEqual({ memberJoined: false, joinRequested: false, referentReplaced: true, personNeeds: false });
  });

  it('an event delivered twice queues its e-mails once', async () => {
    const a = await api.as({ organization: FRANCE_TRAVAIL });
    const b = await api.as({ organization: FRANCE_TRAVAIL });
    const person = (await a.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Rejouée' }), reason: 'Suivi' } })).body;
    await b.call('POST', `/persons/${person.id}/members`, { body: { reason: 'RSA' } });
    await workers.drain();
    const { items } = (await a.call('GET', `/persons/${person.id}/audit`)).body;
    const joined = items.find((e: { kind: string }) => e.kind === 'joined');
    const { notifyAbout } = await import('../../functions/workers/notify-members.ts');

    expect(await notifyAbout(workers.deps, joined)).toBe(0);
    await workers.drain();
    expect(await workers.mailbox(a.claims.email)).toHaveLength(1);
  });
});
