import { beforeEach, describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import type { Professional } from '#domain/professional.ts';
import { addAction, listActions } from '#store/actions.ts';
import { listAuditEvents } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { answerJoinRequest, becomeReferent, endFollowUp, getFollowUp, join, listFollowUps } from '#store/follow-ups.ts';
import { createPerson, readCard, updatePerson } from '#store/persons.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { testStore } from '#tests/support/store.ts';

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;

const errorKind = (promise: Promise<unknown>) =>
  promise.then(
    () => 'fulfilled',
    (error) => (isDomainError(error) ? error.kind : `unexpected: ${error}`),
  );

describe('the follow-up group of a person', () => {
  let store: Store;
  let clock: Date;
  let advisor: Professional;
  let coach: Professional;
  let personId: string;

  const tick = () => {
    clock = new Date(clock.getTime() + 60_000);
  };

  beforeEach(async () => {
    clock = new Date('2026-01-05T09:00:00.000Z');
    store = await testStore({ now: () => clock });
    advisor = await registerPro(store);
    coach = await registerPro(store, { organization: SIAE });
    ({ id: personId } = await createPerson(store, advisor, newPerson(), { reason: 'Accompagnement global', role: 'Conseillère' }));
  });

  it('a coach asks to join, a member accepts, and the coach becomes a member', async () => {
    tick();
    const request = await join(store, coach, personId, { reason: 'Parcours IAE', mode: 'request', source: 'self' });
    expect(request.status).toBe('pending');
    expect(await errorKind(join(store, coach, personId, { reason: 'Encore', mode: 'request', source: 'self' }))).toBe(
      'already_exists',
    );
    expect(await errorKind(addAction(store, coach, personId, { date: '2026-01-05', category: 'emploi', text: 'CV' }))).toBe(
      'not_found',
    );

    tick();
    const group = (await readCard(store, personId))!.members;
    await answerJoinRequest(store, advisor.id, request, true, group);

    const link = await getFollowUp(store, personId, coach.id);
    expect(link).toMatchObject({ status: 'active', startedAt: clock.toISOString() });
    // The coach meets the group as it was: the advisor who accepted (the stats count that pair).
    expect((await listAuditEvents(store, personId)).items.find((event) => event.kind === 'join_accepted')).toMatchObject({ actorId: advisor.id, targetProId: coach.id, peers: [advisor.id] });
    expect(await errorKind(answerJoinRequest(store, advisor.id, request, true, group))).toBe('not_found');
    const current = await listFollowUps(store, coach.id, 'current');
    expect(current.items.map((l) => l.personId)).toEqual([personId]);
    expect((await listFollowUps(store, coach.id, 'pending')).items).toEqual([]);
  });

  it('a declined request is kept and may be asked again', async () => {
    const request = await join(store, coach, personId, { reason: 'Parcours IAE', mode: 'request', source: 'self' });
    tick();
    await answerJoinRequest(store, advisor.id, request, false, (await readCard(store, personId))!.members);
    expect(await getFollowUp(store, personId, coach.id)).toMatchObject({ status: 'declined', endedAt: clock.toISOString() });

    tick();
    const again = await join(store, coach, personId, { reason: 'Nouvelle orientation', mode: 'request', source: 'self' });
    expect(again.status).toBe('pending');
  });

  it('only an active member answers a request', async () => {
    const request = await join(store, coach, personId, { reason: 'Parcours IAE', mode: 'request', source: 'self' });
    const stranger = await registerPro(store);

    expect(await errorKind(answerJoinRequest(store, stranger.id, request, true, (await readCard(store, personId))!.members))).toBe('not_found');
    expect(await getFollowUp(store, personId, coach.id)).toMatchObject({ status: 'pending' });
  });

  it('a referent who ends the follow-up leaves the role, stays in the history, and may rejoin', async () => {
    const me = (await getFollowUp(store, personId, advisor.id))!;
    await becomeReferent(store, me, undefined);
    tick();

    await endFollowUp(store, { ...me, isReferent: true }, { reason: 'manual' });

    const card = (await readCard(store, personId))!;
    expect(card.person.referentProId).toBeUndefined();
    expect(card.members).toEqual([
      expect.objectContaining({ proId: advisor.id, status: 'ended', endReason: 'manual', isReferent: false }),
    ]);
    expect((await listFollowUps(store, advisor.id, 'ended')).items).toHaveLength(1);
    expect((await listFollowUps(store, advisor.id, 'current')).items).toHaveLength(0);
    expect(await errorKind(updatePerson(store, advisor.id, personId, 1, { summary: 'x' }))).toBe('not_found');

    tick();
    await join(store, advisor, personId, { reason: 'Reprise du suivi', mode: 'direct', source: 'self' });
    expect(await getFollowUp(store, personId, advisor.id)).toMatchObject({ status: 'active', reason: 'Reprise du suivi' });
    expect((await listFollowUps(store, advisor.id, 'ended')).items).toHaveLength(0);
  });

  it('taking the referent role moves the flag: the former referent stays a member', async () => {
    await join(store, coach, personId, { reason: 'Parcours IAE', mode: 'direct', source: 'self' });
    const advisorLink = (await getFollowUp(store, personId, advisor.id))!;
    await becomeReferent(store, advisorLink, undefined);
    const coachLink = (await getFollowUp(store, personId, coach.id))!;

    await becomeReferent(store, coachLink, { ...advisorLink, isReferent: true });

    const card = (await readCard(store, personId))!;
    expect(card.person.referentProId).toBe(coach.id);
    expect(card.members.map((m) => [m.proId, m.status, m.isReferent]).sort()).toEqual(
      [
        [advisor.id, 'active', false],
        [coach.id, 'active', true],
      ].sort(),
    );
    expect(await errorKind(becomeReferent(store, advisorLink, undefined))).toBe('conflict');
  });

  it('actions are added by members only, newest first, paginated', async () => {
    for (const text of ['Inscription', 'Atelier CV', 'Entretien']) {
      tick();
      await addAction(store, advisor, personId, { date: '2026-01-05', category: 'emploi', text });
    }

    const first = await listActions(store, personId, { limit: 2 });
    const second = await listActions(store, personId, { limit: 2, cursor: first.cursor });

    expect(first.items.map((a) => a.text)).toEqual(['Entretien', 'Atelier CV']);
    expect(second.items.map((a) => a.text)).toEqual(['Inscription']);
    expect(await errorKind(addAction(store, coach, personId, { date: '2026-01-05', category: 'autre', text: 'x' }))).toBe(
      'not_found',
    );
  });

  it('refuses a cursor that was forged or taken from another list', async () => {
    const other = await createPerson(store, advisor, newPerson({ lastName: 'Moreau' }), { reason: 'Suivi' });
    const page = await listFollowUps(store, advisor.id, 'current', { limit: 1 });
    expect(page.cursor).toBeDefined();

    expect(await errorKind(listFollowUps(store, coach.id, 'current', { cursor: page.cursor }))).toBe('validation');
    expect(await errorKind(listFollowUps(store, advisor.id, 'ended', { cursor: page.cursor }))).toBe('validation');
    expect(await errorKind(listFollowUps(store, advisor.id, 'current', { cursor: 'pas-un-curseur' }))).toBe('validation');
    expect(await errorKind(listActions(store, other.id, { cursor: page.cursor }))).toBe('validation');
    // Inside one's own list, but not a key of it: an extra attribute, a missing one.
    const own = JSON.parse(Buffer.from(page.cursor!, 'base64url').toString()) as Record<string, string>;
    const forged = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const { SK: _sk, ...withoutSk } = own;
    for (const key of [{ ...own, extra: 'x' }, withoutSk, { GSI1PK: own.GSI1PK!, GSI1SK: own.GSI1SK! }]) {
      expect(await errorKind(listFollowUps(store, advisor.id, 'current', { cursor: forged(key) })), JSON.stringify(key)).toBe('validation');
    }
    const next = await listFollowUps(store, advisor.id, 'current', { limit: 1, cursor: page.cursor });
    expect(next.items).toHaveLength(1);
  });

  it('records every write in the audit, newest first', async () => {
    tick();
    await join(store, coach, personId, { reason: 'Parcours IAE', mode: 'direct', source: 'self' });
    tick();
    await updatePerson(store, coach.id, personId, 1, { summary: 'Entrée en chantier d’insertion' });

    const events = await listAuditEvents(store, personId);

    expect(events.items.map((e) => [e.kind, e.actorId])).toEqual([
      ['person_updated', coach.id],
      ['joined', coach.id],
      ['person_created', advisor.id],
    ]);
  });
});
