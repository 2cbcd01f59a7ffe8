import { LitElement, html } from 'lit';
import { ApiError } from '../../src/core/api.ts';
import { formatDate } from '../../src/core/localization.ts';
import { BASE } from './navigation.ts';
import { SIDES, SOURCES, categoryTable, chartFigure, number, perWeek, plainCell, Plots, type Axis, type Chart, COLORS } from './charts.ts';
import { api } from './session.ts';

type Breakdown = { total: number[]; byDepartement: Record<string, number[]>; byOrganizationKind: Record<string, number[]> };
type Gauge = { total: (number | null)[]; byDepartement: Record<string, (number | null)[]>; byOrganizationKind: Record<string, (number | null)[]> };
type Pair = { total: number[]; bySides: Record<string, number[]>; byOrganization: Record<string, number[]> };
type Stats = {
  from: string;
  to: string;
  days: string[];
  weeks: string[];
  daily: Record<'links_created' | 'links_ended' | 'join_requests' | 'contact_reveals' | 'invitations_sent' | 'invitations_accepted', Breakdown> & {
    links_created: Breakdown & { bySource: Record<string, number[]> };
    links_between: Pair;
    reveals_between: Pair;
  };
  weekly: {
    active_professionals: Breakdown;
    first_time_professionals: Breakdown;
    professionals_known: Gauge;
    active_share: Gauge;
    persons_followed: Gauge;
    persons_without_referent: Gauge;
  };
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * The social graph of GPS drawn from `/stats`, every figure as counted (the public page,
 * « Statistiques publiques », shows the same per week with small cells suppressed): how the
 * links grow and where they come from, how invitations convert, how often professionals reveal
 * each other's contact details and across which sides, who takes part, and how many persons
 * have no référent. Every chart has its figures in a table too.
 */
class StatsSection extends LitElement {
  static override properties = { stats: { state: true }, error: { state: true } };
  declare stats: Stats | undefined;
  declare error: string | undefined;
  private readonly plots = new Plots();

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
    this.plots.destroy();
  }

  private charts(stats: Stats): Chart[] {
    const { daily, weekly } = stats;
    const weekOf = (series: number[]) => perWeek(stats.days, stats.weeks, series);
    let running = 0;
    const active = stats.days.map((_, i) => (running += (daily.links_created.total[i] ?? 0) - (daily.links_ended.total[i] ?? 0)));
    const sides = (pair: Pair) => Object.entries(SIDES).map(([key, label], i) => ({ label, values: weekOf(pair.bySides[key] ?? []), color: COLORS[i]!, bars: true }));
    return [
      { id: 'liens', title: 'Liens de suivi créés depuis le début de la période (nets des fins de suivi)', x: stats.days, series: [{ label: 'Liens nets', values: active, color: '#000091' }] },
      {
        id: 'origine',
        title: 'Liens de suivi créés selon leur origine, par semaine',
        x: stats.weeks,
        series: Object.entries(SOURCES).map(([key, label], i) => ({ label, values: weekOf(daily.links_created.bySource[key] ?? []), color: COLORS[i]!, bars: true })),
      },
      {
        id: 'invitations',
        title: 'Invitations envoyées et acceptées, par semaine',
        x: stats.weeks,
        series: [
          { label: 'Envoyées', values: weekOf(daily.invitations_sent.total), color: '#000091', bars: true },
          { label: 'Acceptées', values: weekOf(daily.invitations_accepted.total), color: '#18753c', bars: true },
        ],
      },
      { id: 'coordonnees', title: 'Coordonnées affichées entre professionnels, par semaine', x: stats.weeks, series: [{ label: 'Coordonnées affichées', values: weekOf(daily.contact_reveals.total), color: '#6a6af4', bars: true }] },
      { id: 'echanges', title: 'Coordonnées affichées entre le service public de l’emploi et les autres acteurs, par semaine', x: stats.weeks, series: sides(daily.reveals_between) },
      { id: 'mises-en-relation', title: 'Mises en relation (un professionnel qui entre dans un groupe, avec chacun de ses membres) entre le service public de l’emploi et les autres acteurs, par semaine', x: stats.weeks, series: sides(daily.links_between) },
      {
        id: 'collegues',
        title: 'Coordonnées affichées entre collègues d’une même structure ou de structures différentes, par semaine',
        x: stats.weeks,
        series: [
          { label: 'Entre collègues d’une même structure', values: weekOf(daily.reveals_between.byOrganization.same ?? []), color: '#000091', bars: true },
          { label: 'Entre structures différentes', values: weekOf(daily.reveals_between.byOrganization.other ?? []), color: '#18753c', bars: true },
        ],
      },
      {
        id: 'actifs',
        title: 'Professionnels actifs, et ceux qui utilisent GPS pour la première fois, par semaine',
        x: stats.weeks,
        series: [
          { label: 'Professionnels actifs', values: weekly.active_professionals.total, color: '#c9191e' },
          { label: 'Première utilisation', values: weekly.first_time_professionals.total, color: '#000091' },
        ],
      },
      { id: 'part-actifs', title: 'Part des professionnels connus de GPS actifs dans la semaine', x: stats.weeks, percent: true, series: [{ label: 'Part des actifs', values: weekly.active_share.total, color: '#18753c' }] },
      {
        id: 'sans-referent',
        title: 'Personnes suivies, et celles qui n’ont pas de référent de parcours, au dernier décompte de chaque semaine',
        x: stats.weeks,
        series: [
          { label: 'Personnes suivies', values: weekly.persons_followed.total, color: '#000091' },
          { label: 'Sans référent de parcours', values: weekly.persons_without_referent.total, color: '#c9191e' },
        ],
      },
    ];
  }

  override updated() {
    if (!this.stats || this.plots.drawn) return;
    this.plots.draw(this, this.charts(this.stats));
  }

  private breakdown(stats: Stats, axis: Axis, caption: string) {
    const columns = [
      ['links_created', 'Liens créés'],
      ['invitations_sent', 'Invitations envoyées'],
      ['invitations_accepted', 'Invitations acceptées'],
      ['contact_reveals', 'Coordonnées affichées'],
    ] as const;
    return categoryTable({ id: `tableau-${axis}`, caption, axis, columns, categories: (metric) => stats.daily[metric][axis], cell: ([metric], key) => sum(stats.daily[metric][axis][key] ?? []) });
  }

  /** The last week's gauges and shares, per département or kind of organization. */
  private lastWeek(stats: Stats, axis: Axis, caption: string) {
    const columns = [
      ['persons_followed', 'Personnes suivies'],
      ['persons_without_referent', 'Sans référent de parcours'],
      ['professionals_known', 'Professionnels connus'],
      ['active_share', 'Part des actifs'],
    ] as const;
    return categoryTable({ id: `tableau-jauges-${axis}`, caption, axis, columns, categories: (metric) => stats.weekly[metric][axis], cell: ([metric], key) => this.lastValue(stats, metric, axis, key) });
  }

  /** A category absent from a week that was counted is a zero; a share without its count, or a week not counted, is « non disponible ». */
  private lastValue(stats: Stats, metric: keyof Stats['weekly'], axis: Axis, key: string) {
    const last = stats.weeks.length - 1;
    const gauge = stats.weekly[metric] as Gauge;
    const counted = stats.weekly.persons_followed.total[last] !== null;
    const value = gauge[axis][key]?.[last] ?? (counted && metric !== 'active_share' ? 0 : null);
    return plainCell(value, { percent: metric === 'active_share' }, last);
  }

  override render() {
    if (this.error) return html`<div class="fr-alert fr-alert--error" role="alert"><p>${this.error}</p></div>`;
    const stats = this.stats;
    if (!stats) return html`<p role="status">Chargement des statistiques…</p>`;
    const sent = sum(stats.daily.invitations_sent.total);
    const accepted = sum(stats.daily.invitations_accepted.total);
    const lastWeek = stats.weeks.at(-1)!;
    return html`
      <p>Du ${formatDate(stats.from, 'fr')} au ${formatDate(stats.to, 'fr')} : ${number(sum(stats.daily.links_created.total))} liens de suivi créés,
        ${number(sent)} invitations envoyées dont ${number(accepted)} acceptées${sent ? ` (${Math.round((100 * accepted) / sent)} %)` : ''},
        ${number(sum(stats.daily.contact_reveals.total))} coordonnées affichées. Des agrégats, sans aucune donnée personnelle.</p>
      <p>Les chiffres publics, par semaine et sans les petits nombres, sont sur la page <a href="${BASE}/statistiques-publiques">Statistiques publiques</a>.</p>
      ${this.charts(stats).map((chart) => chartFigure(chart, plainCell, chart.x === stats.days ? 'Date' : 'Semaine du'))}
      <h2 class="fr-h4">Par département et par type de structure</h2>
      ${this.breakdown(stats, 'byDepartement', 'Sur la période, par département de la structure')}
      ${this.breakdown(stats, 'byOrganizationKind', 'Sur la période, par type de structure')}
      ${this.lastWeek(stats, 'byDepartement', `Semaine du ${formatDate(lastWeek, 'fr')}, au dernier décompte, par département des structures qui suivent`)}
      ${this.lastWeek(stats, 'byOrganizationKind', `Semaine du ${formatDate(lastWeek, 'fr')}, au dernier décompte, par type des structures qui suivent`)}
    `;
  }
}

if (!customElements.get('gps-page-stats')) customElements.define('gps-page-stats', StatsSection);
