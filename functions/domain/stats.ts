import { SYSTEM_ACTOR, type AuditEvent } from './audit-event.ts';
import * as z from './zod.ts';
import { CalendarDate } from './common.ts';
import { invalid } from './errors.ts';
import type { Organization } from './organization.ts';

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

/** A metric an event adds one to, and the professional whose organization it is counted for. */
export type Counted = { metric: DailyMetric; proId: string };

export function countedBy(event: AuditEvent): Counted[] {
  const actor = event.actorId;
  const target = event.targetProId;
  switch (event.kind) {
    case 'person_created':
    case 'joined':
      return [{ metric: 'links_created', proId: actor }];
    case 'join_accepted':
      return target ? [{ metric: 'links_created', proId: target }] : [];
    case 'invitation_accepted':
      return [
        { metric: 'links_created', proId: actor },
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

/** Anything a professional does counts as activity; what GPS does by itself does not. */
export const activeProfessional = (event: AuditEvent): string | undefined =>
  event.actorId === SYSTEM_ACTOR ? undefined : event.actorId;

export const UNKNOWN_DEPARTEMENT = 'inconnu';

/** Every count is kept in total, per département and per kind of organization. */
export const dimensionsOf = (organization: Organization | undefined): string[] => [
  'all',
  `departement:${organization?.departement ?? UNKNOWN_DEPARTEMENT}`,
  `kind:${organization?.kind ?? 'autre'}`,
];

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
