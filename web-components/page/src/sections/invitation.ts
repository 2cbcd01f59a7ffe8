import { html, nothing } from 'lit';
import { ApiError } from '../../../src/core/api.ts';
import { api, loginUrl } from '../session.ts';
import { connectButton } from '../connect-button.ts';
import { BASE } from '../navigation.ts';
import { Section, confirmModal, day, showModal } from './section.ts';

const PENDING_TOKEN = 'gps-invitation-token';

type OpenedInvitation = {
  inviter: { firstName: string; lastName: string; organization: { name: string } };
  message?: string;
  expiresAt: string;
  addressedToMe: boolean;
  person?: { firstName: string; lastName: string; birthDate: string };
};

/**
 * The landing of an invitation link (the token is in the fragment, never sent in a URL).
 * Signed out, it says what the link is and how to go on; signed in, who invites me, for whom,
 * until when, with « Accepter » and « Refuser » (confirmed). Refusing an invitation addressed
 * to me records it: the link stops working and the inviter is told. One sent to another address
 * is not mine to refuse: « Refuser » then only leaves it, and the link expires by itself.
 */
class InvitationSection extends Section {
  static override properties = {
    signedIn: { type: Boolean, attribute: 'signed-in' },
    invitation: { state: true },
    error: { state: true },
    busy: { state: true },
    requested: { state: true },
    declined: { state: true },
    confirming: { state: true },
  };
  declare signedIn: boolean;
  declare invitation: OpenedInvitation | undefined;
  declare error: string | undefined;
  declare busy: boolean;
  /** Signed in with another address than the invited one: accepting sent a request to the members. */
  declare requested: boolean;
  declare declined: boolean;
  declare confirming: boolean;
  /**
   * The token is the link's fragment. Signing in leaves the page: the token waits in this
   * tab's session storage meanwhile, never in a URL (`returnTo` goes through access logs).
   */
  private readonly token = location.hash.slice(1) || (sessionStorage.getItem(PENDING_TOKEN) ?? '');

  constructor() {
    super();
    this.signedIn = false;
    this.busy = false;
    this.requested = false;
    this.declined = false;
    this.confirming = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    if (!this.signedIn) return;
    sessionStorage.removeItem(PENDING_TOKEN);
    if (this.token && !location.hash) history.replaceState(null, '', `${location.pathname}#${this.token}`);
    void this.open();
  }

  private async open() {
    if (!this.token) {
      this.error = 'Ce lien d’invitation est incomplet : ouvrez-le directement depuis l’e-mail reçu.';
      return;
    }
    try {
      this.invitation = await api<OpenedInvitation>('POST', '/invitations/open', { token: this.token });
    } catch (error) {
      this.error = error instanceof ApiError && error.status === 410 ? `${error.message} Demandez à votre collègue de vous inviter de nouveau.` : this.errorOf(error);
    }
  }

  private async accept(event: SubmitEvent) {
    event.preventDefault();
    this.busy = true;
    try {
      const link = await api<{ personId?: string; status: string }>('POST', '/invitations/accept', { token: this.token });
      const person = this.invitation?.person;
      if (link.status === 'pending' || !link.personId) {
        this.requested = true;
        await this.focusAfterRender('#invitation-resultat');
      } else {
        this.go(`${BASE}/personnes/${link.personId}`, `Vous avez rejoint le groupe de suivi${person ? ` de ${person.firstName} ${person.lastName}` : ''}. La personne apparaît maintenant dans vos suivis.`);
      }
    } catch (error) {
      this.error = this.errorOf(error);
      await this.focusAfterRender('[role="alert"]');
    } finally {
      this.busy = false;
    }
  }

