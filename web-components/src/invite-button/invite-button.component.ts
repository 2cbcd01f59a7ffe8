import { privacyHint } from '../core/labels.ts';
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { GpsElement, internalState } from '../core/gps-element.ts';
import { base } from '../core/styles.ts';
import { styles } from './invite-button.styles.ts';

type Invitation = { id: string; email: string; expiresAt: string };

/** Personal mailboxes: an invitation to one is allowed, after a warning (GPS is for work addresses). */
const WEBMAILS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.fr', 'yahoo.com', 'hotmail.fr', 'hotmail.com', 'outlook.fr', 'outlook.com', 'live.fr', 'live.com',
  'msn.com', 'icloud.com', 'me.com', 'laposte.net', 'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'neuf.fr', 'bbox.fr', 'gmx.fr',
  'gmx.com', 'aol.com', 'protonmail.com', 'proton.me', 'yandex.com', 'mail.com',
]);
const webmailOf = (email: string) => {
  const domain = email.trim().toLowerCase().split('@')[1];
  return domain && WEBMAILS.has(domain) ? domain : undefined;
};

/**
 * Invites a colleague into the person's follow-up group: a button that opens a modal dialog
 * (focus kept inside, Escape closes, focus back on the button), with the colleague's e-mail
 * and an optional message. GPS e-mails them a single-use link valid 14 days.
 *
 * @tag gps-invite-button
 * @event gps-invite-sent - The invitation is recorded and its e-mail on its way: `{ invitation }`.
 * @event gps-error - The invitation was refused: `{ status, detail }` (French).
 * @csspart button - The button that opens the dialog.
 * @csspart dialog - The dialog.
 * @csspart form - The form in the dialog.
 * @csspart close - The dialog's close button.
 * @cssproperty --gps-color-primary - Button and focus colour.
 */
export class GpsInviteButton extends GpsElement {
  static override styles = [base, styles];
  static override properties = {
    ...GpsElement.properties,
    personId: { attribute: 'person-id' },
    ...internalState('sent', 'error', 'emailError', 'busy', 'webmailWarned'),
  };

  declare personId: string | undefined;
  protected declare sent: Invitation | undefined;
  protected declare error: string | undefined;
  protected declare emailError: string | undefined;
  protected declare busy: boolean;
  /** The personal address already warned about: sending it again goes through. */
  protected declare webmailWarned: string | undefined;

  constructor() {
    super();
    this.busy = false;
  }

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  /** Opens the dialog, ready for a new invitation. */
  open() {
    this.sent = undefined;
    this.error = undefined;
    this.emailError = undefined;
    this.webmailWarned = undefined;
    this.renderRoot.querySelector('form')?.reset();
    this.dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#email')?.focus();
  }

  close() {
    this.dialog.close();
  }

  private onClose() {
    this.renderRoot.querySelector<HTMLButtonElement>('[part="button"]')?.focus();
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = form.elements.namedItem('email') as HTMLInputElement;
    const message = (form.elements.namedItem('message') as HTMLTextAreaElement).value.trim();
    this.error = undefined;
    if (!email.value.trim() || !email.validity.valid) {
      this.emailError = msg('Saisissez une adresse e-mail valide, par exemple prenom.nom@structure.fr.', { id: 'invite.emailInvalid' });
      email.focus();
      return;
    }
    this.emailError = undefined;
    const webmail = webmailOf(email.value);
    if (webmail && this.webmailWarned !== email.value.trim().toLowerCase()) {
      this.webmailWarned = email.value.trim().toLowerCase();
      email.focus();
      return;
    }
    this.busy = true;
    try {
      const { data } = await this.api<Invitation>('POST', `/persons/${encodeURIComponent(this.personId ?? '')}/invitations`, {
        body: { email: email.value.trim(), ...(message ? { message } : {}) },
      });
      this.sent = data;
      this.emit('gps-invite-sent', { invitation: data });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#result')?.focus();
    } catch (error) {
      this.error = this.failure(error).message;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#form-error')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    return html`
      <form part="form" novalidate @submit=${this.submit}>
        ${this.error ? html`<p id="form-error" class="error-text" role="alert" tabindex="-1">${this.error}</p>` : nothing}
        <div class="field">
          <label for="email">${msg('E-mail professionnel de votre collègue', { id: 'invite.email' })}</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            aria-required="true"
            aria-invalid=${this.emailError ? 'true' : 'false'}
            aria-describedby=${this.emailError ? 'email-error' : this.webmailWarned ? 'email-warning' : nothing}
            @input=${(event: Event) => {
              const value = (event.target as HTMLInputElement).value.trim().toLowerCase();
              if (this.webmailWarned && this.webmailWarned !== value) this.webmailWarned = undefined;
            }}
          />
          ${this.emailError ? html`<p id="email-error" class="error-text">${this.emailError}</p>` : nothing}
          ${this.webmailWarned && !this.emailError
            ? html`<p id="email-warning" class="warning-text" role="alert">
                ${msg(
                  str`« ${webmailOf(this.webmailWarned) ?? ''} » est une messagerie personnelle : GPS invite les professionnels sur leur adresse de travail, celle de leur compte professionnel. Vérifiez l’adresse, ou envoyez quand même.`,
                  { id: 'invite.webmail' },
                )}
              </p>`
            : nothing}
        </div>
        <div class="field">
          <label for="message">
            ${msg('Message (facultatif)', { id: 'invite.message' })}
            <span class="hint" id="message-hint">${msg('Joint à l’e-mail, 500 caractères au plus, sans lien ni adresse : n’y écrivez rien sur la situation de la personne.', { id: 'invite.messageHint' })} ${privacyHint()}</span>
          </label>
          <textarea id="message" name="message" rows="3" maxlength="500" aria-describedby="message-hint"></textarea>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>
            ${this.webmailWarned ? msg('Envoyer quand même', { id: 'invite.sendAnyway' }) : msg('Envoyer l’invitation', { id: 'invite.send' })}
          </button>
          <button type="button" class="secondary" @click=${this.close}>${msg('Annuler', { id: 'invite.cancel' })}</button>
        </div>
      </form>
    `;
  }

  override render() {
    return html`
      <button part="button" type="button" @click=${this.open} aria-haspopup="dialog">${msg('Inviter un collègue', { id: 'invite.open' })}</button>
      <dialog part="dialog" aria-labelledby="title" @close=${this.onClose}>
        <button part="close" type="button" class="secondary" @click=${this.close} aria-label=${msg('Fermer', { id: 'invite.close' })}>×</button>
        <h2 id="title">${msg('Inviter un collègue dans le groupe de suivi', { id: 'invite.title' })}</h2>
        ${this.sent
          ? html`<p id="result" class="success-text" role="status" tabindex="-1">
                ${msg(str`Invitation envoyée à ${this.sent.email}. Le lien est valable 14 jours.`, { id: 'invite.sent' })}
              </p>
              <div class="actions"><button type="button" @click=${this.close}>${msg('Fermer', { id: 'invite.close' })}</button></div>`
          : this.renderForm()}
      </dialog>
    `;
  }
}
