import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../src/core/api.ts';
import { currentUser, loginUrl, logout, type Me } from './session.ts';
import { VIEWS, type View } from './views.ts';

const BASE = '/app';

/** Where a path of the page leads, and its parameters. */
function route(pathname: string): { view: View; params: Record<string, string> } {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) || '/' : '/';
  for (const view of VIEWS) {
    const match = view.pattern.exec(path);
    if (match) return { view, params: match.groups ?? {} };
  }
  return { view: VIEWS.find((view) => view.id === 'not-found')!, params: {} };
}

/**
 * What the page says when a sign-in came back without a session (`/auth/callback` sends
 * `?connexion=`): what happened, and that signing in again is the way on.
 */
const SIGN_IN_FAILURES: Record<string, { title: string; text: string }> = {
  'structure-inconnue': {
    title: 'Votre structure n’est pas encore connue de GPS',
    text: 'Demandez à votre administrateur de la référencer, puis connectez-vous à nouveau.',
  },
  refusee: {
    title: 'La connexion a été annulée',
    text: 'ProConnect n’a pas confirmé votre identité : la connexion a été annulée ou refusée. Aucune session n’a été ouverte. Vous pouvez vous connecter à nouveau avec le bouton ci-dessous.',
  },
  indisponible: {
    title: 'ProConnect ne répond pas',
    text: 'Le service d’identification n’a pas pu être joint pour terminer votre connexion. Aucune session n’a été ouverte. Réessayez dans quelques minutes avec le bouton ci-dessous.',
  },
  echec: {
    title: 'La connexion n’a pas abouti',
    text: 'GPS n’a pas pu vérifier le retour de ProConnect : la demande de connexion a expiré (elle vaut 10 minutes), a déjà servi ou a été modifiée. Par sécurité, aucune session n’a été ouverte. Connectez-vous à nouveau avec le bouton ci-dessous.',
  },
};

/** Any other value is a failure too, told as the general one. */
const signInFailure = (value: string | null) => (value === null ? undefined : (SIGN_IN_FAILURES[value] ?? SIGN_IN_FAILURES.echec!));

const NAV: { href: string; label: string; id: string }[] = [
  { href: `${BASE}/`, label: 'Mes suivis', id: 'home' },
  { href: `${BASE}/rechercher`, label: 'Rechercher ou ajouter un bénéficiaire', id: 'search' },
  { href: `${BASE}/demandes`, label: 'Demandes à traiter', id: 'requests' },
  { href: `${BASE}/statistiques`, label: 'Statistiques', id: 'stats' },
];

/**
 * The GPS page: the DSFR shell (header, navigation, footer) around one view at a time,
 * rendered in the light DOM so the DSFR stylesheet applies. Navigation stays in the page
 * and moves the focus to the new view's title, as a screen reader user expects.
 */
export class GpsApp extends LitElement {
  static override properties = { me: { state: true }, ready: { state: true }, path: { state: true } };

  declare me: Me | undefined;
  declare ready: boolean;
  declare path: string;

