/**
 * The national load model of GPS: from the documented figures below, the peak read and
 * write units per second on the hottest partition of each partition-key class, table and
 * GSI1, against DynamoDB's per-partition limits. The keys are the store's own
 * (functions/store/keys.ts) and the counted events the stream worker's own
 * (functions/domain/stats.ts); item sizes come from DynamoDB Local items (item-sizes.json,
 * measured by `npm run scale-model`). Pure: tests/unit/scale-model.test.ts runs it.
 */
import type { AuditEvent, AuditKind } from '#domain/audit-event.ts';
import type { Organization } from '#domain/organization.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import { activeProfessional, countedBy, dimensionsOf, pairDimensions, pairsOf, weekOf } from '#domain/stats.ts';
import { keys, statShard, type Entity, type Keys } from '#store/keys.ts';

/** The documented model: every figure the peak comes from, and where it comes from. */
export const NATIONAL = {
  /** The Réseau pour l'emploi (seed 001). */
  professionals: 160_000,
  /** Half of them use GPS in a week, 30 % on a given working day: 48,000 professionals. */
  dailyActiveShare: 0.3,
  persons: 2_000_000,
  /** What one active professional does on a working day. */
  perActivePerDay: { card: 20, members: 20, followUps: 8, lookup: 3, join: 1, reveal: 2, action: 3, invitation: 0.3 },
  /** Half of the lookups find the person (and are journaled). */
  lookupHitShare: 0.5,
  workingHours: 8,
  /** The busiest hour (9–10 h) carries this many times the working day's average hour. */
  peakHourFactor: 2.5,
  /** France Travail's portal signs the tokens of 35 % of the professionals: its per-portal lookup quota is one item. */
  largestPortalShare: 0.35,
  /** The distributed import of France Travail's file, running through the peak hour: one follow-up link (and its audit event) a row. */
  importRowsPerSecond: 1_000,
  workingDaysPerMonth: 21,
} as const;

/** DynamoDB's hard limits per partition (and so per item). */
export const LIMITS = { wcuPerSecond: 1_000, rcuPerSecond: 3_000 } as const;

/**
 * On-demand list prices in US East (N. Virginia) after the November 2024 cut, in US dollars;
 * Europe (Paris) lists a little higher: check https://aws.amazon.com/dynamodb/pricing/on-demand/ before budgeting.
 */
export const PRICES = { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125, perGbMonth: 0.25 } as const;

/** The entities the model's operations write or read. */
export const MODELLED_ENTITIES = ['person', 'identity_guard', 'follow_up', 'audit_event', 'action', 'daily_quota', 'invitation', 'invitation_quota', 'stat_marker', 'stat_counter'] as const satisfies readonly Entity[];

/** Bytes of one stored item of each entity, as DynamoDB counts them (item-sizes.ts). */
export type ItemSizes = Record<(typeof MODELLED_ENTITIES)[number], number>;

type Touch = { index: 'table' | 'GSI1'; pk: string; rcu: number; wcu: number };

const KB = 1024;
const read = (bytes: number, mode: 'eventual' | 'strong' | 'transactional') => Math.ceil(bytes / (4 * KB)) * { eventual: 0.5, strong: 1, transactional: 2 }[mode];
const write = (bytes: number, transactional: boolean) => Math.ceil(bytes / KB) * (transactional ? 2 : 1);

/** The touches of one item write: its partition, and GSI1's when the item is indexed (projection ALL: every change is copied). */
function written(itemKeys: Keys, bytes: number, transactional: boolean): Touch[] {
  const touches: Touch[] = [{ index: 'table', pk: itemKeys.PK, rcu: 0, wcu: write(bytes, transactional) }];
  if (itemKeys.GSI1PK) touches.push({ index: 'GSI1', pk: itemKeys.GSI1PK, rcu: 0, wcu: write(bytes, false) });
  return touches;
}

