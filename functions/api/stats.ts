import { DEFAULT_PUBLIC_STATS_THRESHOLD, publishedShare, suppress, type Cell } from '#domain/public-stats.ts';
import {
  DAILY_METRICS,
  FIRST_TIME_METRIC,
  GAUGE_METRICS,
  LINK_SOURCES,
  PAIR_METRICS,
  SAME_ORGANIZATION,
  SIDES,
  StatsQuery,
  WEEKLY_METRIC,
  dayOf,
  daysBetween,
  statsPeriod,
  weekOf,
} from '#domain/stats.ts';
import * as z from '#domain/zod.ts';
import type { Store } from '#store/client.ts';
import { readCounters, readGauges, type CounterRow } from '#store/stats.ts';
import { defineRoute, definePublicRoute, json, type ApiDeps, type Reply } from '../http/route.ts';
import { PublicStatsView, StatsView } from './stats-views.ts';

/** Counters laid out as series aligned on `dates`: a total, and one axis per dimension prefix (`departement`, `kind`, `source`, `sides`, `organization`). */
type Layout = { total: number[]; axes: Record<string, Record<string, number[]>> };

function layOut(rows: readonly CounterRow[], dates: readonly string[]): Layout {
  const position = new Map(dates.map((date, index) => [date, index]));
  const series = () => dates.map(() => 0);
  const result: Layout = { total: series(), axes: {} };
  for (const { day, dimension, count } of rows) {
    const index = position.get(day);
    if (index === undefined) continue;
    if (dimension === 'all') {
      result.total[index] = count;
      continue;
    }
    const separator = dimension.indexOf(':');
    const axis = (result.axes[dimension.slice(0, separator)] ??= {});
    (axis[dimension.slice(separator + 1)] ??= series())[index] = count;
  }
  return result;
}

/** Every category of a closed list, zeros where nothing was counted. */
const closed = <K extends string>(names: readonly K[], axis: Record<string, number[]> | undefined, length: number) =>
  Object.fromEntries(names.map((name) => [name, axis?.[name] ?? Array.from({ length }, () => 0)])) as Record<K, number[]>;

const byPlace = ({ total, axes }: Layout) => ({ total, byDepartement: axes.departement ?? {}, byOrganizationKind: axes.kind ?? {} });

/**
 * Each week's gauge: the last nightly snapshot taken during the week (up to `to`), every
 * category it does not name at zero; `null` for a week without one.
 */
function weeklyGauge(rows: readonly CounterRow[], weeks: readonly string[], to: string): StatsView['weekly']['persons_followed'] {
  const snapshots = [...new Set(rows.map((row) => row.day))].filter((day) => day <= to).sort();
  const lastOfWeek = new Map(snapshots.map((day) => [weekOf(day), day]));
  const layout = layOut(rows, snapshots);
  const at = (series: number[]) =>
    weeks.map((week) => {
      const day = lastOfWeek.get(week);
      return day === undefined ? null : series[snapshots.indexOf(day)]!;
    });
  const axis = (name: string) => Object.fromEntries(Object.entries(layout.axes[name] ?? {}).map(([key, series]) => [key, at(series)]));
  return { total: at(layout.total), byDepartement: axis('departement'), byOrganizationKind: axis('kind') };
}

/** Active professionals as a share of those known to GPS, in percent with one decimal, where both are known. */
function activeShare(active: StatsView['weekly']['active_professionals'], known: StatsView['weekly']['professionals_known']): StatsView['weekly']['active_share'] {
  const share = (part: number[] | undefined, whole: (number | null)[] | undefined) => (whole ?? []).map((value, index) => publishedShare(part?.[index] ?? 0, value));
  const axis = (name: 'byDepartement' | 'byOrganizationKind') => Object.fromEntries(Object.entries(known[name]).map(([key, whole]) => [key, share(active[name][key], whole)]));
  return { total: share(active.total, known.total), byDepartement: axis('byDepartement'), byOrganizationKind: axis('byOrganizationKind') };
}

