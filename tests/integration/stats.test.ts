import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { joinMode } from '#domain/access.ts';
import type { AuditEvent } from '#domain/audit-event.ts';
import { isDomainError } from '#domain/errors.ts';
import { invitationToken, tokenHash, type Invitation } from '#domain/invitation.ts';
import type { Organization } from '#domain/organization.ts';
import type { Professional } from '#domain/professional.ts';
import { assertCanBecomeReferent } from '#domain/referent.ts';
import { weekOf } from '#domain/stats.ts';
import { startStreamPoller } from '#local/stream-poller.ts';
import { partitions } from '#store/keys.ts';
import { recordAccess } from '#store/audit.ts';
import { answerJoinRequest, becomeReferent, endFollowUp, join } from '#store/follow-ups.ts';
import { acceptInvitation, createInvitation, revokeInvitation } from '#store/invitations.ts';
import { createPerson, readCard } from '#store/persons.ts';
import { readCounters } from '#store/stats.ts';
import { TEST_INVITATION_SECRET } from '#tests/support/api.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { scanTable } from '#tests/support/stored-items.ts';
import { testStore, dynamoDbEndpoint } from '#tests/support/store.ts';
import { countRecords } from '#tests/support/count-records.ts';

const ORGANIZATIONS: Organization[] = [
  { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' },
  { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' },
  { siret: '26690001700017', name: 'CCAS de Villeurbanne', kind: 'ccas_cias', departement: '69' },
  { siret: '44306184100047', name: 'Envie Paris', kind: 'siae', departement: '75' },
  { siret: '30000000000014', name: 'Mission Locale de Paris', kind: 'mission_locale', departement: '75' },
  { siret: '40000000000013', name: 'Association sans département', kind: 'association' },
];

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/** The counters as they should be, recounted from the audit items and the professionals' organizations. */
function recount(items: Record<string, any>[]) {
  const organizations = new Map(items.filter((i) => i.entity === 'professional').map((i) => [i.id as string, i.organization as Organization]));
  const expected = new Map<string, number>();
  const add = (day: string, metric: string, proId: string | undefined) => {
    const organization = organizations.get(proId!)!;
    for (const dimension of ['all', `departement:${organization.departement ?? 'inconnu'}`, `kind:${organization.kind}`]) {
      const key = `${day}|${metric}|${dimension}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
  };
  const activeInWeek = new Set<string>();
  for (const event of items.filter((i) => i.entity === 'audit_event') as AuditEvent[]) {
    const day = event.at.slice(0, 10);
    const metrics: Record<string, [string, string | undefined][]> = {
      person_created: [['links_created', event.actorId]],
      joined: [['links_created', event.actorId]],
      join_accepted: [['links_created', event.targetProId]],
      invitation_accepted: [['links_created', event.actorId], ['invitations_accepted', event.targetProId]],
      follow_up_ended: [['links_ended', event.actorId]],
      join_requested: [['join_requests', event.actorId]],
      contact_revealed: [['contact_reveals', event.actorId]],
      invitation_sent: [['invitations_sent', event.actorId]],
    };
    for (const [metric, proId] of metrics[event.kind] ?? []) add(day, metric, proId);
    const week = weekOf(event.at);
    if (!activeInWeek.has(`${week}|${event.actorId}`)) {
      activeInWeek.add(`${week}|${event.actorId}`);
      add(week, 'active_professionals', event.actorId);
    }
  }
  return expected;
}

const asMap = (rows: { day: string; metric: string; dimension: string; count: number }[]) =>
  new Map(rows.map((row) => [`${row.day}|${row.metric}|${row.dimension}`, row.count]));

describe('social-graph counters', () => {
  it('equal a recount from the items after a randomized sequence of operations, even when the stream is replayed', async () => {
    let clock = new Date('2026-09-01T08:00:00.000Z');
    const store = await testStore({ now: () => clock });
    // The stream read for real, by the counting part of the consumer only: e-mails and inboxes have tests of their own, and they made this one slow.
    const stream = () => startStreamPoller({ endpoint: dynamoDbEndpoint(), table: store.table, consume: (records) => countRecords(store, records), intervalMs: 3_600_000 });
    const workers = await stream();
    const rng = random(20261123);
    const pros: Professional[] = [];
    for (const organization of ORGANIZATIONS) {
      for (let i = 0; i < 2; i += 1) pros.push(await registerPro(store, { organization }));
    }
    const persons: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const creator = pros[i % 4]!;
      persons.push((await createPerson(store, creator, newPerson({ lastName: `Graphe${String.fromCharCode(97 + i)}` }), { reason: 'Suivi' })).id);
    }
    const invitations: Invitation[] = [];

    const operations: Record<string, () => Promise<unknown>> = {
      join: async () => {
        const pro = rng.pick(pros);
        return join(store, pro, rng.pick(persons), { reason: 'Suivi', mode: joinMode(pro.organization, { authorizedSirets: new Set() }), source: 'self' });
      },
      answer: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const request = card.members.find((m) => m.status === 'pending');
        const answerer = card.members.find((m) => m.status === 'active');
        if (request && answerer) await answerJoinRequest(store, answerer.proId, request, rng.next() < 0.8);
      },
      reveal: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const active = card.members.filter((m) => m.status === 'active');
        if (active.length >= 2) await recordAccess(store, { personId: card.person.id, actorId: active[0]!.proId, kind: 'contact_revealed', targetProId: active[1]!.proId }, { set: { lastContactRevealAt: clock.toISOString() } });
      },
      read: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const reader = rng.pick(card.members);
        await recordAccess(store, { personId: card.person.id, actorId: reader.proId, kind: 'card_read' });
      },
      end: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const active = card.members.filter((m) => m.status === 'active');
        if (active.length > 1) await endFollowUp(store, rng.pick(active), { reason: 'manual' });
      },
      referent: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const candidate = rng.pick(card.members);
        const current = card.members.find((m) => m.isReferent);
        if (assertCanBecomeReferent(candidate, current)) await becomeReferent(store, candidate, current);
      },
      invite: async () => {
        const card = (await readCard(store, rng.pick(persons)))!;
        const inviter = card.members.find((m) => m.status === 'active');
        if (!inviter) return;
        const invitee = rng.pick(pros);
        const id = ulid();
        const pro = pros.find((p) => p.id === inviter.proId)!;
        invitations.push(await createInvitation(store, pro, card.person.id, { email: invitee.email, id, tokenHash: tokenHash(invitationToken(TEST_INVITATION_SECRET, id)) }));
      },
      accept: async () => {
        const invitation = invitations.pop();
        if (invitation) await acceptInvitation(store, pros.find((p) => p.email === invitation.email)!, invitation, { reason: 'Invitation' });
      },
      revoke: async () => {
        const invitation = invitations.shift();
        if (invitation) await revokeInvitation(store, invitation.inviter.proId, invitation);
      },
    };
    const names = Object.keys(operations);
    const attempt = (name: string) =>
      operations[name]!().then(
        () => true,
        (error) => {
          if (!isDomainError(error)) throw error;
          return false;
        },
      );

    let succeeded = 0;
    for (let step = 0; step < 48; step += 1) {
      clock = new Date(clock.getTime() + Math.floor(rng.next() * 16 * 3_600_000));
      // Often several operations at once, as on a busy morning.
      const batch = step % 3 === 0 ? Array.from({ length: 6 }, () => rng.pick(names)) : [rng.pick(names)];
      succeeded += (await Promise.all(batch.map(attempt))).filter(Boolean).length;
      if (step % 16 === 0) await workers.drain();
    }
    await workers.drain();
    await workers.stop();

    const items = await scanTable(store);
    const expected = recount(items);
    const read = async () => asMap(await readCounters(store, '2026-08-31', clock.toISOString().slice(0, 10)));
    expect(succeeded).toBeGreaterThan(50);
    for (const metric of ['links_created', 'links_ended', 'join_requests', 'contact_reveals', 'invitations_sent', 'invitations_accepted', 'active_professionals']) {
      expect([...expected.keys()].some((key) => key.includes(`|${metric}|`)), metric).toBe(true);
    }
    // Spread over the shards of a month, and summed back on read.
    const shardsUsed = new Set(items.filter((item) => item.entity === 'stat_counter').map((item) => item.PK as string));
    expect(shardsUsed.size).toBeGreaterThan(partitions.statMonth('2026-09').length / 2);
    expect(await read()).toEqual(expected);

    // The whole stream again, as after a consumer restart: nothing counts twice.
    const replay = await stream();
    await replay.drain();
    await replay.stop();
    expect(await read()).toEqual(expected);
  }, 90_000);
});