/** A small deterministic generator: the same model gives the same table. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGANIZATION: Organization = { siret: '13000548100010', name: 'France Travail', kind: 'france_travail', departement: '75' };
const AT = '2026-12-01T09:30:00.000Z';

/**
 * What the stream worker writes for one audit event (count-stats.ts): the counted metrics (with
 * a link's source, and the pairs of professionals a reveal or a link puts in touch: one per
 * peer of a join, summed per counter as countOnce sums them, since every organization here is one)
 * and the actor's week of activity, each one transaction of a marker and its counters on the
 * event's shard; before the week, the actor's first-activity record is read (strongly, one
 * unit), and written only once per professional ever (left out here). A replayed or
 * already-counted one is cancelled on its marker, but DynamoDB bills a cancelled
 * transaction's items all the same: counted here as written.
 */
function counterTouches(event: AuditEvent, sizes: Pick<ItemSizes, 'stat_marker' | 'stat_counter'>): Touch[] {
  const transaction = (markerId: string, day: string, counters: { metric: string; dimensions: string[] }[]) => {
    if (counters.length === 0) return [];
    const shard = statShard(markerId);
    return [
      ...written(keys.statMarker(markerId), sizes.stat_marker, true),
      ...[...new Set(counters.flatMap(({ metric, dimensions }) => dimensions.map((dimension) => `${metric}\u0000${dimension}`)))].flatMap((counter) => {
        const [metric, dimension] = counter.split('\u0000') as [string, string];
        return written(keys.statCounter(day, metric, dimension, shard), sizes.stat_counter, true);
      }),
    ];
  };
  const counted = [
    ...countedBy(event).map(({ metric, also = [] }) => ({ metric, dimensions: [...dimensionsOf(ORGANIZATION), ...also] })),
    ...pairsOf(event).map(({ metric }) => ({ metric, dimensions: pairDimensions(ORGANIZATION, ORGANIZATION) })),
  ];
  const active = activeProfessional(event);
  return [
    ...transaction(`event.${event.id}`, event.at.slice(0, 10), counted),
    ...(active
      ? [
          { index: 'table' as const, pk: keys.statFirstActivity(active).PK, rcu: read(1, 'strong'), wcu: 0 },
          ...transaction(`active.${weekOf(event.at)}.${active}`, weekOf(event.at), [{ metric: 'active_professionals', dimensions: dimensionsOf(ORGANIZATION) }]),
        ]
      : []),
  ];
}

type Subject = { proId: string; personId: string; portal: string; eventId: string };

