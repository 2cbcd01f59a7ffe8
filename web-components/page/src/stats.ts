import { LitElement, html, nothing } from 'lit';
import uPlot from 'uplot';
import { ApiError } from '../../src/core/api.ts';
import { formatDate } from '../../src/core/localization.ts';
import { api } from './session.ts';

type Breakdown = { total: number[]; byDepartement: Record<string, number[]>; byOrganizationKind: Record<string, number[]> };
type Stats = { from: string; to: string; days: string[]; weeks: string[]; daily: Record<string, Breakdown>; weekly: { active_professionals: Breakdown } };

const KINDS: Record<string, string> = {
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
const departement = (code: string) => (code === 'inconnu' ? 'Non renseigné' : DEPARTEMENTS[code] ? `${DEPARTEMENTS[code]} (${code})` : code);

const SHORT_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'Europe/Paris' });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const epoch = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

/** Daily values added up per week (the weeks of the stats, Monday first). */
function perWeek(stats: Stats, daily: number[]): number[] {
  const index = new Map(stats.weeks.map((week, i) => [week, i]));
  const weekly = stats.weeks.map(() => 0);
  stats.days.forEach((day, i) => {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const week = index.get(date.toISOString().slice(0, 10));
    if (week !== undefined) weekly[week]! += daily[i] ?? 0;
  });
  return weekly;
}

type Chart = { id: string; title: string; x: string[]; series: { label: string; values: number[]; color: string; bars?: boolean }[] };

/**
 * The social graph of GPS drawn from `/stats`: how the links grow, how invitations convert,
 * how often professionals reveal each other's contact details, and who takes part. Every
 * chart has its figures in a table too, for whoever does not see the chart.
 */
class StatsSection extends LitElement {
  static override properties = { stats: { state: true }, error: { state: true } };
  declare stats: Stats | undefined;
  declare error: string | undefined;
  private plots: uPlot[] = [];
  /** The charts take the width of the column, and follow it (a window resized, a phone turned). */
  private readonly resize = new ResizeObserver(() => {
    for (const plot of this.plots) {
      const width = (plot.root.parentElement as HTMLElement).clientWidth;
      if (width && width !== plot.width) plot.setSize({ width, height: plot.height });
    }
  });

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    api<Stats>('GET', '/stats').then(
      (stats) => (this.stats = stats),
      (error) => {
        if (!(error instanceof ApiError)) throw error;
        this.error = error.message;
      },
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resize.disconnect();
    for (const plot of this.plots) plot.destroy();
  }

  private charts(stats: Stats): Chart[] {
    const { daily } = stats;
    let running = 0;
    const active = stats.days.map((_, i) => (running += (daily.links_created!.total[i] ?? 0) - (daily.links_ended!.total[i] ?? 0)));
    return [
      { id: 'liens', title: 'Liens de suivi créés depuis le début de la période (nets des fins de suivi)', x: stats.days, series: [{ label: 'Liens nets', values: active, color: '#000091' }] },
      {
        id: 'invitations',
        title: 'Invitations envoyées et acceptées, par semaine',
        x: stats.weeks,
        series: [
          { label: 'Envoyées', values: perWeek(stats, daily.invitations_sent!.total), color: '#000091', bars: true },
          { label: 'Acceptées', values: perWeek(stats, daily.invitations_accepted!.total), color: '#18753c', bars: true },
        ],
      },
      { id: 'coordonnees', title: 'Coordonnées affichées entre professionnels, par semaine', x: stats.weeks, series: [{ label: 'Coordonnées affichées', values: perWeek(stats, daily.contact_reveals!.total), color: '#6a6af4', bars: true }] },
      { id: 'actifs', title: 'Professionnels actifs, par semaine', x: stats.weeks, series: [{ label: 'Professionnels actifs', values: stats.weekly.active_professionals.total, color: '#c9191e' }] },
    ];
  }