export function statsView(rows: readonly CounterRow[], from: string, to: string, gaugeRows: readonly CounterRow[] = []): StatsView {
  const days = daysBetween(from, to);
  const weeks = [...new Set(days.map(weekOf))];
  const of = (metric: string, dates: readonly string[]) => layOut(rows.filter((row) => row.metric === metric), dates);
  const daily = Object.fromEntries(DAILY_METRICS.map((metric) => [metric, byPlace(of(metric, days))])) as Record<(typeof DAILY_METRICS)[number], ReturnType<typeof byPlace>>;
  const links = of('links_created', days);
  const pair = (metric: (typeof PAIR_METRICS)[number]) => {
    const { total, axes } = of(metric, days);
    return { total, bySides: closed(SIDES, axes.sides, days.length), byOrganization: closed(SAME_ORGANIZATION, axes.organization, days.length) };
  };
  const gauge = (metric: string) => weeklyGauge(gaugeRows.filter((row) => row.metric === metric), weeks, to);
  const active = byPlace(of(WEEKLY_METRIC, weeks));
  const known = gauge('professionals_known');
  return {
    from,
    to,
    days,
    daily: {
      ...daily,
      links_created: { ...daily.links_created, bySource: closed(LINK_SOURCES, links.axes.source, days.length) },
      links_between: pair('links_between'),
      reveals_between: pair('reveals_between'),
    },
    weeks,
    weekly: {
      active_professionals: active,
      first_time_professionals: byPlace(of(FIRST_TIME_METRIC, weeks)),
      professionals_known: known,
      active_share: activeShare(active, known),
      persons_followed: gauge('persons_followed'),
      persons_without_referent: gauge('persons_without_referent'),
    },
  };
}

/** Counters and gauges of a period: the first week may begin before `from`, so both are read from its Monday. */
async function readPeriod(store: Store, from: string, to: string): Promise<StatsView> {
  const [rows, gauges] = await Promise.all([readCounters(store, weekOf(from), to), readGauges(store, weekOf(from), to)]);
  return statsView(rows, from, to, gauges);
}

// The public statistics.

/** How many complete weeks the public page shows by default, and at most. */
export const PUBLIC_WEEKS_DEFAULT = 12;
export const PUBLIC_WEEKS_MAX = 52;

const PublicStatsQuery = z.strictObject({
  weeks: z.coerce
    .number(`Un nombre de semaines, de 1 à ${PUBLIC_WEEKS_MAX}.`)
    .int(`Un nombre de semaines, de 1 à ${PUBLIC_WEEKS_MAX}.`)
    .min(1, `Un nombre de semaines, de 1 à ${PUBLIC_WEEKS_MAX}.`)
    .max(PUBLIC_WEEKS_MAX, `Un nombre de semaines, de 1 à ${PUBLIC_WEEKS_MAX}.`)
    .optional()
    .meta({ description: `Combien de semaines complètes, la dernière étant celle qui vient de finir (${PUBLIC_WEEKS_DEFAULT} par défaut, ${PUBLIC_WEEKS_MAX} au plus).`, example: 12 }),
});

/** The last `count` complete ISO weeks before `now`: their Mondays, and the Sunday that ends the last one. */
export function publicWeeks(now: Date, count: number): { weeks: string[]; from: string; to: string } {
  const thisMonday = Date.parse(`${weekOf(now.toISOString())}T00:00:00Z`);
  const weeks = Array.from({ length: count }, (_, index) => dayOf(new Date(thisMonday - (count - index) * 7 * 86_400_000).toISOString()));
  return { weeks, from: weeks[0]!, to: dayOf(new Date(thisMonday - 86_400_000).toISOString()) };
}

