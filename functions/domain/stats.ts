import { SYSTEM_ACTOR, type AuditEvent } from './audit-event.ts';
import * as z from './zod.ts';
import { CalendarDate } from './common.ts';
import { invalid } from './errors.ts';
import { IMPORT_PROVENANCE } from './federation.ts';
import { PUBLIC_EMPLOYMENT_SERVICE, type Organization } from './organization.ts';

/**
 * The "graphe social" of GPS, counted per day from the audit log: every event that makes or
 * breaks a link between professionals around a person is already there, exactly once.
 */
export const DAILY_METRICS = [
  'links_created',
  'links_ended',
  'join_requests',
  'contact_reveals',
  'invitations_sent',
  'invitations_accepted',
] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];
/** Distinct professionals who did anything in GPS during an ISO week (Monday to Sunday). */
export const WEEKLY_METRIC = 'active_professionals';
/** Professionals whose first use of GPS fell in an ISO week: each counted once, in the week of their earliest activity. */
export const FIRST_TIME_METRIC = 'first_time_professionals';

/**
 * How a link came to be: a professional joined or created the file themselves (or asked, and a
 * member accepted), accepted an invitation, or an import brought it. Named by the event that
 * opened the link, so it is known from the audit alone.
 */
export const LINK_SOURCES = ['professional', 'invitation', 'import'] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

/** A metric an event adds one to, the professional whose organization it is counted for, and dimensions of its own beside the organization's. */
export type Counted = { metric: DailyMetric; proId: string; also?: string[] };

const imported = (event: AuditEvent) => event.issuer === IMPORT_PROVENANCE.issuer;
const linkCreated = (proId: string, source: LinkSource): Counted => ({ metric: 'links_created', proId, also: [`source:${source}`] });

export function countedBy(event: AuditEvent): Counted[] {
  const actor = event.actorId;
  const target = event.targetProId;
  switch (event.kind) {
    case 'person_created':
    case 'joined':
      return [linkCreated(actor, imported(event) ? 'import' : 'professional')];
    case 'join_accepted':
      return target ? [linkCreated(target, 'professional')] : [];
    case 'invitation_accepted':
      return [
        linkCreated(actor, 'invitation'),
        ...(target ? [{ metric: 'invitations_accepted' as const, proId: target }] : []),
      ];
    case 'follow_up_ended': {
      const member = actor === SYSTEM_ACTOR ? target : actor;
      return member ? [{ metric: 'links_ended', proId: member }] : [];
    }
    case 'member_removed':
      return target ? [{ metric: 'links_ended', proId: target }] : [];
    case 'join_requested':
      return [{ metric: 'join_requests', proId: actor }];
    case 'contact_revealed':
      return [{ metric: 'contact_reveals', proId: actor }];
    case 'invitation_sent':
      return [{ metric: 'invitations_sent', proId: actor }];
    default:
      return [];
  }
}

/**
 * The pairs of professionals an event puts in touch, counted apart from the rest. A link that
 * opens (a creation, a direct join, an import, an invitation accepted, a request accepted)
 * puts its new member in touch with each peer the event records: the group's other active
 * members at that moment (`peers`, see audit-event.ts), one `links_between` pair each. Events
 * written before peers were recorded keep their one named pair (an invitation accepted:
 * invitee and inviter; a request accepted: the member who accepted and the requester), and a
 * creation or a join of then none. A contact revealed is one `reveals_between` pair. A peer
 * who joined at the very same moment may be missing (see README, « Stats »).
 */
export const PAIR_METRICS = ['links_between', 'reveals_between'] as const;
export type PairMetric = (typeof PAIR_METRICS)[number];
export type Pair = { metric: PairMetric; proIds: [string, string] };

/** The professional whose link the event opens: the requester for an accepted request (the actor answered), else the actor. */
const newMemberOf = (event: AuditEvent): string | undefined => (event.kind === 'join_accepted' ? event.targetProId : event.actorId);

export function pairsOf(event: AuditEvent): Pair[] {
  const target = event.targetProId;
  switch (event.kind) {
    case 'person_created':
    case 'joined':
    case 'invitation_accepted':
    case 'join_accepted': {
      const member = newMemberOf(event);
      if (!member) return [];
      if (event.peers) return event.peers.map((peer) => ({ metric: 'links_between', proIds: [member, peer] }));
      return target && (event.kind === 'invitation_accepted' || event.kind === 'join_accepted') ? [{ metric: 'links_between', proIds: [event.actorId, target] }] : [];
    }
    case 'contact_revealed':
      return target ? [{ metric: 'reveals_between', proIds: [event.actorId, target] }] : [];
    default:
      return [];
  }
}

/** The service public de l'emploi (France Travail, Missions Locales, Cap emploi, départements) on one side, every other actor on the other. */
export const SIDES = ['spe_spe', 'spe_autre', 'autre_autre'] as const;
export const SAME_ORGANIZATION = ['same', 'other'] as const;

const isSpe = (organization: Organization | undefined) => organization !== undefined && PUBLIC_EMPLOYMENT_SERVICE.has(organization.kind);

