import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Member } from '../../../functions/api/views.ts';
import { internalState } from '../core/gps-element.ts';
import { PersonWidget } from '../core/person-widget.ts';
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
export class GpsReferentList extends PersonWidget<{ members: Member[]; me: string }> {
  static override styles = [base, styles];
  static override properties = {
    ...PersonWidget.properties,
    ...internalState('contacts'),
  };

  protected declare contacts: Record<string, Contact>;

  constructor() {
    super();
    this.contacts = {};
  }

  protected async read() {
    const [members, me] = await Promise.all([this.api<Member[]>('GET', this.personPath('/members')), this.api<{ id: string }>('GET', '/me')]);
    return { members: members.data, me: me.data.id };
  }

  private reveal(member: Member) {
    return this.change(async () => {
      const { data } = await this.api<Contact>('POST', this.personPath(`/members/${member.proId}/contact`));
      this.contacts = { ...this.contacts, [member.proId]: data };
      this.emit('gps-contact-revealed', { proId: member.proId });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#contact-${member.proId}`)?.focus();
    });
  }

  private becomeReferent() {
    return this.change(async () => {
      await this.api('PATCH', this.personPath('/members/me'), { body: { isReferent: true } });
      this.emit('gps-referent-changed', { personId: this.personId!, proId: this.data!.me });
      await this.load();
    });
  }

  private statusText(member: Member) {
    const lang = this.language;
    const since = formatDate(member.startedAt, lang);
    if (member.status === 'pending') return msg(str`Demande envoyée le ${since}`, { id: 'members.pendingSince' });
    if (member.status === 'ended') return this.period(member.startedAt, member.endedAt ?? member.startedAt, member.endReason);
    return msg(str`Depuis le ${since}`, { id: 'members.since' });
  }

  private period(startedAt: string, endedAt: string, endReason: Member['endReason']) {
    const lang = this.language;
    const reason =
      endReason === 'automatic'
        ? msg('sans activité depuis deux ans', { id: 'members.endedAutomatic' })
        : endReason === 'removed'
          ? msg('retiré par un membre', { id: 'members.endedRemoved' })
          : msg('fin du suivi', { id: 'members.endedManual' });
    return msg(str`Du ${formatDate(startedAt, lang)} au ${formatDate(endedAt, lang)} (${reason})`, { id: 'members.pastPeriod' });
  }

  private renderMember(member: Member) {
    const kind = member.isReferent ? 'referent' : member.status === 'active' ? 'current' : member.status === 'pending' ? 'pending' : 'past';
    const contact = this.contacts[member.proId];
    const canReveal = (member.status === 'active' || member.status === 'ended') && member.proId !== this.data?.me;
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
        ${member.status === 'ended' && member.endNote ? html`<p class="meta">${msg(str`Motif du retrait : ${member.endNote}`, { id: 'members.endNote' })}</p>` : nothing}
        ${member.earlierPeriods?.length
          ? html`<p class="meta">${msg('Périodes précédentes :', { id: 'members.earlierPeriods' })} ${member.earlierPeriods.map((p) => this.period(p.startedAt, p.endedAt, p.endReason)).join(' ; ')}</p>`
          : nothing}
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
    const state = this.renderState(msg('Chargement des professionnels…', { id: 'members.loading' }));
    if (state || !this.data) return state;
    const { members, me } = this.data;
    if (members.length === 0) return html`<p part="state" class="state">${msg('Personne ne suit encore cette personne.', { id: 'members.empty' })}</p>`;
    const mine = members.find((m) => m.proId === me);
    return html`
      <h2>${msg('Les professionnels qui l’accompagnent', { id: 'members.title' })}</h2>
      ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
      <ul part="list">${members.map((member) => this.renderMember(member))}</ul>
      ${mine?.status === 'active' && !mine.isReferent
        ? html`<button class="secondary" ?disabled=${this.busy} @click=${this.becomeReferent}>${msg('Devenir référent·e de parcours', { id: 'members.becomeReferent' })}</button>`
        : nothing}
    `;
  }
}
