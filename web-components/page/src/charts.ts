import { html, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import { formatDate } from '../../src/core/localization.ts';

/**
 * The charts of the statistics pages (signed in and public): uPlot drawings, each with its
 * figures in a table, for whoever does not see the chart. A value may be `null`: nothing was
 * counted yet (a gauge before its first nightly count), or, on the public page, a cell under
 * the threshold; the table says which in words, the chart leaves a gap.
 */

export type Series = { label: string; values: readonly (number | null)[]; color: string; bars?: boolean };
export type Chart = { id: string; title: string; x: readonly string[]; series: Series[]; percent?: boolean; gauge?: boolean };
/** How a table writes a value of a series (« moins de 5 », « 42 % »…), the `index`-th of the chart's `x`. */
export type CellText = (value: number | null, chart: Pick<Chart, 'percent' | 'gauge'>, index: number) => string;

export const KINDS: Record<string, string> = {
  france_travail: 'France Travail',
  mission_locale: 'Mission Locale',
  cap_emploi: 'Cap emploi',
  conseil_departemental: 'Département',
  ccas_cias: 'CCAS / CIAS',
  siae: 'SIAE',
  chrs_logement: 'CHRS / logement',
  caf: 'CAF',
  spip: 'SPIP',
  csapa: 'CSAPA',
  caarud: 'CAARUD',
  plie: 'PLIE',
  e2c: 'E2C',
  epide: 'EPIDE',
  association: 'Association',
  autre: 'Autre',
};
export const kind = (key: string) => KINDS[key] ?? key;

/** The départements by their code, as the structures' addresses give them. */
const DEPARTEMENTS: Record<string, string> = Object.fromEntries(
  (
    '01 Ain|02 Aisne|03 Allier|04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes|07 Ardèche|08 Ardennes|09 Ariège|10 Aube|11 Aude|12 Aveyron|' +
    '13 Bouches-du-Rhône|14 Calvados|15 Cantal|16 Charente|17 Charente-Maritime|18 Cher|19 Corrèze|2A Corse-du-Sud|2B Haute-Corse|21 Côte-d’Or|' +
    '22 Côtes-d’Armor|23 Creuse|24 Dordogne|25 Doubs|26 Drôme|27 Eure|28 Eure-et-Loir|29 Finistère|30 Gard|31 Haute-Garonne|32 Gers|33 Gironde|' +
    '34 Hérault|35 Ille-et-Vilaine|36 Indre|37 Indre-et-Loire|38 Isère|39 Jura|40 Landes|41 Loir-et-Cher|42 Loire|43 Haute-Loire|44 Loire-Atlantique|' +
    '45 Loiret|46 Lot|47 Lot-et-Garonne|48 Lozère|49 Maine-et-Loire|50 Manche|51 Marne|52 Haute-Marne|53 Mayenne|54 Meurthe-et-Moselle|55 Meuse|' +
    '56 Morbihan|57 Moselle|58 Nièvre|59 Nord|60 Oise|61 Orne|62 Pas-de-Calais|63 Puy-de-Dôme|64 Pyrénées-Atlantiques|65 Hautes-Pyrénées|' +
    '66 Pyrénées-Orientales|67 Bas-Rhin|68 Haut-Rhin|69 Rhône|70 Haute-Saône|71 Saône-et-Loire|72 Sarthe|73 Savoie|74 Haute-Savoie|75 Paris|' +
    '76 Seine-Maritime|77 Seine-et-Marne|78 Yvelines|79 Deux-Sèvres|80 Somme|81 Tarn|82 Tarn-et-Garonne|83 Var|84 Vaucluse|85 Vendée|86 Vienne|' +
    '87 Haute-Vienne|88 Vosges|89 Yonne|90 Territoire de Belfort|91 Essonne|92 Hauts-de-Seine|93 Seine-Saint-Denis|94 Val-de-Marne|95 Val-d’Oise|' +
    '971 Guadeloupe|972 Martinique|973 Guyane|974 La Réunion|976 Mayotte'
  )
    .split('|')
    .map((entry) => [entry.slice(0, entry.indexOf(' ')), entry.slice(entry.indexOf(' ') + 1)]),
);
export const departement = (code: string) => (code === 'inconnu' ? 'Non renseigné' : DEPARTEMENTS[code] ? `${DEPARTEMENTS[code]} (${code})` : code);

/** The two sides of the seed's measure: the service public de l'emploi, and every other actor. */
export const SIDES: Record<string, string> = {
  spe_autre: 'Entre le service public de l’emploi et un autre acteur',
  spe_spe: 'Au sein du service public de l’emploi',
  autre_autre: 'Entre deux autres acteurs',
};
/** The DSFR colours the series of one chart take, in order (both statistics pages). */
export const COLORS = ['#000091', '#18753c', '#6a6af4', '#c9191e', '#716043'];

export const SOURCES: Record<string, string> = { professional: 'Par un professionnel', invitation: 'Par invitation', import: 'Par import' };

const SHORT_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' });
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const epoch = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

export const number = (value: number) => NUMBER.format(value);
/** The signed-in page: every value is a count or a share; `null` is a gauge not counted yet. */
export const plainCell: CellText = (value, chart) => (value === null ? 'non disponible' : chart.percent ? `${number(value)} %` : number(value));

/** Draws every chart into its `#graphique-<id>`, at the width of its column, and follows that width. */
export class Plots {
  private plots: uPlot[] = [];
  private readonly resize = new ResizeObserver(() => {
    for (const plot of this.plots) {
      const width = (plot.root.parentElement as HTMLElement).clientWidth;
      if (width && width !== plot.width) plot.setSize({ width, height: plot.height });
    }
  });

  get drawn() {
    return this.plots.length > 0;
  }

  draw(host: HTMLElement, charts: readonly Chart[]) {
    for (const chart of charts) {
      const target = host.querySelector<HTMLElement>(`#graphique-${chart.id}`)!;
      const bars = uPlot.paths.bars!({ size: [0.6, 40] });
      this.plots.push(
        new uPlot(
          {
            width: target.clientWidth || 800,
            height: 260,
            // The legend names each series, with its colour; the figures are in the table below (no « -- » waiting for a hover).
            legend: { live: false },
            series: [
              { label: 'Date', value: (_u: uPlot, t: number | null) => (t == null ? '—' : formatDate(new Date(t * 1000).toISOString(), 'fr')) },
              ...chart.series.map((s) => ({ label: s.label, stroke: s.color, fill: s.bars ? s.color : undefined, width: 2, ...(s.bars ? { paths: bars } : {}) })),
            ],
            axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((t) => SHORT_DATE.format(new Date(t * 1000))) }, chart.percent ? { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => `${t} %`) } : {}],
            scales: {
              x: { time: true },
              y: { range: (_u: uPlot, _min: number | null, max: number | null) => (chart.percent ? [0, 100] : [0, Math.max(1, Math.ceil((max ?? 0) * 1.1))]) },
            },
          },
          [chart.x.map(epoch), ...chart.series.map((s) => [...s.values])] as uPlot.AlignedData,
          target,
        ),
      );
      this.resize.observe(target);
    }
  }

  destroy() {
    this.resize.disconnect();
    for (const plot of this.plots) plot.destroy();
    this.plots = [];
  }
}