const sumPerWeek = (series: readonly number[], days: readonly string[], weeks: readonly string[]) => {
  const index = new Map(weeks.map((week, position) => [week, position]));
  const weekly = weeks.map(() => 0);
  days.forEach((day, position) => {
    const week = index.get(weekOf(day));
    if (week !== undefined) weekly[week]! += series[position] ?? 0;
  });
  return weekly;
};

const weeklyAxis = (axis: Record<string, number[]>, days: readonly string[], weeks: readonly string[]) =>
  Object.fromEntries(Object.entries(axis).map(([key, series]) => [key, sumPerWeek(series, days, weeks)]));

/** A gauge's weeks without a snapshot publish nothing; its other weeks are counts like any. */
const gaugeCounts = (series: readonly (number | null)[]) => series.map((value) => value ?? 0);

/**
 * The public figures: the detailed view summed per week, then every small cell suppressed
 * (`suppress`), the shares published only where their two counts are. Aggregates only: no
 * SIRET, no name, no identifier is in the counters to begin with.
 */
export function publicStatsView(detail: StatsView, weeks: readonly string[], threshold: number): PublicStatsView {
  const days = detail.days;
  const counted = (breakdown: { total: number[]; byDepartement: Record<string, number[]>; byOrganizationKind: Record<string, number[]> }, perDay: boolean) => {
    const weekly = (series: number[]) => (perDay ? sumPerWeek(series, days, weeks) : series);
    const axes = (axis: Record<string, number[]>) => (perDay ? weeklyAxis(axis, days, weeks) : axis);
    const { total, axes: hidden } = suppress(weekly(breakdown.total), { byDepartement: axes(breakdown.byDepartement), byOrganizationKind: axes(breakdown.byOrganizationKind) }, threshold);
    return { total, byDepartement: hidden.byDepartement!, byOrganizationKind: hidden.byOrganizationKind! };
  };
  const gauge = (breakdown: StatsView['weekly']['persons_followed']) => {
    const noSnapshot = breakdown.total.map((value) => value === null);
    const published = counted(
      {
        total: gaugeCounts(breakdown.total),
        byDepartement: Object.fromEntries(Object.entries(breakdown.byDepartement).map(([key, series]) => [key, gaugeCounts(series)])),
        byOrganizationKind: Object.fromEntries(Object.entries(breakdown.byOrganizationKind).map(([key, series]) => [key, gaugeCounts(series)])),
      },
      false,
    );
    return { ...published, total: published.total.map((cell, index) => (noSnapshot[index] ? null : cell)) };
  };
  const daily = Object.fromEntries(DAILY_METRICS.map((metric) => [metric, counted(detail.daily[metric], true)])) as Record<(typeof DAILY_METRICS)[number], ReturnType<typeof counted>>;
  const links = detail.daily.links_created;
  const sources = suppress(sumPerWeek(links.total, days, weeks), { bySource: weeklyAxis(links.bySource, days, weeks) }, threshold).axes.bySource!;
  const pair = (metric: (typeof PAIR_METRICS)[number]) => {
    const { total, bySides, byOrganization } = detail.daily[metric];
    const published = suppress(sumPerWeek(total, days, weeks), { bySides: weeklyAxis(bySides, days, weeks), byOrganization: weeklyAxis(byOrganization, days, weeks) }, threshold);
    return { total: published.total, bySides: published.axes.bySides!, byOrganization: published.axes.byOrganization! };
  };
  const active = counted(detail.weekly.active_professionals, false);
  const known = gauge(detail.weekly.professionals_known);
  const share = (part: Record<string, Cell[]>, whole: Record<string, Cell[]>) =>
    Object.fromEntries(Object.entries(whole).flatMap(([key, cells]) => {
      const shares = cells.map((cell, index) => publishedShare(part[key]?.[index], cell));
      return shares.some((value) => value !== null) ? [[key, shares]] : [];
    }));
  return {
    weeks: [...weeks],
    threshold,
    gaugesCounted: detail.weekly.persons_followed.total.map((value) => value !== null),
    rule: `Agrégats par semaine, sans aucune donnée qui désigne une personne ou un professionnel. Une case qui compte moins de ${threshold} vaut null (« moins de ${threshold} »), de même que la plus petite case d’une ventilation qui permettrait de la retrouver par différence ; une catégorie dont toutes les cases sont masquées n’est pas listée. Les jauges (personnes suivies, sans référent, professionnels connus) sont le dernier décompte nocturne de la semaine, null sans décompte.`,
    metrics: {
      ...daily,
      links_created: { ...daily.links_created, bySource: sources },
      links_between: pair('links_between'),
      reveals_between: pair('reveals_between'),
      active_professionals: active,
      first_time_professionals: counted(detail.weekly.first_time_professionals, false),
      professionals_known: known,
      active_share: {
        total: known.total.map((cell, index) => publishedShare(active.total[index], cell)),
        byDepartement: share(active.byDepartement, known.byDepartement),
        byOrganizationKind: share(active.byOrganizationKind, known.byOrganizationKind),
      },
      persons_followed: gauge(detail.weekly.persons_followed),
      persons_without_referent: gauge(detail.weekly.persons_without_referent),
    },
  };
}

