import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../src/core/api.ts';
import { BASE, NAVIGATE, REQUESTS_CHANGED, focusOn, navigate, type Navigation } from './navigation.ts';
import { api, currentUser, loginUrl, logout, type Me } from './session.ts';
import { connectButton } from './connect-button.ts';
import { PERSON_CHANGED, leavePersonSpace, personSignedIn } from './person-session.ts';
import { VIEWS, type View } from './views.ts';

/** Where a path of the page leads, and its parameters. */
function route(location: string): { view: View; params: Record<string, string> } {
  const pathname = location.split('?')[0]!;
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
  { href: `${BASE}/rechercher`, label: 'Rechercher ou ajouter une personne', id: 'search' },
  { href: `${BASE}/demandes`, label: 'Demandes à traiter', id: 'requests' },
  { href: `${BASE}/statistiques`, label: 'Statistiques', id: 'stats' },
];

const here = () => location.pathname + location.search;

/**
 * The GPS page: the DSFR shell (header with its mobile menu, navigation, footer) around one
 * view at a time, rendered in the light DOM so the DSFR stylesheet applies. Every view has
 * its address: Back, Forward and reload keep the place. Moving to another view puts the
 * focus on its title (or on the message saying what just happened), as a screen reader
 * user expects; moving between the parts of one view leaves it where it is.
 */
export class GpsApp extends LitElement {
  static override properties = {
    me: { state: true },
    ready: { state: true },
    path: { state: true },
    flash: { state: true },
    menuOpen: { state: true },
    waiting: { state: true },
    person: { state: true },
  };

  declare me: Me | undefined;
  declare ready: boolean;
  declare path: string;
  /** What the last change did, said once on the next view. */
  declare flash: string | undefined;
  declare menuOpen: boolean;
  /** How many join requests wait for my answer (the counter on « Demandes à traiter »). */
  declare waiting: number;
  /** A person is signed in to « Mon espace » (their own session, apart from the professional's). */
  declare person: boolean;

