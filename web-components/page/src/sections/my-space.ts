import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../../../src/core/api.ts';
import { categoryLabel } from '../../../src/core/labels.ts';
import { formatPhone, telHref } from '../../../src/core/localization.ts';
import { referentFirst, type MyFile, type Need, type TeamMember } from '../../../src/core/my-file.ts';
import { connectButton } from '../connect-button.ts';
import { BASE } from '../navigation.ts';
import { leavePersonSpace, personApi, personLoginUrl, setPersonSignedIn } from '../person-session.ts';
import { Section, confirmModal, day, showModal } from './section.ts';
import './my-journal.ts';
import './my-needs.ts';
import './my-data.ts';

/** The parts of « Mon espace », each at its own address under /app/mon-espace. */
export const MY_TABS = [
  { slug: '', label: 'Mon équipe' },
  { slug: 'ce-qui-a-ete-fait', label: 'Ce qui a été fait' },
  { slug: 'consultations', label: 'Qui a consulté mon dossier' },
  { slug: 'besoins', label: 'Mes besoins' },
  { slug: 'donnees', label: 'Mes données' },
] as const;

const HOME = `${BASE}/mon-espace`;

/** What the page says when a sign-in came back without a session (`?connexion=`), in the person's words. */
const SIGN_IN_FAILURES: Record<string, { title: string; text: string }> = {
  refusee: {
    title: 'La connexion a été annulée',
    text: 'FranceConnect n’a pas confirmé votre identité. Vous pouvez réessayer avec le bouton ci-dessous.',
  },
  indisponible: {
    title: 'FranceConnect ne répond pas',
    text: 'Le service de connexion ne répond pas en ce moment. Réessayez dans quelques minutes.',
  },
  echec: {
    title: 'La connexion n’a pas abouti',
    text: 'GPS n’a pas pu vérifier votre connexion. Par sécurité, elle est annulée. Réessayez avec le bouton ci-dessous.',
  },
};

type State = 'loading' | 'signed-out' | 'no-file' | 'ready' | 'error';

/**
 * « Mon espace », for the person followed: signed in with FranceConnect (their own session,
 * see person-session.ts), they see their team (the référent first, phone and e-mail as
 * links), what was done, who read their file, the needs they write, and all their data.
 * Short sentences, no word of the trade without its explanation: the README's plain-language
 * check, which tests/browser/person-space.test.ts applies to every part.
 */
