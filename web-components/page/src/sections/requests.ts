import { html, nothing } from 'lit';
import { api } from '../session.ts';
import { requestsChanged } from '../navigation.ts';
import { Section, confirmModal, day, showModal } from './section.ts';

export type JoinRequest = {
  personId: string;
  person: { firstName: string; lastName: string; birthDate: string };
  requester: { proId: string; professional: { firstName: string; lastName: string }; organization: { name: string }; reason: string; startedAt: string };
};

const who = (request: JoinRequest) => `${request.requester.professional.firstName} ${request.requester.professional.lastName}`;
const whom = (request: JoinRequest) => `${request.person.firstName} ${request.person.lastName}`;

/**
 * The join requests waiting for my answer: all of them (« Demandes à traiter »), or those
 * for one person (`person-id`, on the person's page, where the notification e-mail lands).
 * « Refuser » asks for a confirmation in a DSFR modal. Tells the page with
 * `gps-page-request-answered` (bubbling) once answered.
 */
class RequestList extends Section {
  static override properties = {
    personId: { attribute: 'person-id' },
    requests: { state: true },
    error: { state: true },
    done: { state: true },
    refusing: { state: true },
    busy: { state: true },
  };
  declare personId: string | undefined;
  declare requests: JoinRequest[] | undefined;
  declare error: string | undefined;
  declare done: string | undefined;
  declare refusing: JoinRequest | undefined;
  declare busy: boolean;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  async load() {
    try {
      const all = await api<JoinRequest[]>('GET', '/join-requests');
      this.requests = this.personId ? all.filter((request) => request.personId === this.personId) : all;
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private async answer(request: JoinRequest, answer: 'accept' | 'decline') {
    this.error = undefined;
    this.busy = true;
    try {
      await api('POST', `/persons/${request.personId}/join-requests/${request.requester.proId}/${answer}`);
      this.done =
        answer === 'accept'
          ? `${who(request)} fait maintenant partie du groupe de suivi de ${whom(request)}.`
          : `La demande de ${who(request)} pour ${whom(request)} est refusée.`;
      this.requests = this.requests?.filter((other) => other !== request);
      this.querySelector<HTMLDialogElement>('#refus')?.close();
      this.dispatchEvent(new CustomEvent('gps-page-request-answered', { bubbles: true, detail: { personId: request.personId } }));
      requestsChanged();
      void this.load();
      await this.focusAfterRender('#demande-traitee');
    } catch (error) {
      this.error = this.errorOf(error);
      this.querySelector<HTMLDialogElement>('#refus')?.close();
      await this.focusAfterRender('[role="alert"]');
    } finally {
      this.busy = false;
    }
  }

  private refuse(request: JoinRequest) {
    this.refusing = request;
    void showModal(this, 'refus');
  }

  private closed() {
    const request = this.refusing;
    this.refusing = undefined;
    if (request && this.requests?.includes(request)) {
      void this.focusAfterRender(`[data-refuse="${request.personId}-${request.requester.proId}"]`);
    }
  }

  override render() {
    if (this.requests === undefined) return this.personId ? this.alert(this.error) : html`${this.alert(this.error)}<p role="status">Chargement…</p>`;
    const refusing = this.refusing;
    return html`
      ${this.alert(this.error)} ${this.success(this.done, 'demande-traitee')}
      ${this.requests.length === 0
        ? this.personId
          ? nothing
          : html`<p>Aucune demande n’attend de réponse dans les groupes dont vous êtes membre.</p>`
        : html`${this.personId ? html`<h2 class="fr-h5">Demandes pour rejoindre le groupe de suivi</h2>` : nothing}
            <ul class="fr-raw-list">
              ${this.requests.map(
                (request) => html`<li class="fr-mb-3w fr-p-2w fr-background-alt--grey">
                  <p>
                    <strong>${who(request)}</strong> (${request.requester.organization.name}) demande à rejoindre le groupe de suivi de
                    ${this.personId ? whom(request) : html`<a href="/app/personnes/${request.personId}">${whom(request)}</a>`}, le ${day(request.requester.startedAt)}.
                  </p>
                  <p>Motif : ${request.requester.reason}</p>
                  <ul class="fr-btns-group fr-btns-group--inline-sm">
                    <li><button class="fr-btn" type="button" ?disabled=${this.busy} @click=${() => this.answer(request, 'accept')} aria-label="Accepter la demande de ${who(request)} pour ${whom(request)}">Accepter</button></li>
                    <li>
                      <button
                        class="fr-btn fr-btn--secondary"
                        type="button"
                        data-refuse="${request.personId}-${request.requester.proId}"
                        ?disabled=${this.busy}
                        @click=${() => this.refuse(request)}
                        aria-label="Refuser la demande de ${who(request)} pour ${whom(request)}"
                      >
                        Refuser
                      </button>
                    </li>
                  </ul>
                </li>`,
              )}
            </ul>`}
      ${confirmModal({
        id: 'refus',
        open: refusing !== undefined,
        title: 'Refuser cette demande ?',
        text: refusing
          ? html`<p>${who(refusing)} (${refusing.requester.organization.name}) ne rejoindra pas le groupe de suivi de ${whom(refusing)} et en sera averti. Pour la suivre plus tard, il devra faire une nouvelle demande.</p>`
          : nothing,
        confirm: 'Refuser la demande',
        busy: this.busy,
        onConfirm: () => refusing && this.answer(refusing, 'decline'),
        onClose: () => this.closed(),
      })}
    `;
  }
}

Section.define('gps-page-request-list', RequestList);