  private async decline() {
    this.busy = true;
    try {
      if (this.invitation?.addressedToMe) await api('POST', '/invitations/decline', { token: this.token });
      this.declined = true;
      this.querySelector<HTMLDialogElement>('#refus-invitation')?.close();
      await this.focusAfterRender('#invitation-resultat');
    } catch (error) {
      this.error = (error as Error).message;
      this.querySelector<HTMLDialogElement>('#refus-invitation')?.close();
      await this.focusAfterRender('[role="alert"]');
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.signedIn) {
      return html`
        <p>Un collègue vous invite à rejoindre le groupe de suivi d’une personne qu’il accompagne, sur GPS, le service qui réunit les professionnels d’une même personne.</p>
        <p>Connectez-vous avec votre compte professionnel pour voir qui vous invite et accepter ou refuser l’invitation. Par sécurité, l’e-mail ne dit rien de la personne.</p>
        ${connectButton('ProConnect', loginUrl(`${BASE}/invitation`), () => this.token && sessionStorage.setItem(PENDING_TOKEN, this.token))}
      `;
    }
    const invitation = this.invitation;
    if (!invitation) return this.error ? this.alert(this.error) : html`<p role="status">Chargement de l’invitation…</p>`;
    const inviter = `${invitation.inviter.firstName} ${invitation.inviter.lastName}, de ${invitation.inviter.organization.name},`;
    if (this.requested) {
      return this.success(
        'Votre demande pour rejoindre le groupe de suivi est envoyée : un membre du groupe l’acceptera ou la refusera, et la personne apparaîtra alors dans vos suivis.',
        'invitation-resultat',
      );
    }
    if (this.declined) {
      const outcome = invitation.addressedToMe
        ? `Vous avez refusé l’invitation. ${invitation.inviter.firstName} ${invitation.inviter.lastName} en est prévenu, et le lien ne sert plus.`
        : `Vous avez refusé l’invitation. Vous ne rejoignez pas ce groupe de suivi ; le lien cessera de fonctionner le ${day(invitation.expiresAt)}.`;
      return html`${this.success(outcome, 'invitation-resultat')}
        <p><a class="fr-link" href="${BASE}/">Revenir à mes suivis</a></p>`;
    }
    return html`
      ${this.alert(this.error)}
      <p>
        ${inviter} vous invite à rejoindre le groupe de suivi
        ${invitation.person ? html`de <strong>${invitation.person.firstName} ${invitation.person.lastName}</strong> (date de naissance : ${day(invitation.person.birthDate)})` : 'd’une personne'}.
      </p>
      ${invitation.message ? html`<blockquote class="fr-quote"><p>${invitation.message}</p></blockquote>` : nothing}
      <p class="fr-hint-text">Invitation valable jusqu’au ${day(invitation.expiresAt)}.</p>
      <form @submit=${this.accept}>
        ${invitation.addressedToMe
          ? nothing
          : html`<p>
              Cette invitation a été envoyée à une autre adresse que celle de votre compte : vous pouvez demander à rejoindre le groupe de suivi, et un
              membre du groupe acceptera ou refusera votre demande.
            </p>`}
        <ul class="fr-btns-group fr-btns-group--inline-sm">
          <li><button class="fr-btn" type="submit" ?disabled=${this.busy}>${invitation.addressedToMe ? 'Accepter et rejoindre le groupe' : 'Demander à rejoindre le groupe'}</button></li>
          <li>
            <button class="fr-btn fr-btn--secondary" type="button" data-refuse @click=${() => ((this.confirming = true), void showModal(this, 'refus-invitation'))}>Refuser l’invitation</button>
          </li>
        </ul>
      </form>
      ${confirmModal({
        id: 'refus-invitation',
        open: this.confirming,
        title: 'Refuser l’invitation ?',
        text: invitation.addressedToMe
          ? html`<p>Vous ne rejoindrez pas ce groupe de suivi. La personne qui vous a invité en sera prévenue, et le lien de l’e-mail ne servira plus.</p>`
          : html`<p>Vous ne rejoindrez pas ce groupe de suivi. Si vous changez d’avis avant le ${day(invitation.expiresAt)}, le lien de l’e-mail fonctionnera encore.</p>`,
        confirm: 'Refuser l’invitation',
        onConfirm: () => void this.decline(),
        onClose: () => {
          this.confirming = false;
          if (!this.declined) void this.focusAfterRender('[data-refuse]');
        },
      })}
    `;
  }
}

Section.define('gps-page-invitation', InvitationSection);
