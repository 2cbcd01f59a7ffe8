import { LitElement, html, nothing } from 'lit';
import { formatDate } from '../../src/core/localization.ts';
import { SIDES, SOURCES, categoryTable, chartFigure, number, Plots, type Axis, type CellText, type Chart, COLORS } from './charts.ts';

type Cells = (number | null)[];
type Breakdown = { total: Cells; byDepartement: Record<string, Cells>; byOrganizationKind: Record<string, Cells> };
type Pair = { total: Cells; bySides: Record<string, Cells>; byOrganization: Record<string, Cells> };
type PublicStats = {
  weeks: string[];
  threshold: number;
  gaugesCounted: boolean[];
  metrics: Record<
    | 'links_ended'
    | 'join_requests'
    | 'contact_reveals'
    | 'invitations_sent'
    | 'invitations_accepted'
    | 'active_professionals'
    | 'first_time_professionals'
    | 'professionals_known'
    | 'active_share'
    | 'persons_followed'
    | 'persons_without_referent',
    Breakdown
  > & { links_created: Breakdown & { bySource: Record<string, Cells> }; links_between: Pair; reveals_between: Pair };
};


/**
 * « Statistiques publiques »: what GPS publishes for anyone, signed in or not, from
 * `/public/stats` (no token): weekly aggregates, every cell under the threshold written
 * « moins de 5 », never its number. The charts leave such a cell as a gap; their tables say it.
 */
