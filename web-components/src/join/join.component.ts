import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import { GpsElement, internalState } from '../core/gps-element.ts';
import { base } from '../core/styles.ts';
import { styles } from './join.styles.ts';

type Lookup = { found: boolean; personId?: string; myStatus?: string; joinMode?: 'direct' | 'request' };

/**
 * Finds a person by exact identity (last name, first name, birth date), then joins their
 * follow-up group, or asks to. Nothing is shown of a person until one is a member.
 *
 * @tag gps-join
 * @event gps-joined - Joined or asked to join: `{ personId, status }` (`active` or `pending`).
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart form - The search form.
 * @csspart result - What the search found.
 */
export class GpsJoin extends GpsElement {
  static override styles = [base, styles];
  static override properties = {
    ...GpsElement.properties,
    ...internalState('result', 'joined', 'error', 'busy'),
  };

  protected declare result: Lookup | undefined;
  protected declare joined: 'active' | 'pending' | undefined;
  protected declare error: string | undefined;
  protected declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.error = undefined;
    this.joined = undefined;
    this.busy = true;
    try {
      this.result = (
        await this.api<Lookup>('POST', '/persons/lookup', {
          body: { lastName: data.get('lastName'), firstName: data.get('firstName'), birthDate: data.get('birthDate') },
        })
      ).data;
      // Straight to what comes next: the reason to join, or the answer.
      await this.updateComplete;
      (this.renderRoot.querySelector<HTMLElement>('#reason') ?? this.renderRoot.querySelector<HTMLElement>('[part="result"]'))?.focus();
    } catch (error) {
      this.error = this.failure(error).message;
    } finally {
      this.busy = false;
    }
  }

  private async join(event: SubmitEvent) {
    event.preventDefault();
    const reason = new FormData(event.target as HTMLFormElement).get('reason');
    this.busy = true;
    try {
      const { data } = await this.api<{ status: 'active' | 'pending' }>('POST', `/persons/${this.result!.personId}/members`, { body: { reason } });
      this.joined = data.status;
      this.emit('gps-joined', { personId: this.result!.personId!, status: data.status });
    } catch (error) {
      this.error = this.failure(error).message;
    } finally {
      this.busy = false;
    }
  }

  private renderResult() {
    const result = this.result;
    if (!result) return nothing;
    if (!result.found) return html`<p part="result" role="status" tabindex="-1">${msg('Aucune personne ne correspond exactement à cette identité.', { id: 'join.notFound' })}</p>`;
    if (this.joined) {
      return html`<p part="result" class="success-text" role="status">
        ${this.joined === 'active'
          ? msg('Vous faites maintenant partie du groupe de suivi.', { id: 'join.joined' })
          : msg('Votre demande a été envoyée : un membre du groupe l’acceptera ou la refusera.', { id: 'join.requested' })}
      </p>`;
    }
    if (result.myStatus === 'active') return html`<p part="result" role="status" tabindex="-1">${msg('Vous suivez déjà cette personne.', { id: 'join.already' })}</p>`;
    if (result.myStatus === 'pending') return html`<p part="result" role="status" tabindex="-1">${msg('Votre demande pour rejoindre ce groupe est en attente.', { id: 'join.waiting' })}</p>`;
    const direct = result.joinMode === 'direct';
    return html`
      <form part="result" @submit=${this.join}>
        <p role="status">${msg('Cette personne est suivie dans GPS.', { id: 'join.found' })}</p>
        <div class="field">
          <label for="reason">
            ${msg('Motif de votre accompagnement', { id: 'join.reason' })}
            <span class="hint" id="reason-hint">${msg('Visible par les autres membres : rien de confidentiel.', { id: 'join.reasonHint' })}</span>
          </label>
          <input id="reason" name="reason" required maxlength="500" aria-describedby="reason-hint" />
        </div>
        <button type="submit" ?disabled=${this.busy}>
          ${direct ? msg('Rejoindre le groupe de suivi', { id: 'join.direct' }) : msg('Demander à rejoindre le groupe', { id: 'join.request' })}
        </button>
      </form>
    `;
  }

  override render() {
    return html`
      <form part="form" @submit=${this.search}>
        <h2>${msg('Retrouver une personne', { id: 'join.title' })}</h2>
        <div class="field">
          <label for="lastName">${msg('Nom de naissance', { id: 'join.lastName' })}</label>
          <input id="lastName" name="lastName" required autocomplete="off" />
        </div>
        <div class="field">
          <label for="firstName">${msg('Prénom', { id: 'join.firstName' })}</label>
          <input id="firstName" name="firstName" required autocomplete="off" />
        </div>
        <div class="field">
          <label for="birthDate">${msg('Date de naissance', { id: 'join.birthDate' })}</label>
          <input id="birthDate" name="birthDate" type="date" required />
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Rechercher', { id: 'join.search' })}</button>
      </form>
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
      <div aria-live="polite">${this.renderResult()}</div>
    `;
  }
}