/** Each operation of the model: the DynamoDB requests it makes (as tests/bench/request-counts.ts counts them) and their items. */
function operations(sizes: ItemSizes) {
  const members = 4;
  const audit = (kind: AuditKind, { proId, personId, eventId }: Subject, transactional = true, issuer = 'urn:gps:portal'): Touch[] => {
    // A join meets the group's other members, its peers; a new person's creator, nobody.
    const peers = kind === 'joined' ? Array.from({ length: members - 1 }, (_, index) => `${eventId}${index}`) : kind === 'person_created' ? [] : undefined;
    // A reveal names the member revealed: another professional, of the same kind of organization in the model.
    const event = { id: eventId, kind, personId, actorId: proId, at: AT, issuer, ...(kind === 'contact_revealed' ? { targetProId: eventId } : {}), ...(peers ? { peers } : {}) } as AuditEvent;
    return [...written(keys.auditEvent(personId, proId, AT, eventId), sizes.audit_event, transactional), ...counterTouches(event, sizes)];
  };
  // The link's lastActivityAt is updated with every audited read: a table write, and GSI1's copy.
  const touchLink = ({ personId, proId }: Subject) => written({ ...keys.followUp(personId, proId), ...keys.followUpIndex(proId, 'active', AT) }, sizes.follow_up, true);
  return {
    card: (s: Subject): Touch[] => [{ index: 'table', pk: keys.person(s.personId).PK, rcu: read(sizes.person, 'strong'), wcu: 0 }, ...touchLink(s), ...audit('card_read', s)],
    members: (s: Subject): Touch[] => [{ index: 'table', pk: keys.person(s.personId).PK, rcu: read(sizes.person + members * sizes.follow_up, 'eventual'), wcu: 0 }, ...touchLink(s), ...audit('members_read', s)],
    followUps: (s: Subject): Touch[] => [{ index: 'GSI1', pk: keys.followUpIndex(s.proId, 'active', AT).GSI1PK, rcu: read(20 * sizes.follow_up, 'eventual'), wcu: 0 }],
    lookup: (s: Subject): Touch[] => [
      ...written(keys.dailyQuota(s.proId, 'lookups', AT.slice(0, 10)), sizes.daily_quota, false),
      ...written(keys.dailyQuota(`issuer:${s.portal}`, 'lookupsPerIssuer', AT.slice(0, 10)), sizes.daily_quota, false),
      { index: 'table', pk: keys.identityGuard(s.personId).PK, rcu: read(sizes.identity_guard, 'strong'), wcu: 0 },
    ],
    lookupHit: (s: Subject): Touch[] => [{ index: 'table', pk: keys.followUp(s.personId, s.proId).PK, rcu: read(sizes.follow_up, 'strong'), wcu: 0 }, ...audit('looked_up', s)],
    join: (s: Subject): Touch[] => [
      ...written(keys.dailyQuota(s.proId, 'joins', AT.slice(0, 10)), sizes.daily_quota, false),
      // One Query of the partition: the profile, the earlier link, the members (the join's peers).
      { index: 'table', pk: keys.person(s.personId).PK, rcu: read(sizes.person + members * sizes.follow_up, 'strong'), wcu: 0 },
      ...written({ ...keys.followUp(s.personId, s.proId), ...keys.followUpIndex(s.proId, 'active', AT) }, sizes.follow_up, true),
      { index: 'table', pk: keys.person(s.personId).PK, rcu: 0, wcu: write(sizes.person, true) },
      ...audit('joined', s),
    ],
    reveal: (s: Subject): Touch[] => [...touchLink(s), ...audit('contact_revealed', s)],
    action: (s: Subject): Touch[] => [...written(keys.action(s.personId, AT, s.eventId), sizes.action, true), ...touchLink(s), ...audit('action_added', s)],
    invitation: (s: Subject): Touch[] => [
      ...written(keys.invitation(s.eventId, s.personId, AT, s.eventId), sizes.invitation, true),
      ...written(keys.invitationQuota(s.proId, AT.slice(0, 10)), sizes.invitation_quota, true),
      ...audit('invitation_sent', s),
    ],
    /** One row of the import: a new person's profile, guard and link, audited by the import under the row's professional. */
    importRow: (s: Subject): Touch[] => [
      ...written(keys.person(s.personId), sizes.person, true),
      ...written(keys.identityGuard(s.personId), sizes.identity_guard, true),
      ...written({ ...keys.followUp(s.personId, s.proId), ...keys.followUpIndex(s.proId, 'active', AT) }, sizes.follow_up, true),
      // Written by the import: a link counted by its source, not the professional's activity.
      ...audit('person_created', s, true, IMPORT_PROVENANCE.issuer),
    ],
  };
}

type Operation = keyof ReturnType<typeof operations>;

/** Requests per second of each operation: at the peak hour, and on an average working-day hour. */
export function rates(model = NATIONAL): Record<'peak' | 'average', Record<Operation, number>> {
  const active = model.professionals * model.dailyActiveShare;
  const perSecond = (perDay: number) => (active * perDay) / (model.workingHours * 3_600);
  const { card, members, followUps, lookup, join, reveal, action, invitation } = model.perActivePerDay;
  const average = {
    card: perSecond(card),
    members: perSecond(members),
    followUps: perSecond(followUps),
    lookup: perSecond(lookup),
    lookupHit: perSecond(lookup * model.lookupHitShare),
    join: perSecond(join),
    reveal: perSecond(reveal),
    action: perSecond(action),
    invitation: perSecond(invitation),
    importRow: 0,
  };
  const peak = Object.fromEntries(Object.entries(average).map(([name, rate]) => [name, rate * model.peakHourFactor])) as typeof average;
  return { peak: { ...peak, importRow: model.importRowsPerSecond }, average };
}

