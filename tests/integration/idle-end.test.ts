import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '#domain/audit-event.ts';
import { listAuditEvents, recordAccess } from '#store/audit.ts';
import { becomeReferent, endFollowUp, getFollowUp, join } from '#store/follow-ups.ts';
import { createPerson, getPerson } from '#store/persons.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { testStore } from '#tests/support/store.ts';
import { endIdleFollowUps } from '../../functions/workers/end-idle-follow-ups.ts';

const at = (iso: string) => new Date(iso);

describe('follow-ups idle for two years end by themselves', () => {
  it('ends exactly the idle ones (automatic, by GPS), leaves the others, and does nothing twice', async () => {
    let now = at('2024-01-10T09:00:00.000Z');
    const store = await testStore({ now: () => now });
    const [idle, busy] = [await registerPro(store), await registerPro(store)];
    const person = await createPerson(store, idle, newPerson({ lastName: 'Oubliée' }), { reason: 'Suivi' });
    await becomeReferent(store, (await getFollowUp(store, person.id, idle.id))!, undefined);
    await join(store, busy, person.id, { reason: 'RSA', mode: 'direct', source: 'self' });
    now = at('2025-03-01T09:00:00.000Z');
    await recordAccess(store, { personId: person.id, actorId: busy.id, kind: 'card_read' });

    now = at('2026-01-10T09:00:01.000Z');
    const first = await endIdleFollowUps(store);
    const second = await endIdleFollowUps(store);

    expect(first).toEqual({ ended: 1, skipped: 0, complete: true });
    expect(second).toEqual({ ended: 0, skipped: 0, complete: true });
    expect(await getFollowUp(store, person.id, idle.id)).toMatchObject({ status: 'ended', endReason: 'automatic', isReferent: false, endedAt: now.toISOString() });
    expect(await getFollowUp(store, person.id, busy.id)).toMatchObject({ status: 'active' });
    expect((await getPerson(store, person.id))!.referentProId).toBeUndefined();
    const [event] = (await listAuditEvents(store, person.id)).items;
    expect(event).toMatchObject({ kind: 'follow_up_ended', actorId: SYSTEM_ACTOR, targetProId: idle.id });

    now = at('2027-03-01T09:00:01.000Z');
    expect(await endIdleFollowUps(store)).toMatchObject({ ended: 1 });
    expect(await getFollowUp(store, person.id, busy.id)).toMatchObject({ status: 'ended', endReason: 'automatic' });
  });

  it('a member active since the link was read keeps it', async () => {
    let now = at('2024-01-10T09:00:00.000Z');
    const store = await testStore({ now: () => now });
    const pro = await registerPro(store);
    const person = await createPerson(store, pro, newPerson({ lastName: 'Revenue' }), { reason: 'Suivi' });
    now = at('2026-02-01T09:00:00.000Z');
    const stale = (await getFollowUp(store, person.id, pro.id))!;
    await recordAccess(store, { personId: person.id, actorId: pro.id, kind: 'card_read' });

    await expect(endFollowUp(store, stale, { reason: 'automatic' })).rejects.toMatchObject({ kind: 'conflict' });
    expect(await getFollowUp(store, person.id, pro.id)).toMatchObject({ status: 'active' });
  });

  it('works in pages, and a run cut short is finished by the next one', async () => {
    let now = at('2024-01-10T09:00:00.000Z');
    const store = await testStore({ now: () => now });
    const pro = await registerPro(store);
    for (let i = 0; i < 12; i += 1) {
      await createPerson(store, pro, newPerson({ lastName: `Page${String.fromCharCode(97 + i)}` }), { reason: 'Suivi' });
    }
    now = at('2026-06-01T09:00:00.000Z');

    let pages = 0;
    const cut = await endIdleFollowUps(store, { pageSize: 5, timeLeftMs: () => (++pages < 3 ? 60_000 : 0) });
    const rest = await endIdleFollowUps(store, { pageSize: 5 });

    expect(cut.complete).toBe(false);
    expect(cut.ended).toBeGreaterThan(0);
    expect(cut.ended).toBeLessThan(12);
    expect(rest).toMatchObject({ complete: true, ended: 12 - cut.ended });
  });
});
