import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../src/core/api.ts';
import { formatDate } from '../../src/core/localization.ts';
import { api, type Me } from './session.ts';

/** A part of the page: light DOM (the DSFR stylesheet applies), with the API's French errors. */
class Section extends LitElement {
  protected override createRenderRoot() {
    return this;
  }

  protected errorOf(error: unknown): string {
    if (error instanceof ApiError) return error.message;
    throw error;
  }

  protected alert(message: string | undefined) {
    return message ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert"><p>${message}</p></div>` : nothing;
  }

  protected go(path: string) {
    this.closest('gps-app')?.navigate(path);
  }
}

const day = (value: string) => formatDate(value, 'fr');
const WHICH = [
  { status: 'current', label: 'En cours' },
  { status: 'ended', label: 'Historique' },
  { status: 'pending', label: 'Demandes envoyées' },
] as const;

class HomeSection extends Section {
  static override properties = { status: { state: true }, filter: { state: true } };
  declare status: string;
  declare filter: string;

  constructor() {
    super();
    this.status = 'current';
    this.filter = '';
  }

  override render() {
    return html`
      <div class="gps-tabs" role="group" aria-label="Quels suivis afficher">
        ${WHICH.map(
          (which) => html`<button
            type="button"
            class="fr-btn ${which.status === this.status ? '' : 'fr-btn--secondary'}"
            aria-pressed=${which.status === this.status ? 'true' : 'false'}
            @click=${() => (this.status = which.status)}
          >
            ${which.label}
          </button>`,
        )}
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="filtre">Filtrer par nom</label>
        <input class="fr-input" id="filtre" type="search" .value=${this.filter} @input=${(event: InputEvent) => (this.filter = (event.target as HTMLInputElement).value)} />
      </div>
      <gps-follow-up-list status=${this.status} filter=${this.filter}></gps-follow-up-list>
    `;
  }
}

