import { CalendarDate } from '#domain/common.ts';
import { LINK_SOURCES, SAME_ORGANIZATION, SIDES } from '#domain/stats.ts';
import * as z from '#domain/zod.ts';

/**
 * The answers of `GET /stats` (signed in: every figure) and `GET /public/stats` (anyone:
 * weekly aggregates with small cells suppressed). Series are aligned on `days` or `weeks`.
 */

const Series = z.array(z.int());
/** A gauge or a share: `null` for a week without a nightly snapshot. */
const GaugeSeries = z.array(z.number().nullable());
const byPlace = <S extends z.ZodType>(series: S) => ({
  byDepartement: z.record(z.string(), series).meta({ description: 'Par département de la structure (code ; `inconnu` s’il n’est pas renseigné).' }),
  byOrganizationKind: z.record(z.string(), series).meta({ description: 'Par type de structure.' }),
});

const Breakdown = z.strictObject({ total: Series, ...byPlace(Series) });
const LinksBreakdown = Breakdown.extend({
  bySource: z.record(z.enum(LINK_SOURCES), Series).meta({ description: 'Par origine du lien : un professionnel (lui-même, ou sa demande acceptée), une invitation, un import.' }),
});
const PairBreakdown = z.strictObject({
  total: Series,
  bySides: z.record(z.enum(SIDES), Series).meta({ description: 'Entre le service public de l’emploi (France Travail, Missions Locales, Cap emploi, départements) et les autres acteurs, ou au sein de chaque côté.' }),
  byOrganization: z.record(z.enum(SAME_ORGANIZATION), Series).meta({ description: 'Entre collègues d’une même structure (même SIRET) ou de structures différentes.' }),
});
const GaugeBreakdown = z.strictObject({ total: GaugeSeries, ...byPlace(GaugeSeries) });

export const StatsView = z.strictObject({
  from: CalendarDate,
  to: CalendarDate,
  days: z.array(CalendarDate),
  daily: z.strictObject({
    links_created: LinksBreakdown,
    links_ended: Breakdown,
    join_requests: Breakdown,
    contact_reveals: Breakdown,
    invitations_sent: Breakdown,
    invitations_accepted: Breakdown,
    links_between: PairBreakdown.meta({ description: 'Mises en relation entre deux professionnels : un professionnel qui entre dans un groupe de suivi (création du dossier, arrivée directe, invitation ou demande acceptée, import) et chacun des membres actifs qu’il y trouve.' }),
    reveals_between: PairBreakdown.meta({ description: 'Coordonnées affichées, par la paire de professionnels.' }),
  }),
  weeks: z.array(CalendarDate).meta({ description: 'Le lundi de chaque semaine de la période.' }),
  weekly: z.strictObject({
    active_professionals: Breakdown,
    first_time_professionals: Breakdown.meta({ description: 'Professionnels dont la première utilisation de GPS tombe dans la semaine.' }),
    professionals_known: GaugeBreakdown.meta({ description: 'Professionnels connus de GPS au dernier décompte de la semaine.' }),
    active_share: GaugeBreakdown.meta({ description: 'Part (en %) des professionnels connus de GPS actifs dans la semaine.' }),
    persons_followed: GaugeBreakdown.meta({ description: 'Personnes suivies (au moins un membre actif), au dernier décompte de la semaine.' }),
    persons_without_referent: GaugeBreakdown.meta({ description: 'Personnes suivies sans référent de parcours, au dernier décompte de la semaine.' }),
  }),
});
export type StatsView = z.infer<typeof StatsView>;

/** A published cell: the count, or `null` when it is under the threshold or would tell one that is. */
const Cells = z.array(z.number().nullable());
const PublicBreakdown = z.strictObject({
  total: Cells,
  byDepartement: z.record(z.string(), Cells),
  byOrganizationKind: z.record(z.string(), Cells),
});
const PublicPair = z.strictObject({ total: Cells, bySides: z.partialRecord(z.enum(SIDES), Cells), byOrganization: z.partialRecord(z.enum(SAME_ORGANIZATION), Cells) });

export const PublicStatsView = z.strictObject({
  weeks: z.array(CalendarDate).meta({ description: 'Le lundi de chaque semaine publiée : les semaines complètes, la plus récente en dernier.' }),
  threshold: z.int().meta({ description: 'Seuil de secret statistique : une case sous ce nombre vaut `null`.' }),
  gaugesCounted: z.array(z.boolean()).meta({ description: 'Pour chaque semaine, si les jauges (personnes suivies, sans référent, professionnels connus) y ont un décompte nocturne : sans lui, elles valent `null` sans être masquées.' }),
  rule: z.string(),
  metrics: z.strictObject({
    links_created: PublicBreakdown.extend({ bySource: z.partialRecord(z.enum(LINK_SOURCES), Cells) }),
    links_ended: PublicBreakdown,
    join_requests: PublicBreakdown,
    contact_reveals: PublicBreakdown,
    invitations_sent: PublicBreakdown,
    invitations_accepted: PublicBreakdown,
    links_between: PublicPair,
    reveals_between: PublicPair,
    active_professionals: PublicBreakdown,
    first_time_professionals: PublicBreakdown,
    professionals_known: PublicBreakdown,
    active_share: PublicBreakdown.meta({ description: 'En %, publiée seulement là où les professionnels actifs et connus le sont.' }),
    persons_followed: PublicBreakdown,
    persons_without_referent: PublicBreakdown,
  }),
});
export type PublicStatsView = z.infer<typeof PublicStatsView>;