  constructor() {
    super();
    this.ready = false;
    this.path = here();
    this.menuOpen = false;
    this.waiting = 0;
    this.person = false;
  }

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener('popstate', () => {
      this.flash = undefined;
      this.path = here();
    });
    addEventListener(NAVIGATE, (event) => {
      this.flash = (event as CustomEvent<Navigation>).detail.flash;
      this.menuOpen = false;
      this.path = here();
    });
    addEventListener(REQUESTS_CHANGED, () => void this.countRequests());
    addEventListener(PERSON_CHANGED, () => (this.person = personSignedIn()));
    this.addEventListener('click', (event) => this.follow(event));
    this.addEventListener('keydown', (event) => this.menuKeys(event));
    document.addEventListener('gps-person-selected', (event) => navigate(`${BASE}/personnes/${event.detail.personId}`));
    document.addEventListener('gps-joined', (event) => {
      if (event.detail.status === 'active') navigate(`${BASE}/personnes/${event.detail.personId}`, { flash: 'Vous faites maintenant partie du groupe de suivi de cette personne.' });
    });
    void this.signIn();
  }

  private async signIn() {
    try {
      this.me = await currentUser();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    this.ready = true;
    void this.countRequests();
  }

  private async countRequests() {
    if (!this.me) return;
    try {
      this.waiting = (await api<unknown[]>('GET', '/join-requests')).length;
    } catch {
      // The counter is a help, not a must: the view itself says what went wrong.
    }
  }

  /** Links inside the page are followed without reloading it; a link to a part of this view (the skip links) moves the focus there. */
  private follow(event: MouseEvent) {
    const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement) as HTMLAnchorElement | undefined;
    if (!link || !link.href || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.target) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) {
      const target = document.getElementById(url.hash.slice(1));
      if (!target) return;
      event.preventDefault();
      // The navigation sits in the menu below 992 px: open it to get there.
      const inMenu = target.closest('#menu-principal') !== null && target.offsetParent === null;
      this.menuOpen = inMenu;
      const heading = target.id === 'contenu' ? target.querySelector<HTMLElement>('h1') : null;
      void this.updateComplete.then(() => {
        focusOn(heading ?? target);
        (heading ?? target).scrollIntoView();
      });
      return;
    }
    if (!url.pathname.startsWith(BASE)) return;
    event.preventDefault();
    if (url.pathname + url.search === here() && !url.hash) {
      this.menuOpen = false;
      return;
    }
    navigate(url.pathname + url.search + url.hash);
  }

  override async updated(changed: Map<string, unknown>) {
    if (changed.has('menuOpen')) {
      // The DSFR modal fades in: its close button takes the focus once it is visible.
      if (this.menuOpen && !this.querySelector('#menu-principal')!.contains(document.activeElement)) {
        const close = this.querySelector<HTMLElement>('#menu-principal .fr-btn--close');
        for (let attempt = 0; attempt < 75 && close && document.activeElement !== close; attempt += 1) {
          close.focus();
          if (document.activeElement !== close) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      else if (changed.get('menuOpen') === true && !changed.has('path')) this.querySelector<HTMLElement>('#bouton-menu')?.focus();
    }
    if (!changed.has('path') && !changed.has('ready')) return;
    const { view, params } = route(this.path);
    // « Mon espace » names its part itself, once it knows whether the person is signed in.
    if (!view.person) document.title = `${view.title} — GPS`;
    const previous = changed.get('path') as string | undefined;
    if (!changed.has('path') || previous === undefined) return;
    const before = route(previous);
    // Another part of the same view (a tab, a list): the focus stays on the link that was followed.
    if (before.view.id === view.id && before.params.id === params.id && !this.flash) return;
    window.scrollTo(0, 0);
    await this.landed();
  }

  /** Focus on the message of what just happened, else on the new view's title, once the view has drawn it. */
  private async landed() {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const target = this.querySelector<HTMLElement>('#message-flash') ?? this.querySelector<HTMLElement>('main h1');
      if (target) {
        focusOn(target);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** GPS's session ends, then the provider's (RP-initiated logout): on a shared workstation, the next sign-in asks again. */
  private async leave() {
    const endSessionUrl = await logout();
    this.me = undefined;
    this.menuOpen = false;
    if (endSessionUrl) location.assign(endSessionUrl);
    else navigate(`${BASE}/`);
  }

  /** The mobile menu is a DSFR modal: Escape closes it, Tab stays inside. */
  private menuKeys(event: KeyboardEvent) {
    if (!this.menuOpen) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      this.menuOpen = false;
      return;
    }
    if (event.key !== 'Tab') return;
    const menu = this.querySelector<HTMLElement>('#menu-principal')!;
    const focusable = [...menu.querySelectorAll<HTMLElement>('a[href], button:not([disabled])')].filter((element) => element.offsetParent !== null);
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  private tools(view: View) {
    // « Mon espace » belongs to the person: their sign-out, never the professionals' sign-in.
    if (view.person) {
      return this.person
        ? html`<li><button class="fr-btn fr-icon-logout-box-r-line" type="button" @click=${() => void leavePersonSpace()}>Se déconnecter</button></li>`
        : html`<li><a class="fr-btn fr-icon-account-line" href="${BASE}/">Espace professionnel</a></li>`;
    }
    return this.me
      ? html`<li><a class="fr-btn fr-icon-account-line" href="${BASE}/profil">${this.me.firstName} ${this.me.lastName}</a></li>
          <li><button class="fr-btn fr-icon-logout-box-r-line" type="button" @click=${this.leave}>Se déconnecter</button></li>`
      : html`<li><a class="fr-btn fr-icon-lock-line" href=${loginUrl()}>Se connecter</a></li>`;
  }

  private header(current: View) {
    return html`
      <div class="fr-skiplinks">
        <nav class="fr-container" role="navigation" aria-label="Accès rapide">
          <ul class="fr-skiplinks__list">
            <li><a class="fr-link" href="#contenu">Contenu</a></li>
            ${this.me && !current.person ? html`<li><a class="fr-link" href="#navigation">Menu</a></li>` : nothing}
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
                  <div class="fr-header__navbar">
                    <button
                      class="fr-btn--menu fr-btn"
                      type="button"
                      id="bouton-menu"
                      aria-controls="menu-principal"
                      aria-haspopup="dialog"
                      aria-expanded=${this.menuOpen ? 'true' : 'false'}
                      data-fr-opened=${this.menuOpen ? 'true' : 'false'}
                      title="Menu"
                      @click=${() => (this.menuOpen = true)}
                    >
                      Menu
                    </button>
                  </div>
                </div>
                <div class="fr-header__service">
                  <a href="${BASE}/" title="Accueil — GPS, Guide de partage et de suivi"><p class="fr-header__service-title">GPS</p></a>
                  <p class="fr-header__service-tagline">Guide de partage et de suivi</p>
                </div>
              </div>
              <div class="fr-header__tools">
                <div class="fr-header__tools-links">
                  <ul class="fr-btns-group">${this.tools(current)}</ul>
                </div>
              </div>
            </div>
          </div>
        </div>
        <div
          class="fr-header__menu fr-modal ${this.menuOpen ? 'fr-modal--opened' : ''}"
          id="menu-principal"
          aria-labelledby=${this.menuOpen ? 'bouton-menu' : nothing}
          role=${this.menuOpen ? 'dialog' : nothing}
          aria-modal=${this.menuOpen ? 'true' : nothing}
        >
          <div class="fr-container">
            <button class="fr-btn--close fr-btn" type="button" aria-controls="menu-principal" title="Fermer le menu" @click=${() => (this.menuOpen = false)}>Fermer</button>
            <div class="fr-header__menu-links">
              <ul class="fr-btns-group">${this.tools(current)}</ul>
            </div>
            ${this.me && !current.person
              ? html`<nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal" tabindex="-1">
                  <ul class="fr-nav__list">
                    ${NAV.map(
                      (item) => html`<li class="fr-nav__item">
                        <a class="fr-nav__link" href=${item.href} aria-current=${item.id === current.id ? 'page' : nothing}
                          >${item.label}${item.id === 'requests' && this.waiting > 0
                            ? html` <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon fr-ml-1v"
                                ><span class="fr-sr-only">(</span>${this.waiting}<span class="fr-sr-only"> en attente)</span></span
                              >`
                            : nothing}</a
                        >
                      </li>`,
                    )}
                  </ul>
                </nav>`
              : nothing}
          </div>
        </div>
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
              <ul class="fr-footer__content-list">
                <li class="fr-footer__content-item"><a class="fr-footer__content-link" href="${BASE}/mon-espace">Un professionnel vous accompagne ? Mon espace</a></li>
              </ul>
            </div>
          </div>
          <div class="fr-footer__bottom">
            <ul class="fr-footer__bottom-list">
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/accessibilite">Accessibilité : partiellement conforme</a></li>
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/mentions-legales">Mentions légales</a></li>
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/donnees-personnelles">Données personnelles</a></li>
              <li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" href="${BASE}/statistiques-publiques">Statistiques publiques</a></li>
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
        ${connectButton('ProConnect', loginUrl())}
        <p class="fr-mt-3w">Ce que GPS change pour les échanges entre professionnels, sans vous connecter : <a href="${BASE}/statistiques-publiques">les statistiques publiques</a>.</p>
        <div class="fr-callout fr-mt-5w">
          <h2 class="fr-callout__title">Un professionnel vous accompagne ?</h2>
          <p class="fr-callout__text">Dans Mon espace, vous voyez qui vous accompagne et ce qui a été fait pour vous. Vous pouvez aussi écrire vos besoins.</p>
          <a class="fr-btn fr-btn--secondary" href="${BASE}/mon-espace">Mon espace</a>
        </div>
      `;
    }
    return view.render({ me: this.me, params, query: new URLSearchParams(this.path.split('?')[1] ?? '') });
  }

  override render() {
    const { view, params } = route(this.path);
    return html`
      ${this.header(view)}
      <main id="contenu" role="main" tabindex="-1" class="fr-container fr-py-5w">
        <div role="status">${this.flash ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" id="message-flash" tabindex="-1"><p>${this.flash}</p></div>` : nothing}</div>
        ${this.content(view, params)}
      </main>
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