class CreateSection extends Section {
  static override properties = { error: { state: true }, busy: { state: true } };
  declare error: string | undefined;
  declare busy: boolean;

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = undefined;
    try {
      const person = await api<{ id: string }>('POST', '/persons', {
        identity: { lastName: form.get('lastName'), firstName: form.get('firstName'), birthDate: form.get('birthDate') },
        reason: form.get('reason'),
      });
      this.go(`/app/personnes/${person.id}`);
    } catch (error) {
      this.error = this.errorOf(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <form @submit=${this.create} class="fr-p-3w fr-background-alt--grey">
        <h2 class="fr-h4">Ajouter une personne</h2>
        <p class="fr-hint-text">Si la recherche ne l’a pas trouvée : vous serez le premier membre de son groupe de suivi.</p>
        ${this.alert(this.error)}
        <div class="fr-input-group"><label class="fr-label" for="new-lastName">Nom de naissance</label><input class="fr-input" id="new-lastName" name="lastName" required /></div>
        <div class="fr-input-group"><label class="fr-label" for="new-firstName">Prénom</label><input class="fr-input" id="new-firstName" name="firstName" required /></div>
        <div class="fr-input-group"><label class="fr-label" for="new-birthDate">Date de naissance</label><input class="fr-input" id="new-birthDate" name="birthDate" type="date" required /></div>
        <div class="fr-input-group">
          <label class="fr-label" for="new-reason">Motif de votre accompagnement <span class="fr-hint-text">Visible par les autres membres : rien de confidentiel.</span></label>
          <input class="fr-input" id="new-reason" name="reason" required maxlength="500" />
        </div>
        <button class="fr-btn" type="submit" ?disabled=${this.busy}>Ajouter la personne</button>
      </form>
    `;
  }
}

type AuditEvent = { id: string; kind: string; at: string; actorId: string; portal: string };
const KIND: Record<string, string> = {
  person_created: 'a créé le dossier',
  card_read: 'a consulté la fiche',
  members_read: 'a consulté la liste des membres',
  actions_read: 'a consulté ce qui a été entrepris',
  looked_up: 'a recherché la personne',
  contact_revealed: 'a affiché les coordonnées d’un membre',
  joined: 'a rejoint le groupe',
  join_requested: 'a demandé à rejoindre le groupe',
  join_accepted: 'a accepté une demande',
  join_declined: 'a refusé une demande',
  follow_up_ended: 'a mis fin à son suivi',
  member_removed: 'a mis fin au suivi d’un membre',
  follow_up_updated: 'a modifié son suivi',
  referent_changed: 'a changé de référent·e',
  person_updated: 'a mis à jour la situation',
  action_added: 'a noté une action',
  invitation_sent: 'a invité un·e collègue',
  invitation_accepted: 'a accepté une invitation',
  invitation_revoked: 'a annulé une invitation',
  exported: 'a exporté le dossier',
};

class PersonSection extends Section {
  static override properties = { personId: { attribute: 'person-id' }, tab: { state: true }, audit: { state: true }, names: { state: true }, error: { state: true } };
  declare personId: string;
  declare tab: 'fiche' | 'actions' | 'journal';
  declare audit: AuditEvent[] | undefined;
  declare names: Map<string, string>;
  declare error: string | undefined;

  constructor() {
    super();
    this.tab = 'fiche';
    this.names = new Map();
  }

  private async show(tab: 'fiche' | 'actions' | 'journal') {
    this.tab = tab;
    if (tab !== 'journal') return;
    try {
      const [events, members] = await Promise.all([
        api<{ items: AuditEvent[] }>('GET', `/persons/${this.personId}/audit?limit=100`),
        api<{ proId: string; professional: { firstName: string; lastName: string } }[]>('GET', `/persons/${this.personId}/members`),
      ]);
      this.names = new Map(members.map((m) => [m.proId, `${m.professional.firstName} ${m.professional.lastName}`]));
      this.audit = events.items;
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private tabs() {
    const tabs = [
      ['fiche', 'Fiche et accompagnants'],
      ['actions', 'Ce qui a été entrepris'],
      ['journal', 'Journal des accès'],
    ] as const;
    return html`<div class="gps-tabs" role="group" aria-label="Partie du dossier">
      ${tabs.map(
        ([id, label]) => html`<button type="button" class="fr-btn ${this.tab === id ? '' : 'fr-btn--secondary'}" aria-pressed=${this.tab === id ? 'true' : 'false'} @click=${() => this.show(id)}>${label}</button>`,
      )}
    </div>`;
  }

  override render() {
    const id = this.personId;
    return html`
      <h1 tabindex="-1">Fiche du bénéficiaire</h1>
      ${this.tabs()} ${this.alert(this.error)}
      ${this.tab === 'fiche'
        ? html`<div class="gps-grid">
            <div class="gps-stack"><gps-person-card person-id=${id}></gps-person-card><gps-situation-editor person-id=${id}></gps-situation-editor></div>
            <div class="gps-stack"><gps-invite-button person-id=${id}></gps-invite-button><gps-referent-list person-id=${id}></gps-referent-list></div>
          </div>`
        : this.tab === 'actions'
          ? html`<gps-action-log person-id=${id}></gps-action-log>`
          : html`<h2 class="fr-h4">Qui a consulté ou modifié ce dossier</h2>
              ${this.audit === undefined
                ? html`<p role="status">Chargement…</p>`
                : html`<ul>
                    ${this.audit.map(
                      (event) => html`<li>${day(event.at)} — ${this.names.get(event.actorId) ?? 'GPS'} ${KIND[event.kind] ?? event.kind} (via ${event.portal})</li>`,
                    )}
                  </ul>`}`}
    `;
  }
}

type JoinRequest = {
  personId: string;
  person: { firstName: string; lastName: string; birthDate: string };
  requester: { proId: string; professional: { firstName: string; lastName: string }; organization: { name: string }; reason: string; startedAt: string };
};

class RequestsSection extends Section {
  static override properties = { requests: { state: true }, error: { state: true }, done: { state: true } };
  declare requests: JoinRequest[] | undefined;
  declare error: string | undefined;
  declare done: string | undefined;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.requests = await api<JoinRequest[]>('GET', '/join-requests');
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private async answer(request: JoinRequest, answer: 'accept' | 'decline') {
    this.error = undefined;
    try {
      await api('POST', `/persons/${request.personId}/join-requests/${request.requester.proId}/${answer}`);
      const who = `${request.requester.professional.firstName} ${request.requester.professional.lastName}`;
      this.done = answer === 'accept' ? `${who} fait maintenant partie du groupe de suivi.` : `La demande de ${who} est refusée.`;
      await this.load();
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  override render() {
    if (this.requests === undefined) return html`${this.alert(this.error)}<p role="status">Chargement…</p>`;
    return html`
      ${this.alert(this.error)}
      <div role="status">${this.done ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w"><p>${this.done}</p></div>` : nothing}</div>
      ${this.requests.length === 0
        ? html`<p>Aucune demande n’attend de réponse dans les groupes dont vous êtes membre.</p>`
        : html`<ul class="fr-raw-list">
            ${this.requests.map((request) => {
              const who = `${request.requester.professional.firstName} ${request.requester.professional.lastName}`;
              const person = `${request.person.firstName} ${request.person.lastName}`;
              return html`<li class="fr-mb-3w fr-p-2w fr-background-alt--grey">
                <p><strong>${who}</strong> (${request.requester.organization.name}) demande à rejoindre le groupe de suivi de
                  <a href="/app/personnes/${request.personId}">${person}</a>, le ${day(request.requester.startedAt)}.</p>
                <p>Motif : ${request.requester.reason}</p>
                <ul class="fr-btns-group fr-btns-group--inline-sm">
                  <li><button class="fr-btn" type="button" @click=${() => this.answer(request, 'accept')} aria-label="Accepter la demande de ${who} pour ${person}">Accepter</button></li>
                  <li><button class="fr-btn fr-btn--secondary" type="button" @click=${() => this.answer(request, 'decline')} aria-label="Refuser la demande de ${who} pour ${person}">Refuser</button></li>
                </ul>
              </li>`;
            })}
          </ul>`}
    `;
  }
}

const PREFERENCES = [
  ['memberJoined', 'Quand un·e professionnel·le rejoint un groupe dont je suis membre'],
  ['joinRequested', 'Quand quelqu’un demande à rejoindre un groupe dont je suis membre'],
  ['referentReplaced', 'Quand quelqu’un devient référent·e à ma place'],
] as const;

class ProfileSection extends Section {
  static override properties = { me: { attribute: false }, saved: { state: true }, error: { state: true } };
  declare me: Me;
  declare saved: boolean;
  declare error: string | undefined;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    try {
      const notifications = Object.fromEntries(PREFERENCES.map(([key]) => [key, form.get(key) === 'on']));
      this.me = await api<Me>('PATCH', '/me', { notifications });
      this.saved = true;
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  override render() {
    const me = this.me;
    return html`
      <dl>
        <dt class="fr-text--bold">Nom</dt><dd>${me.firstName} ${me.lastName}</dd>
        <dt class="fr-text--bold">E-mail</dt><dd>${me.email}</dd>
        <dt class="fr-text--bold">Téléphone</dt><dd>${me.phone ?? 'non renseigné'}</dd>
        <dt class="fr-text--bold">Fonction</dt><dd>${me.jobTitle ?? 'non renseignée'}</dd>
        <dt class="fr-text--bold">Structure</dt><dd>${me.organization.name} (SIRET ${me.organization.siret})</dd>
      </dl>
      <p class="fr-hint-text">Ces informations viennent de votre compte professionnel (ProConnect) : modifiez-les là-bas.</p>
      <form @submit=${this.save}>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Recevoir un e-mail</legend>
          ${PREFERENCES.map(
            ([key, label]) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group">
              <input type="checkbox" id="pref-${key}" name=${key} .checked=${me.notifications[key]} />
              <label class="fr-label" for="pref-${key}">${label}</label>
            </div></div>`,
          )}
        </fieldset>
        ${this.alert(this.error)}
        <button class="fr-btn" type="submit">Enregistrer mes préférences</button>
        <div role="status">${this.saved ? html`<p class="fr-mt-2w">Préférences enregistrées.</p>` : nothing}</div>
      </form>
    `;
  }
}

type OpenedInvitation = {
  inviter: { firstName: string; lastName: string; organization: { name: string } };
  message?: string;
  expiresAt: string;
  addressedToMe: boolean;
  person?: { firstName: string; lastName: string; birthDate: string };
};

class InvitationSection extends Section {
  static override properties = { invitation: { state: true }, error: { state: true }, busy: { state: true }, requested: { state: true } };
  declare invitation: OpenedInvitation | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  /** Signed in with another address than the invited one: accepting sent a request to the members. */
  declare requested: boolean;
  private readonly token = location.hash.slice(1);

  override connectedCallback() {
    super.connectedCallback();
    void this.open();
  }

  private async open() {
    try {
      this.invitation = await api<OpenedInvitation>('POST', '/invitations/open', { token: this.token });
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private async accept(event: SubmitEvent) {
    event.preventDefault();
    this.busy = true;
    try {
      const link = await api<{ personId?: string; status: string }>('POST', '/invitations/accept', { token: this.token });
      if (link.status === 'pending' || !link.personId) this.requested = true;
      else this.go(`/app/personnes/${link.personId}`);
    } catch (error) {
      this.error = this.errorOf(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const invitation = this.invitation;
    if (!invitation) return this.error ? this.alert(this.error) : html`<p role="status">Chargement de l’invitation…</p>`;
    const inviter = `${invitation.inviter.firstName} ${invitation.inviter.lastName} (${invitation.inviter.organization.name})`;
    if (this.requested) {
      return html`<div role="status" class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w">
        <p>Votre demande pour rejoindre le groupe de suivi est envoyée : un membre du groupe l’acceptera ou la refusera, et la personne apparaîtra alors dans vos suivis.</p>
      </div>`;
    }
    return html`
      ${this.alert(this.error)}
      <p>${inviter} vous invite à rejoindre le groupe de suivi ${invitation.person ? html`de <strong>${invitation.person.firstName} ${invitation.person.lastName}</strong>, né·e le ${day(invitation.person.birthDate)}` : 'd’une personne'}.</p>
      ${invitation.message ? html`<blockquote class="fr-quote"><p>${invitation.message}</p></blockquote>` : nothing}
      <p class="fr-hint-text">Invitation valable jusqu’au ${day(invitation.expiresAt)}.</p>
      <form @submit=${this.accept}>
        ${invitation.addressedToMe
          ? html`<button class="fr-btn" type="submit" ?disabled=${this.busy}>Accepter et rejoindre le groupe</button>`
          : html`<p>
                Cette invitation a été envoyée à une autre adresse que celle de votre compte : vous pouvez demander à rejoindre le groupe de suivi, et un
                membre du groupe acceptera ou refusera votre demande.
              </p>
              <button class="fr-btn" type="submit" ?disabled=${this.busy}>Demander à rejoindre le groupe</button>`}
      </form>
    `;
  }
}

const SECTIONS: [string, CustomElementConstructor][] = [
  ['gps-page-home', HomeSection],
  ['gps-page-create', CreateSection],
  ['gps-page-person', PersonSection],
  ['gps-page-requests', RequestsSection],
  ['gps-page-profile', ProfileSection],
  ['gps-page-invitation', InvitationSection],
];
for (const [tag, element] of SECTIONS) if (!customElements.get(tag)) customElements.define(tag, element);