/** What each published figure is, in the CSV's own words. */
export const PUBLIC_METRIC_LABELS: Record<keyof PublicStatsView['metrics'], string> = {
  links_created: 'Liens de suivi créés',
  links_ended: 'Liens de suivi terminés',
  join_requests: 'Demandes pour rejoindre un groupe',
  contact_reveals: 'Coordonnées affichées',
  invitations_sent: 'Invitations envoyées',
  invitations_accepted: 'Invitations acceptées',
  links_between: 'Mises en relation entre deux professionnels (un professionnel qui entre dans un groupe, avec chacun de ses membres)',
  reveals_between: 'Coordonnées affichées, par paire de professionnels',
  active_professionals: 'Professionnels actifs dans la semaine',
  first_time_professionals: 'Professionnels utilisant GPS pour la première fois',
  professionals_known: 'Professionnels connus de GPS',
  active_share: 'Part des professionnels connus actifs dans la semaine (%)',
  persons_followed: 'Personnes suivies',
  persons_without_referent: 'Personnes suivies sans référent de parcours',
};

const AXIS_NAMES: Record<string, string> = {
  byDepartement: 'departement',
  byOrganizationKind: 'type_de_structure',
  bySource: 'origine',
  bySides: 'cotes',
  byOrganization: 'structure',
};