  constructor() {
    super();
    this.ready = false;
    this.path = location.pathname;
  }

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('popstate', () => (this.path = location.pathname));
    this.addEventListener('click', (event) => this.follow(event));
    document.addEventListener('gps-person-selected', (event) => this.navigate(`${BASE}/personnes/${event.detail.personId}`));
    document.addEventListener('gps-joined', (event) => event.detail.status === 'active' && this.navigate(`${BASE}/personnes/${event.detail.personId}`));
    void this.signIn();
  }

  private async signIn() {
    try {
      this.me = await currentUser();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    this.ready = true;
  }

  /** Links inside the page are followed without reloading it. */
  private follow(event: MouseEvent) {
    const link = (event.composedPath().find((node) => node instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined) ?? undefined;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || link.target) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  }

  navigate(to: string) {
    history.pushState(null, '', to);
    this.path = location.pathname;
    window.scrollTo(0, 0);
  }

  override async updated(changed: Map<string, unknown>) {
    if (!changed.has('path') && !changed.has('ready')) return;
    const { view } = route(this.path);
    document.title = `${view.title} — GPS`;
    if (changed.has('path') && changed.get('path') !== undefined) this.querySelector<HTMLElement>('h1')?.focus();
  }

  /** GPS's session ends, then the provider's (RP-initiated logout): on a shared workstation, the next sign-in asks again. */
  private async leave() {
    const endSessionUrl = await logout();
    this.me = undefined;
    if (endSessionUrl) location.assign(endSessionUrl);
    else this.navigate(`${BASE}/`);
  }

  private header(current: View) {
    return html`
      <div class="fr-skiplinks">
        <nav class="fr-container" aria-label="Accès rapide">
          <ul class="fr-skiplinks__list">
            <li><a class="fr-link" href="#contenu">Contenu</a></li>
            <li><a class="fr-link" href="#pied-de-page">Pied de page</a></li>
          </ul>
        </nav>
      </div>
      <header role="banner" class="fr-header">
        <div class="fr-header__body">
          <div class="fr-container">
            <div class="fr-header__body-row">
              <div class="fr-header__brand fr-enlarge-link">
                <div class="fr-header__brand-top">
                  <div class="fr-header__logo"><p class="fr-logo">République<br />Française</p></div>
                </div>
                <div class="fr-header__service">
                  <a href="${BASE}/" title="Accueil — GPS, Guide de partage et de suivi"><p class="fr-header__service-title">GPS</p></a>
                  <p class="fr-header__service-tagline">Guide de partage et de suivi</p>
                </div>
              </div>
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">
                  <ul class="fr-btns-group">
                    ${this.me
                      ? html`<li><a class="fr-btn fr-icon-account-line" href="${BASE}/profil">${this.me.firstName} ${this.me.lastName}</a></li>
                          <li><button class="fr-btn fr-icon-logout-box-r-line" type="button" @click=${this.leave}>Se déconnecter</button></li>`
                      : html`<li><a class="fr-btn fr-icon-lock-line" href=${loginUrl()}>Se connecter</a></li>`}
                  </ul>
                </div>
              </div>
            </div>
          </div>
        </div>
        ${this.me
          ? html`<div class="fr-header__menu">
              <div class="fr-container">
                <nav class="fr-nav" aria-label="Menu principal">
                  <ul class="fr-nav__list">
                    ${NAV.map(
                      (item) => html`<li class="fr-nav__item">
                        <a class="fr-nav__link" href=${item.href} aria-current=${item.id === current.id ? 'page' : nothing}>${item.label}</a>
                      </li>`,
                    )}
                  </ul>
                </nav>
              </div>
            </div>`
          : nothing}
      </header>
    `;
  }

  private footer() {
    return html`
      <footer class="fr-footer" role="contentinfo" id="pied-de-page">
        <div class="fr-container">
          <div class="fr-footer__body">
            <div class="fr-footer__brand fr-enlarge-link">
              <a href="${BASE}/" title="Retour à l’accueil — GPS"><p class="fr-logo">République<br />Française</p></a>
            </div>
            <div class="fr-footer__content">
              <p class="fr-footer__content-desc">
                GPS réunit sur une page la situation d’une personne accompagnée vers l’emploi et les coordonnées des professionnels qui la
                suivent, pour qu’ils se parlent. Un service du Réseau pour l’emploi.
              </p>
            </div>
          </div>
          <div class="fr-footer__bottom">
            <ul class="fr-footer__bottom-list">
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/accessibilite">Accessibilité : partiellement conforme</a></li>
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/mentions-legales">Mentions légales</a></li>
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/donnees-personnelles">Données personnelles</a></li>
            </ul>
            <div class="fr-footer__bottom-copy"><p>Sauf mention contraire, le code de GPS est publié sous licence AGPL-3.0.</p></div>
          </div>
        </div>
      </footer>
    `;
  }

  private content(view: View, params: Record<string, string>): TemplateResult {
    if (!this.ready) return html`<p role="status">Chargement…</p>`;
    if (!this.me && !view.public) {
      const failed = signInFailure(new URLSearchParams(location.search).get('connexion'));
      return html`
        <h1 tabindex="-1">Connectez-vous pour accéder à GPS</h1>
        ${failed
          ? html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <h2 class="fr-alert__title">${failed.title}</h2>
              <p>${failed.text}</p>
            </div>`
          : nothing}
        <p>GPS réunit les professionnels qui accompagnent une même personne. Connectez-vous avec votre compte professionnel.</p>
        <a class="fr-btn" href=${loginUrl()}>Se connecter avec ProConnect</a>
      `;
    }
    return view.render({ me: this.me!, params, app: this });
  }

  override render() {
    const { view, params } = route(this.path);
    return html`
      ${this.header(view)}
      <main id="contenu" role="main" class="fr-container fr-py-5w">${this.content(view, params)}</main>
      ${this.footer()}
    `;
  }
}

if (!customElements.get('gps-app')) customElements.define('gps-app', GpsApp);

declare global {
  interface HTMLElementTagNameMap {
    'gps-app': GpsApp;
  }
}
