import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '#domain/audit-event.ts';
import type { Professional } from '#domain/professional.ts';
import { DEFAULT_RETENTION } from '#domain/retention.ts';
import { SYSTEM_PROVENANCE } from '#domain/federation.ts';
import { withProvenance, type Store } from '#store/client.ts';
import { listAuditEvents } from '#store/audit.ts';
import { endFollowUp, getFollowUp, join } from '#store/follow-ups.ts';
import { keys } from '#store/keys.ts';
import { createPerson, getPerson } from '#store/persons.ts';
import { readCounters } from '#store/stats.ts';
import { fence, readRetentionState } from '#store/retention.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { testStore } from '#tests/support/store.ts';
import { byEntity, invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { testWorkers } from '#tests/support/workers.ts';
import { applyRetention } from '../../functions/workers/apply-retention.ts';

const SECRET_NAME = 'Quincampoix';
const DAY = 86_400_000;

/** A file followed from January to March 2024 by two professionals, then by nobody. */
async function abandonedFile(store: Store, setNow: (iso: string) => void, lastName = SECRET_NAME) {
  setNow('2024-01-10T09:00:00.000Z');
  const [first, second] = [await registerPro(store), await registerPro(store)];
  const person = await createPerson(store, first, newPerson({ lastName }), { reason: 'Accompagnement RSA' });
  await join(store, second, person.id, { reason: 'Logement', mode: 'direct', source: 'self' });
  setNow('2024-03-01T09:00:00.000Z');
  for (const pro of [first, second]) await endFollowUp(store, (await getFollowUp(store, person.id, pro.id))!, { reason: 'manual' });
  return { person, members: [first, second] as Professional[] };
}

/** A table of its own with a clock the test sets, written to as the nightly job writes (system provenance). */
async function fixedClock() {
  let now = new Date('2024-01-10T09:00:00.000Z');
  const setNow = (iso: string) => (now = new Date(iso));
  return { store: withProvenance(await testStore({ now: () => now }), SYSTEM_PROVENANCE), setNow };
}

describe('files nobody follows are erased after their retention period, with notice', () => {
  it('a notice at 24 months to the last members, the erasure 30 days later, each once; the stats stay', async () => {
    const { store, setNow } = await fixedClock();
    const workers = await testWorkers(store);
    const { person, members } = await abandonedFile(store, setNow);

    setNow('2026-02-28T03:30:00.000Z');
    expect(await applyRetention(store, DEFAULT_RETENTION)).toMatchObject({ notified: 0, erased: 0 });
    setNow('2026-03-01T09:00:00.000Z');
    const notice = await applyRetention(store, DEFAULT_RETENTION);
    const again = await applyRetention(store, DEFAULT_RETENTION);

    expect(notice).toMatchObject({ notified: 1, erased: 0, complete: true });
    expect(again).toMatchObject({ notified: 0, erased: 0 });
    expect((await readRetentionState(store, person.id)).notice).toEqual({ personId: person.id, noticeAt: '2026-03-01T09:00:00.000Z', erasureOn: '2026-03-31T09:00:00.000Z' });
    const [scheduled] = (await listAuditEvents(store, person.id)).items;
    expect(scheduled).toMatchObject({ kind: 'erasure_scheduled', actorId: SYSTEM_ACTOR, issuer: SYSTEM_PROVENANCE.issuer });
    await workers.drain();
    const told = (await workers.mailbox()).filter((email) => email.subject.includes('sera effacé'));
    expect(told.map((email) => email.destination.to[0]).toSorted()).toEqual(members.map((pro) => pro.email).toSorted());
    expect(told[0]!.body.text).toContain('31 mars 2026');
    expect(told[0]!.body.text).not.toContain(SECRET_NAME);
    const counters = await readCounters(store, '2024-01-01', '2026-12-31');

    setNow(new Date(Date.parse('2026-03-31T09:00:00.000Z') - 1000).toISOString());
    expect(await applyRetention(store, DEFAULT_RETENTION)).toMatchObject({ erased: 0 });
    setNow('2026-03-31T09:00:00.000Z');
    const erasure = await applyRetention(store, DEFAULT_RETENTION);
    const after = await applyRetention(store, DEFAULT_RETENTION);
    await workers.drain();

    expect(erasure).toMatchObject({ erased: 1, notified: 0 });
    expect(after).toMatchObject({ erased: 0, notified: 0, cancelled: 0 });
    expect(await getPerson(store, person.id)).toBeUndefined();
    const items = await scanTable(store);
    expect(invalidItems(items)).toEqual([]);
    expect(items.filter((item) => JSON.stringify(item).includes(SECRET_NAME))).toEqual([]);
    expect(items.filter((item) => item.PK === keys.person(person.id).PK)).toEqual([]);
    expect(byEntity(items, 'audit_event').filter((event) => event.personId === person.id).map((event) => event.kind)).toContain('erased');
    expect(await readCounters(store, '2024-01-01', '2026-12-31')).toEqual(counters);
    // Two stream drains and SES local: room on a loaded machine.
  }, 90_000);

  it('a professional who follows the person again during the notice cancels the erasure', async () => {
    const { store, setNow } = await fixedClock();
    const { person } = await abandonedFile(store, setNow, 'Revenue');
    setNow('2026-03-01T09:00:00.000Z');
    await applyRetention(store, DEFAULT_RETENTION);
    const back = await registerPro(store);
    setNow('2026-03-10T09:00:00.000Z');
    await join(store, back, person.id, { reason: 'Reprise du suivi', mode: 'direct', source: 'self' });

    setNow('2026-04-15T09:00:00.000Z');
    const run = await applyRetention(store, DEFAULT_RETENTION);

    expect(run).toMatchObject({ cancelled: 1, erased: 0 });
    expect(await getPerson(store, person.id)).toBeDefined();
    expect((await readRetentionState(store, person.id)).notice).toBeUndefined();
    expect((await listAuditEvents(store, person.id)).items[0]).toMatchObject({ kind: 'erasure_cancelled', actorId: SYSTEM_ACTOR });
    expect(await applyRetention(store, DEFAULT_RETENTION)).toMatchObject({ cancelled: 0, erased: 0, notified: 0 });
  });

  it('a join that lands just before the erasure begins keeps the file; one just after is refused', async () => {
    const { store, setNow } = await fixedClock();
    const { person } = await abandonedFile(store, setNow, 'Justeavant');
    setNow('2026-03-01T09:00:00.000Z');
    await applyRetention(store, DEFAULT_RETENTION);
    setNow('2026-04-01T09:00:00.000Z');
    const late = await registerPro(store);
    // The job's fence is the first transaction that sets `erasingAt`: the join goes in right before it.
    const send = store.doc.send.bind(store.doc) as (command: unknown) => Promise<unknown>;
    let joined = false;
    const doc = Object.create(store.doc, {
      send: {
        value: async (command: unknown) => {
          if (!joined && command instanceof TransactWriteCommand && JSON.stringify(command.input).includes('erasingAt')) {
            joined = true;
            await join(store, late, person.id, { reason: 'Suivi repris', mode: 'direct', source: 'self' });
          }
          return send(command);
        },
      },
    });
    const racing: Store = { ...store, doc };

    const run = await applyRetention(racing, DEFAULT_RETENTION);

    expect(joined).toBe(true);
    expect(run).toMatchObject({ erased: 0, cancelled: 1 });
    expect(await getFollowUp(store, person.id, late.id)).toMatchObject({ status: 'active' });

    const { person: other } = await abandonedFile(store, setNow, 'Justeapres');
    setNow('2026-03-01T09:00:00.000Z');
    await applyRetention(store, DEFAULT_RETENTION);
    await fence(store, other.id);
    await expect(join(store, late, other.id, { reason: 'Trop tard', mode: 'direct', source: 'self' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(join(store, late, other.id, { reason: 'Trop tard', mode: 'request', source: 'self' })).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('a shorter period and notice, as configured', async () => {
    const { store, setNow } = await fixedClock();
    const { person } = await abandonedFile(store, setNow, 'Courte');
    const policy = { inactiveMonths: 6, noticeDays: 7 };
    setNow('2024-09-02T09:00:00.000Z');
    expect(await applyRetention(store, policy)).toMatchObject({ notified: 1 });
    setNow(new Date(Date.parse('2024-09-02T09:00:00.000Z') + 7 * DAY).toISOString());
    expect(await applyRetention(store, policy)).toMatchObject({ erased: 1 });
    expect(await getPerson(store, person.id)).toBeUndefined();
  });
});
