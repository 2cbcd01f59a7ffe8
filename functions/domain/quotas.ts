import * as z from './zod.ts';

/**
 * What one professional (and, for lookups, one portal) may do in a day. A lookup is an exact
 * match, but a sweep over every birth date of a year is 366 lookups: the daily quota makes it
 * stop long before. Joins, leaves and creations each mail members or make a file, so a day
 * has room for a heavy working day and not for a script.
 */
export const DailyQuotas = z.strictObject({
  /** Lookups per professional. */
  lookups: z.int().positive().default(60),
  /** Lookups per issuer (a whole portal), against one leaked key or a compromised backend. */
  lookupsPerIssuer: z.int().positive().default(20_000),
  /** New files per professional. */
  creations: z.int().positive().default(40),
  /** Joins and requests to join per professional. */
  joins: z.int().positive().default(60),
  /** Ends of one's own follow-ups per professional. */
  leaves: z.int().positive().default(60),
  /** What a person writes from their own space (needs, « je ne connais pas ce professionnel »), per person: each may mail their team. */
  personWrites: z.int().positive().default(30),
});
export type DailyQuotas = z.infer<typeof DailyQuotas>;
export type QuotaKind = keyof DailyQuotas;
export const DEFAULT_QUOTAS: DailyQuotas = DailyQuotas.parse({});

const WHAT: Record<QuotaKind, string> = {
  lookups: 'recherches de personnes',
  lookupsPerIssuer: 'recherches de personnes depuis votre portail',
  creations: 'créations de dossier',
  joins: 'demandes pour rejoindre un groupe de suivi',
  leaves: 'fins de suivi',
  personWrites: 'besoins écrits ou modifiés et signalements',
};

/** The French detail of a 429: what ran out, and when it comes back. */
export const quotaExceeded = (kind: QuotaKind, max: number) =>
  `Vous avez atteint le maximum de ${max} ${WHAT[kind]} par jour. Réessayez demain ; si votre travail en demande plus, contactez l’équipe GPS.`;

/** Seconds until the next UTC day, when every daily quota starts again. */
export const secondsUntilTomorrow = (now: Date) => {
  const tomorrow = new Date(now);
  tomorrow.setUTCHours(24, 0, 0, 0);
  return Math.ceil((tomorrow.getTime() - now.getTime()) / 1000);
};