  override updated() {
    if (!this.stats || this.plots.length) return;
    for (const chart of this.charts(this.stats)) {
      const target = this.querySelector<HTMLElement>(`#graphique-${chart.id}`)!;
      const bars = uPlot.paths.bars!({ size: [0.6, 40] });
      this.plots.push(
        new uPlot(
          {
            width: target.clientWidth || 800,
            height: 260,
            // The legend names each series, with its colour; the figures are in the table below (no « -- » waiting for a hover).
            legend: { live: false },
            series: [{ label: 'Date', value: (_u: uPlot, t: number | null) => (t == null ? '—' : formatDate(new Date(t * 1000).toISOString(), 'fr')) }, ...chart.series.map((s) => ({ label: s.label, stroke: s.color, fill: s.bars ? s.color : undefined, width: 2, ...(s.bars ? { paths: bars } : {}) }))],
            axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((t) => SHORT_DATE.format(new Date(t * 1000))) }, {}],
            scales: { x: { time: true }, y: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
          },
          [chart.x.map(epoch), ...chart.series.map((s) => s.values)],
          target,
        ),
      );
      this.resize.observe(target);
    }
  }

  /** A table that may scroll sideways on a phone: a focusable region, so the keyboard scrolls it too. */
  private scrollable(id: string, caption: string, table: unknown) {
    return html`<div class="fr-table gps-scrollable" tabindex="0" role="region" aria-labelledby=${id}>${table}</div>`;
  }

  private table(chart: Chart) {
    return html`<details class="fr-mt-1w">
      <summary>Voir les données du graphique</summary>
      ${this.scrollable(`tableau-${chart.id}`, chart.title, html`<table>
        <caption id="tableau-${chart.id}">${chart.title}</caption>
        <thead><tr><th scope="col">Date</th>${chart.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
        <tbody>${chart.x.map((x, i) => html`<tr><th scope="row">${formatDate(x, 'fr')}</th>${chart.series.map((s) => html`<td>${s.values[i]}</td>`)}</tr>`)}</tbody>
      </table>`)}
    </details>`;
  }

  private breakdown(stats: Stats, axis: 'byDepartement' | 'byOrganizationKind', caption: string, label: (key: string) => string) {
    const metrics = [
      ['links_created', 'Liens créés'],
      ['invitations_sent', 'Invitations envoyées'],
      ['invitations_accepted', 'Invitations acceptées'],
      ['contact_reveals', 'Coordonnées affichées'],
    ] as const;
    const keys = [...new Set(metrics.flatMap(([metric]) => Object.keys(stats.daily[metric]![axis])))].sort();
    return this.scrollable(`tableau-${axis}`, caption, html`<table>
      <caption id="tableau-${axis}">${caption}</caption>
      <thead><tr><th scope="col">${axis === 'byDepartement' ? 'Département' : 'Type de structure'}</th>${metrics.map(([, name]) => html`<th scope="col">${name}</th>`)}</tr></thead>
      <tbody>
        ${keys.map((key) => html`<tr><th scope="row">${label(key)}</th>${metrics.map(([metric]) => html`<td>${sum(stats.daily[metric]![axis][key] ?? [])}</td>`)}</tr>`)}
      </tbody>
    </table>`);
  }

  override render() {
    if (this.error) return html`<div class="fr-alert fr-alert--error" role="alert"><p>${this.error}</p></div>`;
    const stats = this.stats;
    if (!stats) return html`<p role="status">Chargement des statistiques…</p>`;
    const sent = sum(stats.daily.invitations_sent!.total);
    const accepted = sum(stats.daily.invitations_accepted!.total);
    return html`
      <p>Du ${formatDate(stats.from, 'fr')} au ${formatDate(stats.to, 'fr')} : ${sum(stats.daily.links_created!.total)} liens de suivi créés,
        ${sent} invitations envoyées dont ${accepted} acceptées${sent ? ` (${Math.round((100 * accepted) / sent)} %)` : ''},
        ${sum(stats.daily.contact_reveals!.total)} coordonnées affichées. Des agrégats, sans aucune donnée personnelle.</p>
      ${this.charts(stats).map(
        (chart) => html`<figure class="gps-chart" aria-labelledby="titre-${chart.id}">
          <figcaption id="titre-${chart.id}">${chart.title}</figcaption>
          <div id="graphique-${chart.id}" role="img" aria-label="${chart.title} (les données sont dans le tableau qui suit)"></div>
          ${this.table(chart)}
        </figure>`,
      )}
      <h2 class="fr-h4">Par département et par type de structure</h2>
      ${this.breakdown(stats, 'byDepartement', 'Sur la période, par département de la structure', departement)}
      ${this.breakdown(stats, 'byOrganizationKind', 'Sur la période, par type de structure', (key) => KINDS[key] ?? key)}
      ${nothing}
    `;
  }
}

if (!customElements.get('gps-page-stats')) customElements.define('gps-page-stats', StatsSection);
