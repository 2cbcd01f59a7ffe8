import { DAILY_METRICS, StatsQuery, WEEKLY_METRIC, daysBetween, statsPeriod, weekOf } from '#domain/stats.ts';
import { readCounters, type CounterRow } from '#store/stats.ts';
import { defineRoute, json } from '../http/route.ts';
import { StatsView } from './views.ts';

type Breakdown = StatsView['weekly'][typeof WEEKLY_METRIC];

/** Lays counters out as series aligned on `dates`: a total, per département, per kind of organization. */
function breakdown(rows: readonly CounterRow[], dates: readonly string[]): Breakdown {
  const position = new Map(dates.map((date, index) => [date, index]));
  const series = () => dates.map(() => 0);
  const result: Breakdown = { total: series(), byDepartement: {}, byOrganizationKind: {} };
  for (const { day, dimension, count } of rows) {
    const index = position.get(day);
    if (index === undefined) continue;
    const [axis, value = ''] = dimension.split(':') as [string, string?];
    const target = axis === 'all' ? result.total : axis === 'departement' ? (result.byDepartement[value] ??= series()) : (result.byOrganizationKind[value] ??= series());
    target[index] = count;
  }
  return result;
}

export function statsView(rows: readonly CounterRow[], from: string, to: string): StatsView {
  const days = daysBetween(from, to);
  const weeks = [...new Set(days.map(weekOf))];
  const of = (metric: string) => rows.filter((row) => row.metric === metric);
  return {
    from,
    to,
    days,
    daily: Object.fromEntries(DAILY_METRICS.map((metric) => [metric, breakdown(of(metric), days)])) as StatsView['daily'],
    weeks,
    weekly: { [WEEKLY_METRIC]: breakdown(of(WEEKLY_METRIC), weeks) },
  };
}

/** The period's bounds, described for the API reference (the rules are `statsPeriod`'s). */
const StatsPeriodQuery = StatsQuery.extend({
  from: StatsQuery.shape.from.meta({ description: 'Premier jour de la période (AAAA-MM-JJ, inclus). Par défaut : 12 semaines avant `to`.', example: '2026-09-01' }),
  to: StatsQuery.shape.to.meta({ description: 'Dernier jour de la période (AAAA-MM-JJ, inclus). Par défaut : aujourd’hui. La période compte 366 jours au plus.', example: '2026-11-30' }),
});

export const statsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/stats',
    group: 'stats',
    tag: 'Statistiques',
    summary: 'Le graphe social de GPS : séries quotidiennes (liens, invitations, demandes, coordonnées affichées) et comptes professionnels actifs par semaine',
    description: 'Agrégats sans donnée personnelle, par département et type de structure. Par défaut, les 12 dernières semaines ; 366 jours au plus.',
    query: StatsPeriodQuery,
    responses: { 200: { description: 'Les séries de la période', schema: StatsView } },
    handle: async ({ query, deps }) => {
      const { from, to } = statsPeriod(query, deps.store.now());
      // The first week may begin before `from`: read from its Monday.
      const rows = await readCounters(deps.store, weekOf(from), to);
      return json(200, statsView(rows, from, to), { 'Cache-Control': 'private, max-age=300' });
    },
  }),
];