/** A table that may scroll sideways on a phone: a focusable region, so the keyboard scrolls it too. */
export const scrollable = (id: string, table: TemplateResult) => html`<div class="fr-table gps-scrollable" tabindex="0" role="region" aria-labelledby=${id}>${table}</div>`;

/** How a table by département or by kind of organization names its first column and its rows. */
const AXES = {
  byDepartement: { heading: 'Département', label: departement },
  byOrganizationKind: { heading: 'Type de structure', label: kind },
} as const;
export type Axis = keyof typeof AXES;

/**
 * One row per département or kind of organization that any column's metric holds (its
 * `categories`), one column per metric (a column: its metric, its heading, then what the
 * caller's `cell` needs of it); `empty` stands instead when there is none.
 */
export function categoryTable<C extends readonly [string, string, ...unknown[]]>(
  { id, caption, axis, columns, categories, cell, empty }: {
    id: string;
    caption: string;
    axis: Axis;
    columns: readonly C[];
    categories: (metric: C[0]) => Record<string, unknown>;
    cell: (column: C, key: string) => string | number;
    empty?: TemplateResult;
  },
): TemplateResult {
  const keys = [...new Set(columns.flatMap(([metric]) => Object.keys(categories(metric))))].sort();
  if (keys.length === 0 && empty) return empty;
  const { heading, label } = AXES[axis];
  return scrollable(
    id,
    html`<table>
      <caption id=${id}>${caption}</caption>
      <thead><tr><th scope="col">${heading}</th>${columns.map(([, name]) => html`<th scope="col">${name}</th>`)}</tr></thead>
      <tbody>
        ${keys.map((key) => html`<tr><th scope="row">${label(key)}</th>${columns.map((column) => html`<td>${cell(column, key)}</td>`)}</tr>`)}
      </tbody>
    </table>`,
  );
}

/** A chart, its title, and its figures in a table below (open on request). */
export function chartFigure(chart: Chart, cell: CellText, rowLabel = 'Semaine du'): TemplateResult {
  return html`<figure class="gps-chart" aria-labelledby="titre-${chart.id}">
    <figcaption id="titre-${chart.id}">${chart.title}</figcaption>
    <div id="graphique-${chart.id}" role="img" aria-label="${chart.title} (les données sont dans le tableau qui suit)"></div>
    <details class="fr-mt-1w">
      <summary>Voir les données du graphique</summary>
      ${scrollable(
        `tableau-${chart.id}`,
        html`<table>
          <caption id="tableau-${chart.id}">${chart.title}</caption>
          <thead>
            <tr>
              <th scope="col">${rowLabel}</th>
              ${chart.series.map((s) => html`<th scope="col">${s.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${chart.x.map((x, i) => html`<tr><th scope="row">${formatDate(x, 'fr')}</th>${chart.series.map((s) => html`<td>${cell(s.values[i] ?? null, chart, i)}</td>`)}</tr>`)}
          </tbody>
        </table>`,
      )}
    </details>
  </figure>`;
}

/** Daily values added up per week (Monday first). */
export function perWeek(days: readonly string[], weeks: readonly string[], daily: readonly number[]): number[] {
  const index = new Map(weeks.map((week, i) => [week, i]));
  const weekly = weeks.map(() => 0);
  days.forEach((day, i) => {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const week = index.get(date.toISOString().slice(0, 10));
    if (week !== undefined) weekly[week]! += daily[i] ?? 0;
  });
  return weekly;
}
