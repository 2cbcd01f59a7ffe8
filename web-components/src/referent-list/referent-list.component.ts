import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Member } from '../../../functions/api/views.ts';
import { GpsElement, internalState } from '../core/gps-element.ts';
import { formatDate } from '../core/localization.ts';
import { base } from '../core/styles.ts';
import { styles } from './referent-list.styles.ts';

type Contact = { email: string; phone?: string };

/**
 * The professionals who follow a person: the référent·e de parcours first, then current
 * members, requests waiting for an answer and past members, with organization, role and
 * dates. Contact details show only on « Afficher », and each reveal is audited by GPS.
 *
 * @tag gps-referent-list
 * @event gps-contact-revealed - A member's contact details were shown: `{ proId }`.
 * @event gps-referent-changed - I became the référent·e: `{ personId, proId }`.
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart list - The list of members.
 * @csspart member - One member (also `referent`, `current`, `pending` or `past`).
 * @csspart badge - The « Référent·e » badge.
 * @csspart contact - Revealed contact details.
 * @csspart state - The loading, empty or error message.
 * @cssproperty --gps-color-primary - Accent colour, the referent's border.
 * @cssproperty --gps-color-muted - Colour of secondary text.
 */
export class GpsReferentList extends GpsElement {
  static override styles = [base, styles];
  static override properties = {
    ...GpsElement.properties,
    personId: { attribute: 'person-id' },
    ...internalState('members', 'contacts', 'me', 'problem', 'busy'),
  };

  declare personId: string | undefined;
  protected declare members: Member[] | undefined;
  protected declare contacts: Record<string, Contact>;
  protected declare me: string | undefined;
  protected declare problem: { status: number; detail: string } | undefined;
  protected declare busy: boolean;

  constructor() {
    super();
    this.contacts = {};
    this.busy = false;
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('personId') || changed.has('apiBase')) void this.load();
  }

  async load() {
    if (!this.personId) return;
    this.problem = undefined;
    try {
      const [members, me] = await Promise.all([
        this.api<Member[]>('GET', `/persons/${encodeURIComponent(this.personId)}/members`),
        this.api<{ id: string }>('GET', '/me'),
      ]);
      this.members = members.data;
      this.me = me.data.id;
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  private async reveal(member: Member) {
    try {
      const { data } = await this.api<Contact>('POST', `/persons/${encodeURIComponent(this.personId!)}/members/${member.proId}/contact`);
      this.contacts = { ...this.contacts, [member.proId]: data };
      this.emit('gps-contact-revealed', { proId: member.proId });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#contact-${member.proId}`)?.focus();
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  private async becomeReferent() {
    this.busy = true;
    try {
      await this.api('PATCH', `/persons/${encodeURIComponent(this.personId!)}/members/me`, { body: { isReferent: true } });
      this.emit('gps-referent-changed', { personId: this.personId!, proId: this.me! });
      await this.load();
    } catch (error) {
      this.problem = this.failure(error).problem;
    } finally {
      this.busy = false;
    }
  }

  private statusText(member: Member) {
    const lang = this.language;
    const since = formatDate(member.startedAt, lang);
    if (member.status === 'pending') return msg(str`Demande envoyée le ${since}`, { id: 'members.pendingSince' });
    if (member.status === 'ended') {
      const until = formatDate(member.endedAt ?? member.startedAt, lang);
      const reason = member.endReason === 'automatic' ? msg('sans activité depuis deux ans', { id: 'members.endedAutomatic' }) : msg('fin du suivi', { id: 'members.endedManual' });
      return msg(str`Du ${since} au ${until} (${reason})`, { id: 'members.pastPeriod' });
    }
    return msg(str`Depuis le ${since}`, { id: 'members.since' });
  }

  private renderMember(member: Member) {
    const kind = member.isReferent ? 'referent' : member.status === 'active' ? 'current' : member.status === 'pending' ? 'pending' : 'past';
    const contact = this.contacts[member.proId];
    const canReveal = (member.status === 'active' || member.status === 'ended') && member.proId !== this.me;
    const name = `${member.professional.firstName} ${member.professional.lastName}`;
    return html`
      <li part="member ${kind}">
        <span class="name">${name}</span>
        ${member.isReferent ? html` <span part="badge" class="badge">${msg('Référent·e de parcours', { id: 'members.referent' })}</span>` : nothing}
        ${kind === 'past' ? html` <span class="badge">${msg('Ancien membre', { id: 'members.past' })}</span>` : nothing}
        ${kind === 'pending' ? html` <span class="badge">${msg('Demande en attente', { id: 'members.pending' })}</span>` : nothing}
        <p class="meta">
          ${member.organization.name}${member.role || member.professional.jobTitle ? html` · ${member.role ?? member.professional.jobTitle}` : nothing}
        </p>
        <p class="meta">${this.statusText(member)} · ${member.reason}</p>
        ${contact
          ? html`<p part="contact" id="contact-${member.proId}" tabindex="-1">
              <a href="mailto:${contact.email}">${contact.email}</a>${contact.phone ? html` · <a href="tel:${contact.phone.replace(/\s/g, '')}">${contact.phone}</a>` : nothing}
            </p>`
          : canReveal
            ? html`<button class="secondary" @click=${() => this.reveal(member)} aria-label=${msg(str`Afficher les coordonnées de ${name}`, { id: 'members.revealLabel' })}>
                ${msg('Afficher les coordonnées', { id: 'members.reveal' })}
              </button>`
            : nothing}
      </li>
    `;
  }

  override render() {
    if (this.problem && !this.members) {
      return this.problem.status === 404
        ? html`<p part="state" class="state">${msg('Cette personne ne fait pas partie des personnes que vous accompagnez.', { id: 'card.notFound' })}</p>`
        : html`<p part="state" class="state error" role="alert">${this.problem.detail}</p>`;
    }
    if (!this.members) return html`<p part="state" class="state" role="status" aria-busy="true">${msg('Chargement des professionnels…', { id: 'members.loading' })}</p>`;
    if (this.members.length === 0) return html`<p part="state" class="state">${msg('Personne ne suit encore cette personne.', { id: 'members.empty' })}</p>`;
    const mine = this.members.find((m) => m.proId === this.me);
    return html`
      <h2>${msg('Les professionnels qui l’accompagnent', { id: 'members.title' })}</h2>
      ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
      <ul part="list">${this.members.map((member) => this.renderMember(member))}</ul>
      ${mine?.status === 'active' && !mine.isReferent
        ? html`<button class="secondary" ?disabled=${this.busy} @click=${this.becomeReferent}>${msg('Devenir référent·e de parcours', { id: 'members.becomeReferent' })}</button>`
        : nothing}
    `;
  }
}