class MySpace extends Section {
  static override properties = {
    tab: {},
    connexion: {},
    state: { state: true },
    file: { state: true },
    error: { state: true },
    flagging: { state: true },
    busy: { state: true },
  };
  declare tab: string;
  declare connexion: string;
  declare state: State;
  declare file: MyFile | undefined;
  declare error: string | undefined;
  /** The member the person is about to say they do not know, waiting for the confirmation. */
  declare flagging: TeamMember | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.tab = '';
    this.connexion = '';
    this.state = 'loading';
    this.busy = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('tab') || changed.has('state')) {
      const tab = MY_TABS.find((t) => t.slug === this.tab);
      const part = this.state !== 'ready' ? undefined : this.tab === 'donnees/imprimer' ? 'Toutes mes données' : tab?.label;
      document.title = `${part ? `${part} — ` : ''}Mon espace — GPS`;
    }
  }

  /**
   * Moving between the parts of « Mon espace » leaves the focus on the link followed, as
   * between the parts of a person's file; a link that went away with its part (« Voir mes
   * données ») hands it to the new part's title, not to the top of the page.
   */
  override async updated(changed: Map<string, unknown>) {
    if (!changed.has('tab') || changed.get('tab') === undefined) return;
    await this.updateComplete;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) await this.focusAfterRender('.gps-part h2');
  }

  private async load() {
    try {
      this.file = await personApi<MyFile>('GET', '/my-file');
      this.state = 'ready';
      setPersonSignedIn(true);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.state = error.status === 401 ? 'signed-out' : error.status === 404 ? 'no-file' : 'error';
      this.error = error.message;
      setPersonSignedIn(error.status === 404);
    }
  }

  private askFlag(member: TeamMember) {
    this.flagging = member;
    void showModal(this, 'inconnu');
  }

  private async flag() {
    const member = this.flagging!;
    this.busy = true;
    try {
      const flagged = await personApi<TeamMember>('POST', `/my-file/team/${encodeURIComponent(member.proId)}/unknown`);
      const put = (list: TeamMember[]) => list.map((m) => (m.proId === flagged.proId ? flagged : m));
      this.file = { ...this.file!, team: put(this.file!.team), formerTeam: put(this.file!.formerTeam) };
      this.error = undefined;
    } catch (error) {
      this.error = this.errorOf(error);
    } finally {
      this.busy = false;
    }
    this.flagging = undefined;
    await this.focusAfterRender(this.error ? '#espace-erreur' : `#signale-${member.proId}`);
  }

  private landing() {
    const failed = this.connexion ? (SIGN_IN_FAILURES[this.connexion] ?? SIGN_IN_FAILURES.echec!) : undefined;
    return html`
      ${failed
        ? html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">${failed.title}</h2>
            <p>${failed.text}</p>
          </div>`
        : nothing}
      <p class="fr-text--lead">Un professionnel vous aide à trouver un emploi ? Cet espace est pour vous.</p>
      <ul>
        <li>Vous voyez les professionnels qui vous accompagnent, et comment les joindre.</li>
        <li>Vous voyez ce qui a été fait pour vous.</li>
        <li>Vous voyez qui a regardé votre dossier.</li>
        <li>Vous écrivez vos besoins : votre équipe les lit.</li>
      </ul>
      <p>Pour entrer, connectez-vous avec FranceConnect. FranceConnect utilise un compte que vous avez déjà : impots.gouv.fr, ameli.fr ou l’Identité Numérique La Poste, par exemple.</p>
      ${connectButton('FranceConnect', personLoginUrl(HOME))}
      <p class="fr-text--sm">Vous êtes un professionnel ? <a href="${BASE}/">Allez sur votre espace professionnel</a>.</p>
    `;
  }

  private noFile() {
    return html`<div class="fr-callout">
      <h2 class="fr-callout__title">Nous n’avons pas trouvé de dossier à votre nom</h2>
      <p class="fr-callout__text">
        GPS cherche un dossier avec exactement vos nom, prénom et date de naissance. Si un professionnel vous accompagne, demandez-lui de vérifier ces
        informations dans GPS. Ensuite, reconnectez-vous.
      </p>
    </div>
    <button class="fr-btn fr-btn--secondary" type="button" @click=${() => void leavePersonSpace()}>Se déconnecter</button>`;
  }

  private tabs() {
    const current = this.tab === 'donnees/imprimer' ? 'donnees' : this.tab;
    // Small and side by side even on a phone: the team shows without scrolling past five full-width buttons.
    return html`<nav class="gps-tabs gps-no-print" aria-label="Parties de mon espace">
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        ${MY_TABS.map(
          (tab) => html`<li>
            <a class="fr-btn ${current === tab.slug ? '' : 'fr-btn--secondary'}" href="${HOME}${tab.slug ? `/${tab.slug}` : ''}" aria-current=${this.tab === tab.slug ? 'page' : 'false'}
              >${tab.label}</a
            >
          </li>`,
        )}
      </ul>
    </nav>`;
  }

  private member(member: TeamMember, past: boolean) {
    const name = `${member.firstName} ${member.lastName}`;
    const role = member.role ?? member.jobTitle;
    const id = member.proId;
    return html`<li class="gps-member ${member.isReferent ? 'gps-member--referent' : ''}">
      <h3 class="fr-h5 fr-mb-1w" id="membre-${id}">${name}</h3>
      ${member.isReferent
        ? html`<p class="fr-mb-1w"><span class="fr-badge fr-badge--info fr-badge--no-icon">Référent</span></p>
            <p class="fr-mb-1w">C’est la personne qui coordonne votre accompagnement.</p>`
        : nothing}
      <p class="fr-mb-1w">${role ? html`${role}, ` : nothing}${member.organization.name}</p>
      <p class="fr-mb-1w">
        ${past && member.endedAt ? `Accompagnement du ${day(member.startedAt)} au ${day(member.endedAt)}.` : `Vous accompagne depuis le ${day(member.startedAt)}.`}
      </p>
      <p class="fr-mb-1w fr-text--sm">Pourquoi : ${member.reason}</p>
      <ul class="gps-contact">
        ${member.phone ? html`<li>Téléphone : <a href=${telHref(member.phone)}>${formatPhone(member.phone)}</a></li>` : nothing}
        ${member.email ? html`<li>E-mail : <a href="mailto:${member.email}">${member.email}</a></li>` : nothing}
      </ul>
      ${member.flaggedUnknownAt
        ? html`<div class="fr-alert fr-alert--warning fr-alert--sm" id="signale-${id}" tabindex="-1">
            <p>Le ${day(member.flaggedUnknownAt)}, vous avez dit ne pas connaître ce professionnel. Votre équipe le voit.</p>
          </div>`
        : html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" id="inconnu-${id}" aria-describedby="membre-${id}" @click=${() => this.askFlag(member)}>
            Je ne connais pas ce professionnel
          </button>`}
    </li>`;
  }

  private team(file: MyFile) {
    const name = this.flagging ? `${this.flagging.firstName} ${this.flagging.lastName}` : '';
    return html`
      <h2 class="fr-h4">Mon équipe</h2>
      ${file.team.length
        ? html`<p>Ces professionnels vous accompagnent aujourd’hui. Vous pouvez les appeler ou leur écrire.</p>
            <ul class="gps-members">${referentFirst(file.team).map((member) => this.member(member, false))}</ul>`
        : html`<p>Aucun professionnel ne vous accompagne en ce moment.</p>`}
      ${file.formerTeam.length
        ? html`<h2 class="fr-h4">Les professionnels qui vous accompagnaient avant</h2>
            <ul class="gps-members">${file.formerTeam.map((member) => this.member(member, true))}</ul>`
        : nothing}
      ${confirmModal({
        id: 'inconnu',
        open: this.flagging !== undefined,
        title: `Vous ne connaissez pas ${name} ?`,
        text: html`<p>Votre équipe verra que vous ne connaissez pas ${name}. Elle pourra vérifier pourquoi ce professionnel a accès à votre dossier.</p>`,
        confirm: 'Oui, je confirme',
        busy: this.busy,
        onConfirm: () => void this.flag(),
        onClose: () => {
          if (this.busy || !this.flagging) return;
          const id = this.flagging.proId;
          this.flagging = undefined;
          void this.focusAfterRender(`#inconnu-${id}`);
        },
      })}
    `;
  }

  private actions(file: MyFile) {
    return html`
      <h2 class="fr-h4">Ce qui a été fait pour vous</h2>
      ${file.actions.length
        ? html`<p>Les professionnels notent ici ce qu’ils ont fait pour vous. Le plus récent est en haut.</p>
            <ul class="gps-actions">
              ${file.actions.map(
                (action) => html`<li>
                  <p class="fr-mb-1w"><strong>${day(action.date)}</strong> <span class="fr-tag fr-tag--sm fr-ml-1v">${categoryLabel(action.category)}</span></p>
                  <p class="fr-mb-1w">${action.text}</p>
                  <p class="fr-hint-text">Noté par ${action.author.firstName} ${action.author.lastName}, ${action.author.organizationName}.</p>
                </li>`,
              )}
            </ul>`
        : html`<p>Rien n’a encore été noté dans votre dossier.</p>`}
    `;
  }

  private shownPart(file: MyFile): TemplateResult {
    switch (this.tab) {
      case 'ce-qui-a-ete-fait':
        return this.actions(file);
      case 'consultations':
        return html`<h2 class="fr-h4">Qui a consulté mon dossier</h2>
          <p>Chaque fois qu’un professionnel regarde ou change votre dossier, GPS le note ici. Le plus récent est en haut.</p>
          <gps-page-my-journal></gps-page-my-journal>`;
      case 'besoins':
        return html`<h2 class="fr-h4">Mes besoins</h2>
          <gps-page-my-needs
            .needs=${file.needs}
            @gps-page-needs-changed=${(event: CustomEvent<{ needs: Need[] }>) => (this.file = { ...file, needs: event.detail.needs })}
          ></gps-page-my-needs>`;
      case 'donnees':
        return html`<h2 class="fr-h4">Mes données</h2><gps-page-my-data></gps-page-my-data>`;
      case 'donnees/imprimer':
        return html`<nav role="navigation" class="fr-breadcrumb gps-no-print" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
              <li><a class="fr-breadcrumb__link" href="${HOME}/donnees">Mes données</a></li>
              <li><a class="fr-breadcrumb__link" aria-current="page">Toutes mes données</a></li>
            </ol>
          </nav>
          <h2 class="fr-h4">Toutes mes données</h2>
          <gps-page-my-data printable></gps-page-my-data>`;
      default:
        return this.team(file);
    }
  }

  private body() {
    switch (this.state) {
      case 'loading':
        return html`<p role="status">Chargement…</p>`;
      case 'signed-out':
        return this.landing();
      case 'no-file':
        return this.noFile();
      case 'error':
        return this.alert(this.error);
      default:
        return html`${this.tabs()}
          <div id="espace-erreur" tabindex="-1">${this.alert(this.error)}</div>
          <div class="gps-part">${this.shownPart(this.file!)}</div>`;
    }
  }

  override render() {
    const file = this.file;
    // One heading for every state, so the one the shell focused stays the same element.
    return html`<h1 tabindex="-1">Mon espace${file ? html`<span class="fr-hint-text">${file.identity.firstName} ${file.identity.lastName}</span>` : nothing}</h1>
      ${this.body()}`;
  }
}

Section.define('gps-page-my-space', MySpace);
