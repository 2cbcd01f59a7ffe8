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
  plie: 'PLIE',
  e2c: 'E2C',
  epide: 'EPIDE',
  association: 'Association',
  autre: 'Autre',
};

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
            width: Math.min(target.clientWidth || 800, 900),
            height: 260,
            series: [{ label: 'Date', value: (_u: uPlot, t: number | null) => (t == null ? '—' : formatDate(new Date(t * 1000).toISOString(), 'fr')) }, ...chart.series.map((s) => ({ label: s.label, stroke: s.color, fill: s.bars ? s.color : undefined, width: 2, ...(s.bars ? { paths: bars } : {}) }))],
            axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((t) => SHORT_DATE.format(new Date(t * 1000))) }, {}],
            scales: { x: { time: true }, y: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
          },
          [chart.x.map(epoch), ...chart.series.map((s) => s.values)],
          target,
        ),
      );
    }
  }

  private table(chart: Chart) {
    return html`<details class="fr-mt-1w">
      <summary>Voir les données du graphique</summary>
      <div class="fr-table"><table>
        <caption>${chart.title}</caption>
        <thead><tr><th scope="col">Date</th>${chart.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
        <tbody>${chart.x.map((x, i) => html`<tr><th scope="row">${formatDate(x, 'fr')}</th>${chart.series.map((s) => html`<td>${s.values[i]}</td>`)}</tr>`)}</tbody>
      </table></div>
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
    return html`<div class="fr-table"><table>
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${axis === 'byDepartement' ? 'Département' : 'Type de structure'}</th>${metrics.map(([, name]) => html`<th scope="col">${name}</th>`)}</tr></thead>
      <tbody>
        ${keys.map((key) => html`<tr><th scope="row">${label(key)}</th>${metrics.map(([metric]) => html`<td>${sum(stats.daily[metric]![axis][key] ?? [])}</td>`)}</tr>`)}
      </tbody>
    </table></div>`;
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
      ${this.breakdown(stats, 'byDepartement', 'Sur la période, par département de la structure', (key) => (key === 'inconnu' ? 'Non renseigné' : key))}
      ${this.breakdown(stats, 'byOrganizationKind', 'Sur la période, par type de structure', (key) => KINDS[key] ?? key)}
      ${nothing}
    `;
  }
}

if (!customElements.get('gps-page-stats')) customElements.define('gps-page-stats', StatsSection);