const csvField = (value: string) => (/[",\n\r;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The public figures as CSV (RFC 4180, UTF-8): one line per week, figure and category; a
 * suppressed cell says « moins de N », never its number; a share not published « non publiée »;
 * a gauge of a week without a nightly count « non disponible ».
 */
export function publicStatsCsv(view: PublicStatsView): string {
  const lines = [['semaine', 'indicateur', 'libelle', 'ventilation', 'categorie', 'valeur'].join(',')];
  for (const [metric, breakdown] of Object.entries(view.metrics) as [keyof PublicStatsView['metrics'], Record<string, unknown>][]) {
    const unpublished = (index: number) =>
      GAUGE_METRICS.includes(metric as never) || metric === 'active_share' ? (view.gaugesCounted[index] ? (metric === 'active_share' ? 'non publiée' : `moins de ${view.threshold}`) : 'non disponible') : `moins de ${view.threshold}`;
    const row = (index: number, axis: string, category: string, value: Cell | undefined) =>
      [view.weeks[index]!, metric, csvField(PUBLIC_METRIC_LABELS[metric]), axis, csvField(category), value === null || value === undefined ? unpublished(index) : String(value)].join(',');
    view.weeks.forEach((_, index) => lines.push(row(index, 'total', '', (breakdown.total as Cell[])[index])));
    for (const [axis, categories] of Object.entries(breakdown)) {
      if (axis === 'total') continue;
      for (const [category, cells] of Object.entries(categories as Record<string, Cell[]>)) view.weeks.forEach((_, index) => lines.push(row(index, AXIS_NAMES[axis] ?? axis, category, cells[index])));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The period's bounds, described for the API reference (the rules are `statsPeriod`'s). */
const StatsPeriodQuery = StatsQuery.extend({
  from: StatsQuery.shape.from.meta({ description: 'Premier jour de la période (AAAA-MM-JJ, inclus). Par défaut : 12 semaines avant `to`.', example: '2026-09-01' }),
  to: StatsQuery.shape.to.meta({ description: 'Dernier jour de la période (AAAA-MM-JJ, inclus). Par défaut : aujourd’hui. La période compte 366 jours au plus.', example: '2026-11-30' }),
});

async function publicStats({ query, deps }: { query: z.output<typeof PublicStatsQuery>; deps: ApiDeps }) {
  const { weeks, from, to } = publicWeeks(deps.store.now(), query.weeks ?? PUBLIC_WEEKS_DEFAULT);
  return publicStatsView(await readPeriod(deps.store, from, to), weeks, deps.publicStatsThreshold ?? DEFAULT_PUBLIC_STATS_THRESHOLD);
}

/** Public and the same for everyone: shared caches may keep it an hour (complete weeks change only as late events are counted). */
const PUBLIC_CACHE = { 'Cache-Control': 'public, max-age=3600' };

export const statsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/stats',
    group: 'stats',
    tag: 'Statistiques',
    summary: 'Le graphe social de GPS : séries quotidiennes (liens, invitations, demandes, coordonnées affichées, mises en relation) et hebdomadaires (professionnels actifs, nouveaux, part des actifs, personnes sans référent)',
    description: 'Agrégats sans donnée personnelle, par département et type de structure, sans seuil de secret statistique (voir `/public/stats` pour les chiffres publics). Par défaut, les 12 dernières semaines ; 366 jours au plus.',
    query: StatsPeriodQuery,
    responses: { 200: { description: 'Les séries de la période', schema: StatsView } },
    handle: async ({ query, deps }) => {
      const { from, to } = statsPeriod(query, deps.store.now());
      return json(200, await readPeriod(deps.store, from, to), { 'Cache-Control': 'private, max-age=300' });
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: '/public/stats',
    group: 'stats',
    tag: 'Statistiques',
    summary: 'Les statistiques publiques de GPS, sans connexion : agrégats par semaine, petites cases masquées',
    description:
      'Les mêmes indicateurs que `/stats`, par semaine complète, sans jeton. Toute case sous le seuil (`GPS_PUBLIC_STATS_THRESHOLD`, 5 par défaut) vaut `null`, ainsi que celles qui permettraient de la retrouver par différence. Rien qui désigne une personne ou un professionnel.',
    query: PublicStatsQuery,
    responses: { 200: { description: 'Les semaines publiées', schema: PublicStatsView } },
    handle: async (input) => json(200, await publicStats(input), PUBLIC_CACHE),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/public/stats.csv',
    group: 'stats',
    tag: 'Statistiques',
    summary: 'Les statistiques publiques en CSV : une ligne par semaine, indicateur et catégorie',
    description: 'Les chiffres de `/public/stats`, en CSV (UTF-8, virgules) : `semaine, indicateur, libelle, ventilation, categorie, valeur` ; une case masquée vaut « moins de 5 » (selon le seuil), jamais son nombre.',
    query: PublicStatsQuery,
    responses: { 200: { description: 'text/csv' } },
    handle: async (input): Promise<Reply> => ({
      status: 200,
      text: { contentType: 'text/csv; charset=utf-8', body: publicStatsCsv(await publicStats(input)) },
      headers: { ...PUBLIC_CACHE, 'Content-Disposition': 'inline; filename="gps-statistiques-publiques.csv"' },
    }),
  }),
];
