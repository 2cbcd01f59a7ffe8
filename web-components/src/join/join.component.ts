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
    ...internalState('result', 'joined', 'error', 'busy', 'invalid'),
  };

  /** GPS's own messages for the fields left empty or wrong, by field (the browser's bubbles are off). */
  protected declare invalid: Record<string, string>;

  protected declare result: Lookup | undefined;
  protected declare joined: 'active' | 'pending' | undefined;
  protected declare error: string | undefined;
  protected declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
    this.invalid = {};
  }

  /** Checks the form with GPS's French messages; focuses the first wrong field. */
  private async check(form: HTMLFormElement, messages: Record<string, string>): Promise<boolean> {
    const invalid: Record<string, string> = {};
    for (const [name, message] of Object.entries(messages)) {
      const field = form.elements.namedItem(name) as HTMLInputElement | null;
      if (field && (!field.value.trim() || !field.validity.valid)) invalid[name] = message;
    }
    this.invalid = { ...Object.fromEntries(Object.entries(this.invalid).filter(([name]) => !(name in messages))), ...invalid };
    const first = Object.keys(invalid)[0];
    if (!first) return true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus();
    return false;
  }

  private field(name: string, label: string, input: unknown, hint?: string) {
    const error = this.invalid[name];
    return html`<div class="field ${error ? 'invalid' : ''}">
      <label for=${name}>${label}${hint ? html` <span class="hint" id="${name}-hint">${hint}</span>` : nothing}</label>
      ${input}
      ${error ? html`<p id="${name}-error" class="error-text">${error}</p>` : nothing}
    </div>`;
  }

  private describedBy(name: string, hint = false) {
    return [hint ? `${name}-hint` : '', this.invalid[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const ok = await this.check(form, {
      lastName: msg('Saisissez le nom de naissance de la personne.', { id: 'join.lastNameMissing' }),
      firstName: msg('Saisissez le prénom de la personne.', { id: 'join.firstNameMissing' }),
      birthDate: msg('Saisissez la date de naissance au format jj/mm/aaaa, par exemple 03/03/1982.', { id: 'join.birthDateMissing' }),
    });
    if (!ok) return;
    const data = new FormData(form);
    const franceTravailId = String(data.get('franceTravailId') ?? '').trim();
    this.error = undefined;
    this.joined = undefined;
    this.busy = true;
    try {
      this.result = (
        await this.api<Lookup>('POST', '/persons/lookup', {
          body: { lastName: data.get('lastName'), firstName: data.get('firstName'), birthDate: data.get('birthDate'), ...(franceTravailId ? { franceTravailId } : {}) },
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
    const form = event.target as HTMLFormElement;
    if (!(await this.check(form, { reason: msg('Dites en quelques mots pourquoi vous accompagnez la personne.', { id: 'join.reasonMissing' }) }))) return;
    const reason = new FormData(form).get('reason');
    this.busy = true;
    try {
      const { data } = await this.api<{ status: 'active' | 'pending' }>('POST', `/persons/${this.result!.personId}/members`, { body: { reason } });
      this.joined = data.status;
      this.emit('gps-joined', { personId: this.result!.personId!, status: data.status });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
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
      return html`<p part="result" class="success-text" role="status" tabindex="-1">
        ${this.joined === 'active'
          ? msg('Vous faites maintenant partie du groupe de suivi.', { id: 'join.joined' })
          : msg('Votre demande a été envoyée : un membre du groupe l’acceptera ou la refusera.', { id: 'join.requested' })}
      </p>`;
    }
    if (result.myStatus === 'active') return html`<p part="result" role="status" tabindex="-1">${msg('Vous suivez déjà cette personne.', { id: 'join.already' })}</p>`;
    if (result.myStatus === 'pending') return html`<p part="result" role="status" tabindex="-1">${msg('Votre demande pour rejoindre ce groupe est en attente.', { id: 'join.waiting' })}</p>`;
    const direct = result.joinMode === 'direct';
    return html`
      <form part="result" @submit=${this.join} novalidate>
        <p role="status">${msg('Cette personne est suivie dans GPS.', { id: 'join.found' })}</p>
        ${this.field(
          'reason',
          msg('Motif de votre accompagnement', { id: 'join.reason' }),
          html`<input id="reason" name="reason" required maxlength="500" aria-describedby=${this.describedBy('reason', true)} aria-invalid=${this.invalid.reason ? 'true' : 'false'} />`,
          msg('Visible par les autres membres et par la personne : n’y notez aucun détail de santé, de justice ou de vie privée.', { id: 'join.reasonHint' }),
        )}
        <button type="submit" ?disabled=${this.busy}>
          ${direct ? msg('Rejoindre le groupe de suivi', { id: 'join.direct' }) : msg('Demander à rejoindre le groupe', { id: 'join.request' })}
        </button>
      </form>
    `;
  }

  override render() {
    return html`
      <form part="form" @submit=${this.search} novalidate>
        <h2>${msg('Retrouver une personne', { id: 'join.title' })}</h2>
        ${this.field(
          'lastName',
          msg('Nom de naissance', { id: 'join.lastName' }),
          html`<input id="lastName" name="lastName" required autocomplete="off" aria-describedby=${this.describedBy('lastName')} aria-invalid=${this.invalid.lastName ? 'true' : 'false'} />`,
        )}
        ${this.field(
          'firstName',
          msg('Prénom', { id: 'join.firstName' }),
          html`<input id="firstName" name="firstName" required autocomplete="off" aria-describedby=${this.describedBy('firstName')} aria-invalid=${this.invalid.firstName ? 'true' : 'false'} />`,
        )}
        ${this.field(
          'birthDate',
          msg('Date de naissance', { id: 'join.birthDate' }),
          html`<input id="birthDate" name="birthDate" type="date" required min="1900-01-01" aria-describedby=${this.describedBy('birthDate', true)} aria-invalid=${this.invalid.birthDate ? 'true' : 'false'} />`,
          msg('Format : jj/mm/aaaa', { id: 'join.birthDateHint' }),
        )}
        ${this.field(
          'franceTravailId',
          msg('Identifiant France Travail (facultatif)', { id: 'join.ftId' }),
          html`<input id="franceTravailId" name="franceTravailId" autocomplete="off" maxlength="20" aria-describedby=${this.describedBy('franceTravailId', true)} />`,
          msg('Retrouve aussi la personne si son nom est écrit autrement (avec la même naissance).', { id: 'join.ftIdHint' }),
        )}
        <button type="submit" ?disabled=${this.busy}>${msg('Rechercher', { id: 'join.search' })}</button>
      </form>
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
      <div aria-live="polite">${this.renderResult()}</div>
    `;
  }
}
