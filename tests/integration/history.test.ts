import { describe, expect, it } from 'vitest';
import { endFollowUp, getFollowUp } from '#store/follow-ups.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { testApi } from '#tests/support/api.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { testWorkers } from '#tests/support/workers.ts';

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
const DEPARTEMENT = { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' } as const;

/**
 * A group's history stays coherent whatever happens to its links: every ended link says when
 * and why, a rejoin opens a new period and keeps the earlier ones, and a member another member
 * removed comes back only by asking.
 */
describe('the history of a follow-up group', async () => {
  const api = await testApi();
  const workers = await testWorkers(api.store);
  let names = 0;
  const file = async () => {
    const creator = await api.as();
    const created = await creator.call('POST', '/persons', { body: { ...newPerson({ lastName: `Histoire${String.fromCharCode(97 + (names += 1))}` }), reason: 'Accompagnement' } });
    expect(created.status).toBe(201);
    return { creator, personId: created.body.id as string };
  };
  const membersOf = async (caller: Awaited<ReturnType<typeof api.as>>, personId: string) =>
    (await caller.call('GET', `/persons/${personId}/members`)).body as { proId: string; status: string; startedAt: string; endedAt?: string; endReason?: string; endNote?: string; earlierPeriods?: unknown[] }[];

  it('every ended link has both endedAt and endReason, after an accept, a decline, an end, an automatic end and a removal', async () => {
    const { creator, personId } = await file();
    const accepted = await api.as({ organization: SIAE });
    const declined = await api.as({ organization: SIAE });
    const leaving = await api.as({ organization: DEPARTEMENT });
    const idle = await api.as({ organization: DEPARTEMENT });
    const intruder = await api.as({ organization: DEPARTEMENT });
    for (const pro of [accepted, declined]) expect((await pro.call('POST', `/persons/${personId}/members`, { body: { reason: 'IAE' } })).status).toBe(202);
    for (const pro of [leaving, idle, intruder]) expect((await pro.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
    expect((await creator.call('POST', `/persons/${personId}/join-requests/${accepted.id}/accept`)).status).toBe(200);
    expect((await creator.call('POST', `/persons/${personId}/join-requests/${declined.id}/decline`)).status).toBe(200);
    expect((await leaving.call('PATCH', `/persons/${personId}/members/me`, { body: { ended: true } })).status).toBe(200);
    await endFollowUp(api.store, (await getFollowUp(api.store, personId, idle.id))!, { reason: 'automatic' });
    const removed = await accepted.call('POST', `/persons/${personId}/members/${intruder.id}/remove`, { body: { reason: 'Ne suit pas cette personne' } });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ status: 'ended', endReason: 'removed', endNote: 'Ne suit pas cette personne' });

    const items = await scanTable(api.store);
    expect(invalidItems(items)).toEqual([]);
    const links = items.filter((item) => item.entity === 'follow_up' && item.personId === personId);
    const endOf = (proId: string) => {
      const link = links.find((candidate) => candidate.proId === proId)!;
      return { status: link.status, endReason: link.endReason, ended: typeof link.endedAt === 'string' };
    };
    expect(endOf(accepted.id)).toEqual({ status: 'active', endReason: undefined, ended: false });
    expect(endOf(declined.id)).toEqual({ status: 'declined', endReason: 'declined', ended: true });
    expect(endOf(leaving.id)).toEqual({ status: 'ended', endReason: 'manual', ended: true });
    expect(endOf(idle.id)).toEqual({ status: 'ended', endReason: 'automatic', ended: true });
    expect(endOf(intruder.id)).toEqual({ status: 'ended', endReason: 'removed', ended: true });
  });

  it('rejoining opens a new period; the earlier ones stay on the link, shown to the members', async () => {
    const { creator, personId } = await file();
    const coach = await api.as({ organization: DEPARTEMENT });
    expect((await coach.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
    const first = (await membersOf(creator, personId)).find((member) => member.proId === coach.id)!;
    expect((await coach.call('PATCH', `/persons/${personId}/members/me`, { body: { ended: true } })).status).toBe(200);
    const ended = (await membersOf(creator, personId)).find((member) => member.proId === coach.id)!;
    expect((await coach.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA, reprise' } })).status).toBe(201);
    const again = (await membersOf(creator, personId)).find((member) => member.proId === coach.id)!;
    expect(again.status).toBe('active');
    expect(again.startedAt > first.startedAt).toBe(true);
    expect(again).not.toHaveProperty('endedAt');
    expect(again.earlierPeriods).toEqual([{ startedAt: first.startedAt, endedAt: ended.endedAt, endReason: 'manual' }]);
    // A declined request was no period of membership: it adds none.
    expect(invalidItems(await scanTable(api.store))).toEqual([]);
  });

  describe('removing a member', () => {
    it('is audited, tells the removed professional by e-mail, and moves the référent role away', async () => {
      const { creator, personId } = await file();
      const intruder = await api.as({ organization: DEPARTEMENT });
      expect((await intruder.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
      expect((await intruder.call('PATCH', `/persons/${personId}/members/me`, { body: { isReferent: true } })).status).toBe(200);
      const removed = await creator.call('POST', `/persons/${personId}/members/${intruder.id}/remove`, { body: { reason: 'Inconnu de la personne' } });
      expect(removed.body).toMatchObject({ status: 'ended', endReason: 'removed', isReferent: false });
      expect((await creator.call('GET', `/persons/${personId}`)).body).not.toHaveProperty('referentProId');
      expect((await intruder.call('GET', `/persons/${personId}`)).status).toBe(404);

      const journal = (await creator.call('GET', `/persons/${personId}/audit`)).body.items as { kind: string; actorId: string; targetProId?: string }[];
      expect(journal).toContainEqual(expect.objectContaining({ kind: 'member_removed', actorId: creator.id, targetProId: intruder.id }));

      await workers.drain();
      await workers.drain();
      const [mail] = await workers.mailbox(intruder.claims.email);
      expect(mail?.subject).toBe('Un membre a mis fin à votre suivi d’une personne dans GPS');
      expect(mail?.body.text).toContain(`${creator.claims.firstName} ${creator.claims.lastName}, ${creator.claims.organization.name}, a mis fin`);
      expect(mail?.replyTo).toEqual([creator.claims.email]);
      // Nothing of the person in the e-mail: no name, no note.
      expect(mail?.body.text).not.toMatch(/Histoire|Inconnu de la personne/);
    });

    it('a removed professional of the service public de l’emploi comes back only by asking', async () => {
      const { creator, personId } = await file();
      const advisor = await api.as({ organization: DEPARTEMENT });
      expect((await advisor.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } })).status).toBe(201);
      expect((await creator.call('POST', `/persons/${personId}/members/${advisor.id}/remove`, { body: { reason: 'Erreur de dossier' } })).status).toBe(200);
      const lookup = await advisor.call('POST', '/persons/lookup', { body: newPerson({ lastName: `Histoire${String.fromCharCode(97 + names)}` }).identity });
      expect(lookup.body).toMatchObject({ found: true, myStatus: 'ended', joinMode: 'request' });
      const back = await advisor.call('POST', `/persons/${personId}/members`, { body: { reason: 'RSA' } });
      expect(back.status).toBe(202);
      expect(back.body.status).toBe('pending');
      expect((await creator.call('POST', `/persons/${personId}/join-requests/${advisor.id}/accept`)).status).toBe(200);
    });

    it('refuses removing oneself, a pending requester, or as a non-member', async () => {
      const { creator, personId } = await file();
      const requester = await api.as({ organization: SIAE });
      const stranger = await api.as({ organization: DEPARTEMENT });
      expect((await requester.call('POST', `/persons/${personId}/members`, { body: { reason: 'IAE' } })).status).toBe(202);
      const self = await creator.call('POST', `/persons/${personId}/members/${creator.id}/remove`, { body: { reason: 'x' } });
      expect(self.status).toBe(403);
      expect(self.body.detail).toMatch(/Mettre fin à mon suivi/);
      expect((await creator.call('POST', `/persons/${personId}/members/${requester.id}/remove`, { body: { reason: 'x' } })).status).toBe(404);
      expect((await stranger.call('POST', `/persons/${personId}/members/${creator.id}/remove`, { body: { reason: 'x' } })).status).toBe(404);
      expect((await creator.call('POST', `/persons/${personId}/members/${requester.id}/remove`, { body: {} })).status).toBe(400);
    });
  });
});
