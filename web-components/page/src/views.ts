import { html, type TemplateResult } from 'lit';
import type { Me } from './session.ts';
import './sections/home.ts';
import './sections/create.ts';
import './sections/person.ts';
import './sections/requests.ts';
import './sections/profile.ts';
import './sections/invitation.ts';
import './stats.ts';
import './public-stats.ts';
import './sections/my-space.ts';

/** What a view is given: who is signed in (for a public view, maybe nobody), the path's parameters, the query. */
export type ViewContext = { me: Me | undefined; params: Record<string, string>; query: URLSearchParams };
export type View = {
  id: string;
  pattern: RegExp;
  title: string;
  public?: boolean;
  /** A view of the person followed (« Mon espace »): their own session, not a professional's; the header offers theirs. */
  person?: boolean;
  render: (context: ViewContext) => TemplateResult;
};

const title = (text: string) => html`<h1 tabindex="-1">${text}</h1>`;

/** The views of the page, by path under /app. */
export const VIEWS: View[] = [
  {
    id: 'home',
    pattern: /^\/$/,
    title: 'Mes suivis',
    render: ({ query }) => html`${title('Mes suivis')}<gps-page-home list=${query.get('liste') ?? ''} ?changed=${query.get('nouveau') === 'oui'}></gps-page-home>`,
  },
  {
    id: 'search',
    pattern: /^\/rechercher$/,
    title: 'Rechercher ou ajouter une personne',
    render: () => html`
      ${title('Rechercher ou ajouter une personne')}
      <p>GPS ne montre une personne qu’à ceux qui la suivent : retrouvez-la par son identité exacte, puis rejoignez son groupe de suivi.</p>
      <div class="gps-grid">
        <gps-join></gps-join>
        <gps-page-create></gps-page-create>
      </div>
    `,
  },
  {
    id: 'person',
    pattern: /^\/personnes\/(?<id>[0-9A-Za-z]{1,40})(?:\/(?<tab>actions|journal|imprimer))?$/,
    title: 'Fiche de la personne',
    render: ({ params, me }) => html`<gps-page-person person-id=${params.id!} tab=${params.tab ?? ''} me=${me!.id}></gps-page-person>`,
  },
  {
    id: 'requests',
    pattern: /^\/demandes$/,
    title: 'Demandes à traiter',
    render: () => html`${title('Demandes à traiter')}<gps-page-request-list></gps-page-request-list>`,
  },
  {
    id: 'profile',
    pattern: /^\/profil$/,
    title: 'Mon profil',
    render: ({ me }) => html`${title('Mon profil')}<gps-page-profile .me=${me!}></gps-page-profile>`,
  },
  {
    id: 'stats',
    pattern: /^\/statistiques$/,
    title: 'Statistiques',
    render: () => html`${title('Statistiques d’utilisation de GPS')}<gps-page-stats></gps-page-stats>`,
  },
  {
    id: 'my-space',
    pattern: /^\/mon-espace(?:\/(?<tab>ce-qui-a-ete-fait|consultations|besoins|donnees|donnees\/imprimer))?\/?$/,
    title: 'Mon espace',
    public: true,
    person: true,
    render: ({ params, query }) => html`<gps-page-my-space tab=${params.tab ?? ''} connexion=${query.get('connexion') ?? ''}></gps-page-my-space>`,
  },
  {
    id: 'public-stats',
    pattern: /^\/statistiques-publiques$/,
    title: 'Statistiques publiques',
    public: true,
    render: () => html`${title('Statistiques publiques de GPS')}<gps-page-public-stats></gps-page-public-stats>`,
  },
  {
    id: 'invitation',
    pattern: /^\/invitation$/,
    title: 'Invitation',
    public: true,
    render: ({ me }) => html`${title('Invitation à rejoindre un groupe de suivi')}<gps-page-invitation ?signed-in=${me !== undefined}></gps-page-invitation>`,
  },
  {
    id: 'accessibility',
    pattern: /^\/accessibilite$/,
    title: 'Accessibilité',
    public: true,
    render: () => html`
      ${title('Déclaration d’accessibilité')}
      <p>Le Réseau pour l’emploi s’engage à rendre GPS accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
      <h2>État de conformité</h2>
      <p>GPS est <strong>partiellement conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA 4.1) : aucun audit externe n’a encore été réalisé. Chaque page et chaque widget sont testés automatiquement (axe-core, WCAG 2.1 A et AA) et au clavier.</p>
      <h2>Retour d’information et contact</h2>
      <p>Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez à l’équipe GPS pour être orienté vers une alternative accessible.</p>
      <h2>Voies de recours</h2>
      <p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou une fonctionnalité, que vous nous l’avez signalé et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits.</p>
    `,
  },
  {
    id: 'legal',
    pattern: /^\/mentions-legales$/,
    title: 'Mentions légales',
    public: true,
    render: () => html`
      ${title('Mentions légales')}
      <p>GPS (Guide de partage et de suivi) est un service numérique public du Réseau pour l’emploi. Le directeur de la publication est désigné par l’opérateur qui déploie le service.</p>
      <p>Hébergement : l’opérateur déploie GPS dans son propre compte d’hébergement (région européenne).</p>
    `,
  },
  {
    id: 'privacy',
    pattern: /^\/donnees-personnelles$/,
    title: 'Données personnelles',
    public: true,
    render: () => html`
      ${title('Données personnelles')}
      <p>GPS traite les données nécessaires à la coordination de l’accompagnement : identité, coordonnées, situation de la personne accompagnée, et l’identité professionnelle de ceux qui la suivent. Seuls les membres actifs du groupe de suivi y accèdent ; chaque consultation est tracée.</p>
      <p>Les suivis sans activité depuis deux ans prennent fin automatiquement.</p>
    `,
  },
  {
    id: 'not-found',
    pattern: /^$/,
    title: 'Page introuvable',
    public: true,
    render: () => html`${title('Page introuvable')}<p>Cette page n’existe pas. <a href="/app/">Revenir à mes suivis</a>.</p>`,
  },
];