/** A pair is counted in total, by the sides it joins, and as colleagues of one establishment (same SIRET) or not. */
export function pairDimensions(a: Organization | undefined, b: Organization | undefined): string[] {
  const spe = [isSpe(a), isSpe(b)].filter(Boolean).length;
  const sides = spe === 2 ? 'spe_spe' : spe === 1 ? 'spe_autre' : 'autre_autre';
  const same = a !== undefined && b !== undefined && a.siret === b.siret ? 'same' : 'other';
  return ['all', `sides:${sides}`, `organization:${same}`];
}

/**
 * What a professional does in GPS counts as activity; what GPS does by itself, what an import
 * writes in a professional's name (they did not use GPS) and what the person does in their own
 * space (their file's id as actor) do not.
 */
export const activeProfessional = (event: AuditEvent): string | undefined =>
  event.actorId === SYSTEM_ACTOR || imported(event) || event.actorId === event.personId ? undefined : event.actorId;

export const UNKNOWN_DEPARTEMENT = 'inconnu';

/** Every count is kept in total, per département and per kind of organization. */
export const dimensionsOf = (organization: Organization | undefined): string[] => [
  'all',
  `departement:${organization?.departement ?? UNKNOWN_DEPARTEMENT}`,
  `kind:${organization?.kind ?? 'autre'}`,
];

/**
 * Gauges: states, not events, taken by the nightly recount (workers/recount-gauges.ts) and
 * kept as a snapshot of the day. A person is followed while at least one professional is an
 * active member of their group; without a référent when none of them holds the role (see
 * README, « Stats »). Persons are counted per département and kind of their members'
 * organizations (a person followed by France Travail and a CCAS counts once for each, once in
 * total); professionals known to GPS are every profile, per their organization.
 */
export const GAUGE_METRICS = ['persons_followed', 'persons_without_referent', 'professionals_known'] as const;
export type GaugeMetric = (typeof GAUGE_METRICS)[number];
export type Gauges = Record<GaugeMetric, Record<string, number>>;

type GaugeLink = { personId: string; status: string; isReferent: boolean; organization: Organization };

/** Tallies active links and profiles as the nightly recount reads them, page after page. */
export function gaugeTally() {
  const persons = new Map<string, { referent: boolean; dimensions: Set<string> }>();
  const professionals = new Map<string, number>();
  return {
    link(link: GaugeLink) {
      if (link.status !== 'active') return;
      const person = persons.get(link.personId) ?? { referent: false, dimensions: new Set<string>() };
      person.referent ||= link.isReferent;
      for (const dimension of dimensionsOf(link.organization)) person.dimensions.add(dimension);
      persons.set(link.personId, person);
    },
    professional(organization: Organization | undefined) {
      for (const dimension of dimensionsOf(organization)) professionals.set(dimension, (professionals.get(dimension) ?? 0) + 1);
    },
    gauges(): Gauges {
      const followed: Record<string, number> = {};
      const withoutReferent: Record<string, number> = {};
      for (const { referent, dimensions } of persons.values()) {
        for (const dimension of dimensions) {
          followed[dimension] = (followed[dimension] ?? 0) + 1;
          if (!referent) withoutReferent[dimension] = (withoutReferent[dimension] ?? 0) + 1;
        }
      }
      return { persons_followed: followed, persons_without_referent: withoutReferent, professionals_known: Object.fromEntries(professionals) };
    },
  };
}

export type CounterRow = { day: string; metric: string; dimension: string; count: number };

/** One row per day, metric and dimension: the shards of a counter added up. */
export function sumCounters(rows: readonly CounterRow[]): CounterRow[] {
  const summed = new Map<string, CounterRow>();
  for (const row of rows) {
    const key = `${row.day}#${row.metric}#${row.dimension}`;
    const seen = summed.get(key);
    summed.set(key, seen ? { ...seen, count: seen.count + row.count } : { ...row });
  }
  return [...summed.values()];
}

export const dayOf = (at: string): string => at.slice(0, 10);

/** The Monday (UTC) of the ISO week of `at`. */
export function weekOf(at: string): string {
  const date = new Date(`${dayOf(at)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); dayOf(day.toISOString()) <= to; day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(dayOf(day.toISOString()));
  }
  return days;
}

export const MAX_STATS_DAYS = 366;
export const DEFAULT_STATS_DAYS = 84;

export const StatsQuery = z.strictObject({ from: CalendarDate.optional(), to: CalendarDate.optional() });
export type StatsQuery = z.infer<typeof StatsQuery>;

/** The period asked for: by default the last twelve weeks up to today. */
export function statsPeriod(query: StatsQuery, now: Date): { from: string; to: string } {
  const to = query.to ?? dayOf(now.toISOString());
  const from = query.from ?? dayOf(new Date(new Date(`${to}T00:00:00Z`).getTime() - (DEFAULT_STATS_DAYS - 1) * 86_400_000).toISOString());
  if (from > to) throw invalid('La date de début doit précéder la date de fin.');
  if (daysBetween(from, to).length > MAX_STATS_DAYS) throw invalid(`Une période de ${MAX_STATS_DAYS} jours au plus.`);
  return { from, to };
}