class PublicStatsSection extends LitElement {
  static override properties = { stats: { state: true }, error: { state: true } };
  declare stats: PublicStats | undefined;
  declare error: string | undefined;
  private readonly plots = new Plots();

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  /** Public figures: no token, no cookie. */
  private async load() {
    try {
      const response = await fetch('/public/stats', { credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.stats = (await response.json()) as PublicStats;
    } catch {
      this.error = 'Les statistiques n’ont pas pu être chargées. Réessayez dans quelques minutes.';
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.plots.destroy();
  }

  /** What a table writes where the JSON has nothing: a gauge not counted that week, a share not published, or a small count. */
  private cell(stats: PublicStats): CellText {
    return (value, chart, index) => {
      if (value !== null) return chart.percent ? `${number(value)} %` : number(value);
      if (chart.gauge && !stats.gaugesCounted[index]) return 'non disponible';
      return chart.percent ? 'non publiée' : `moins de ${stats.threshold}`;
    };
  }

  private charts(stats: PublicStats): Chart[] {
    const { metrics } = stats;
    const sides = (pair: Pair) => Object.entries(SIDES).map(([key, label], i) => ({ label, values: pair.bySides[key] ?? stats.weeks.map(() => null), color: COLORS[i]!, bars: true }));
    return [
      { id: 'public-echanges', title: 'Coordonnées affichées entre le service public de l’emploi et les autres acteurs', x: stats.weeks, series: sides(metrics.reveals_between) },
      { id: 'public-mises-en-relation', title: 'Mises en relation (un professionnel qui entre dans un groupe, avec chacun de ses membres) entre le service public de l’emploi et les autres acteurs', x: stats.weeks, series: sides(metrics.links_between) },
      {
        id: 'public-collegues',
        title: 'Coordonnées affichées entre collègues d’une même structure ou de structures différentes',
        x: stats.weeks,
        series: [
          { label: 'Entre collègues d’une même structure', values: metrics.reveals_between.byOrganization.same ?? stats.weeks.map(() => null), color: '#000091', bars: true },
          { label: 'Entre structures différentes', values: metrics.reveals_between.byOrganization.other ?? stats.weeks.map(() => null), color: '#18753c', bars: true },
        ],
      },
      {
        id: 'public-origine',
        title: 'Liens de suivi créés selon leur origine',
        x: stats.weeks,
        series: Object.entries(SOURCES).map(([key, label], i) => ({ label, values: metrics.links_created.bySource[key] ?? stats.weeks.map(() => null), color: COLORS[i]!, bars: true })),
      },
      {
        id: 'public-actifs',
        title: 'Professionnels actifs, et ceux qui utilisent GPS pour la première fois',
        x: stats.weeks,
        series: [
          { label: 'Professionnels actifs', values: metrics.active_professionals.total, color: '#c9191e' },
          { label: 'Première utilisation', values: metrics.first_time_professionals.total, color: '#000091' },
        ],
      },
      { id: 'public-part-actifs', title: 'Part des professionnels connus de GPS actifs dans la semaine', x: stats.weeks, percent: true, gauge: true, series: [{ label: 'Part des actifs', values: metrics.active_share.total, color: '#18753c' }] },
      {
        id: 'public-sans-referent',
        title: 'Personnes suivies, et celles qui n’ont pas de référent de parcours (dernier décompte de la semaine)',
        x: stats.weeks,
        gauge: true,
        series: [
          { label: 'Personnes suivies', values: metrics.persons_followed.total, color: '#000091' },
          { label: 'Sans référent de parcours', values: metrics.persons_without_referent.total, color: '#c9191e' },
        ],
      },
    ];
  }

  override updated() {
    if (!this.stats || this.plots.drawn) return;
    this.plots.draw(this, this.charts(this.stats));
  }

  /** The last published week, per département or kind: only the categories with something published. */
  private lastWeek(stats: PublicStats, axis: Axis, caption: string) {
    const last = stats.weeks.length - 1;
    const columns = [
      ['active_professionals', 'Professionnels actifs', false],
      ['first_time_professionals', 'Première utilisation', false],
      ['active_share', 'Part des actifs', true],
      ['persons_followed', 'Personnes suivies', true],
      ['persons_without_referent', 'Sans référent de parcours', true],
    ] as const;
    const write = this.cell(stats);
    return categoryTable({
      id: `tableau-public-${axis}`,
      caption,
      axis,
      columns,
      categories: (metric) => stats.metrics[metric][axis],
      cell: ([metric, , gauge], key) => write(stats.metrics[metric][axis][key]?.[last] ?? null, { percent: metric === 'active_share', gauge }, last),
      empty: html`<p>${caption} : aucune case n’atteint le seuil de publication cette semaine.</p>`,
    });
  }

  override render() {
    if (this.error) return html`<div class="fr-alert fr-alert--error" role="alert"><p>${this.error}</p></div>`;
    const stats = this.stats;
    if (!stats) return html`<p role="status">Chargement des statistiques…</p>`;
    const first = stats.weeks[0]!;
    const last = stats.weeks.at(-1)!;
    const sunday = new Date(Date.parse(`${last}T12:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    return html`
      <p class="fr-text--lead">GPS réussit s’il renforce les échanges entre le service public de l’emploi (France Travail, Missions Locales, Cap emploi, départements) et tous les autres acteurs du Réseau pour l’emploi, et si les professionnels l’utilisent chaque semaine. Voici ce qu’il en mesure.</p>
      <p>Les ${stats.weeks.length} dernières semaines complètes, du ${formatDate(first, 'fr')} au ${formatDate(sunday, 'fr')}, semaine par semaine.</p>
      <div class="fr-callout fr-mb-4w">
        <h2 class="fr-callout__title fr-h6">Aucun chiffre ne désigne une personne ou un professionnel</h2>
        <p class="fr-callout__text fr-text--md">
          Ce sont des agrégats. Une case qui compte moins de ${stats.threshold} est remplacée par « moins de ${stats.threshold} », comme la plus petite case voisine quand
          une différence permettrait de la retrouver ; un département ou un type de structure dont toutes les cases sont masquées n’est pas listé. Les personnes suivies
          et sans référent sont comptées chaque nuit : c’est le dernier décompte de la semaine (« non disponible » sans décompte).
        </p>
      </div>
      <p>Télécharger les données : <a class="fr-link" href="/public/stats">JSON</a> · <a class="fr-link" href="/public/stats.csv" download="gps-statistiques-publiques.csv">CSV</a></p>
      ${this.charts(stats).map((chart) => chartFigure(chart, this.cell(stats)))}
      <h2 class="fr-h4">La semaine du ${formatDate(last, 'fr')}, par type de structure et par département</h2>
      ${this.lastWeek(stats, 'byOrganizationKind', `Semaine du ${formatDate(last, 'fr')}, par type de structure`)}
      ${this.lastWeek(stats, 'byDepartement', `Semaine du ${formatDate(last, 'fr')}, par département de la structure`)}
      ${nothing}
    `;
  }
}

if (!customElements.get('gps-page-public-stats')) customElements.define('gps-page-public-stats', PublicStatsSection);
