import { html, nothing } from 'lit';
import { api } from '../session.ts';
import { Section, day } from './section.ts';

type Invitation = { id: string; email: string; status: 'pending' | 'accepted' | 'expired' | 'revoked'; expiresAt: string; createdAt: string; inviter: { proId: string } };

/**
 * The invitations still waiting for this person, with « Annuler » for those I sent: their
 * link stops working. Read again when the page says an invitation was sent.
 */
class PendingInvitations extends Section {
  static override properties = { personId: { attribute: 'person-id' }, me: {}, invitations: { state: true }, error: { state: true }, done: { state: true } };
  declare personId: string;
  declare me: string;
  declare invitations: Invitation[] | undefined;
  declare error: string | undefined;
  declare done: string | undefined;

  private readonly reload = () => void this.load();

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('gps-invite-sent', this.reload);
    void this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('gps-invite-sent', this.reload);
  }

  async load() {
    try {
      this.invitations = (await api<Invitation[]>('GET', `/persons/${this.personId}/invitations`)).filter((invitation) => invitation.status === 'pending');
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  private async cancel(invitation: Invitation) {
    this.error = undefined;
    try {
      await api('POST', `/persons/${this.personId}/invitations/${invitation.id}/revoke`);
      this.done = `L’invitation envoyée à ${invitation.email} est annulée : son lien ne fonctionne plus.`;
      await this.load();
      await this.focusAfterRender('#invitation-annulee');
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  override render() {
    const mine = this.invitations?.filter((invitation) => invitation.inviter.proId === this.me) ?? [];
    if (!this.error && !this.done && mine.length === 0) return nothing;
    return html`<section aria-labelledby="invitations-titre">
      <h2 class="fr-h6" id="invitations-titre">Mes invitations en attente</h2>
      ${this.alert(this.error)} ${this.success(this.done, 'invitation-annulee')}
      ${mine.length
        ? html`<ul class="fr-raw-list">
            ${mine.map(
              (invitation) => html`<li class="gps-invitation">
                <span>${invitation.email}<span class="fr-hint-text">envoyée le ${day(invitation.createdAt)}, valable jusqu’au ${day(invitation.expiresAt)}</span></span>
                <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" @click=${() => this.cancel(invitation)} aria-label="Annuler l’invitation envoyée à ${invitation.email}">Annuler</button>
              </li>`,
            )}
          </ul>`
        : nothing}
    </section>`;
  }
}

Section.define('gps-page-invitations', PendingInvitations);