/** `PERSON#01J…` → `PERSON#<id>`: the class a partition key belongs to. */
export function keyClass(pk: string): string {
  if (pk.startsWith('STAT#')) return pk.split('#').length > 2 ? 'STAT#<month>#<shard>' : 'STAT#<month>';
  if (pk.startsWith('QUOTA#issuer:')) return 'QUOTA#issuer:<portal>';
  const [prefix] = pk.split('#');
  return `${prefix}#<id>`;
}

export type ClassLoad = { keyClass: string; index: 'table' | 'GSI1'; partitions: number; hottestWcu: number; hottestRcu: number; totalWcu: number; totalRcu: number };

/**
 * One second of the peak: every request of every operation, on subjects drawn at random from
 * the population (professionals, persons, portals), summed per partition. A class's load is
 * its hottest partition's.
 */
export function peakSecond(sizes: ItemSizes, model = NATIONAL): ClassLoad[] {
  const next = random(20261201);
  const ops = operations(sizes);
  const perPartition = new Map<string, { index: 'table' | 'GSI1'; pk: string; rcu: number; wcu: number }>();
  let sequence = 0;
  for (const [name, rate] of Object.entries(rates(model).peak) as [Operation, number][]) {
    for (let n = 0; n < Math.round(rate); n += 1) {
      const subject: Subject = {
        proId: `pro-${Math.floor(next() * model.professionals)}`,
        personId: `person-${Math.floor(next() * model.persons)}`,
        portal: next() < model.largestPortalShare ? 'https://francetravail.fr' : `https://portail-${Math.floor(next() * 100)}.fr`,
        eventId: `event-${(sequence += 1)}`,
      };
      for (const touch of ops[name](subject)) {
        const key = `${touch.index} ${touch.pk}`;
        const seen = perPartition.get(key) ?? { index: touch.index, pk: touch.pk, rcu: 0, wcu: 0 };
        perPartition.set(key, { ...seen, rcu: seen.rcu + touch.rcu, wcu: seen.wcu + touch.wcu });
      }
    }
  }
  const byClass = new Map<string, ClassLoad>();
  for (const { index, pk, rcu, wcu } of perPartition.values()) {
    const name = `${index} ${keyClass(pk)}`;
    const seen = byClass.get(name) ?? { keyClass: keyClass(pk), index, partitions: 0, hottestWcu: 0, hottestRcu: 0, totalWcu: 0, totalRcu: 0 };
    byClass.set(name, {
      ...seen,
      partitions: seen.partitions + 1,
      hottestWcu: Math.max(seen.hottestWcu, wcu),
      hottestRcu: Math.max(seen.hottestRcu, rcu),
      totalWcu: seen.totalWcu + wcu,
      totalRcu: seen.totalRcu + rcu,
    });
  }
  return [...byClass.values()].sort((a, b) => b.hottestWcu - a.hottestWcu || b.hottestRcu - a.hottestRcu);
}

/** Units a month of working days costs on demand (the import apart: a one-off), and the storage of the persons' files. */
export function monthlyCost(sizes: ItemSizes, model = NATIONAL) {
  const ops = operations(sizes);
  const subject: Subject = { proId: 'pro-1', personId: 'person-1', portal: 'https://francetravail.fr', eventId: 'event-1' };
  const seconds = model.workingHours * 3_600 * model.workingDaysPerMonth;
  let [writeUnits, readUnits] = [0, 0];
  for (const [name, rate] of Object.entries(rates(model).average) as [Operation, number][]) {
    for (const touch of ops[name](subject)) {
      writeUnits += touch.wcu * rate * seconds;
      readUnits += touch.rcu * rate * seconds;
    }
  }
  const linksPerPerson = 3;
  const storedGb = (model.persons * (sizes.person + sizes.identity_guard + linksPerPerson * sizes.follow_up)) / 1024 ** 3;
  const dollars = (writeUnits / 1e6) * PRICES.perMillionWriteUnits + (readUnits / 1e6) * PRICES.perMillionReadUnits + storedGb * PRICES.perGbMonth;
  return { writeUnits, readUnits, storedGb, dollars };
}

export const withinLimits = (load: ClassLoad) => load.hottestWcu <= LIMITS.wcuPerSecond && load.hottestRcu <= LIMITS.rcuPerSecond;
