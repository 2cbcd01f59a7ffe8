import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Member as FullMember } from '../../../functions/api/views.ts';
import type { ConfidentialMember } from '../../../functions/domain/confidentiality.ts';
import { internalState } from '../core/gps-element.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { formatDate, formatPhone, telHref } from '../core/localization.ts';
import { base } from '../core/styles.ts';
import { styles } from './referent-list.styles.ts';

type Contact = { email: string; phone?: string };
/** A member of a confidential structure (SPIP, CSAPA…) comes without name, organization, role or reason. */
type Member = FullMember | ConfidentialMember;
const isHidden = (member: Member): member is ConfidentialMember => 'confidential' in member;
/** Set when the person, in their own space, said they do not know this member. */
const flaggedAt = (member: Member) => (member as { flaggedUnknownAt?: string }).flaggedUnknownAt;
const nameOf = (member: Member) => (isHidden(member) ? msg('un accompagnement confidentiel', { id: 'members.confidentialName' }) : `${member.professional.firstName} ${member.professional.lastName}`);

/**
 * The professionals who follow a person: the référent de parcours first, then current
 * members, requests waiting for an answer and past members, with organization, role and
 * dates. Contact details show only on « Afficher », and each reveal is audited by GPS; a
 * confidential structure's member shows as « Un accompagnement confidentiel », whom one may ask
 * to be contacted (they receive the asker's contact by e-mail).
 * My own follow-up is managed here too: become référent (confirmed in a dialog when it
 * replaces someone), stop being référent, end my follow-up (confirmed).
 *
 * @tag gps-referent-list
 * @event gps-contact-revealed - A member's contact details were shown: `{ proId }`.
 * @event gps-referent-changed - I became, or stopped being, the référent: `{ personId, proId }`.
 * @event gps-follow-up-ended - I ended my follow-up: `{ personId }` (I no longer see the file).
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart list - The list of members.
 * @csspart member - One member (also `referent`, `current`, `pending` or `past`).
 * @csspart badge - The « Référent de parcours » badge.
 * @csspart dialog - The confirmation dialog.
 * @csspart contact - Revealed contact details.
 * @csspart flag - « La personne dit ne pas connaître ce professionnel » (said in the person's own space).
 * @csspart state - The loading, empty or error message.
 * @cssproperty --gps-color-primary - Accent colour, the referent's border.
 * @cssproperty --gps-color-muted - Colour of secondary text.
 */
export class GpsReferentList extends PersonWidget<{ members: Member[]; me: string }> {
  static override styles = [base, styles];
  static override properties = {
    ...PersonWidget.properties,
    ...internalState('contacts', 'confirming', 'done', 'asked'),
  };

  protected declare contacts: Record<string, Contact>;
  /** The confidential members I asked to contact me, here. */
  protected declare asked: Record<string, true>;
  /** The change waiting for confirmation in the dialog. */
  protected declare confirming: 'becomeReferent' | 'stepDown' | 'leave' | undefined;
  /** What the last change did, said in a status message. */
  protected declare done: string | undefined;

  constructor() {
    super();
    this.contacts = {};
    this.asked = {};
  }

  private askContact(member: Member) {
    return this.change(async () => {
      await this.api('POST', this.personPath(`/members/${member.proId}/contact-request`));
      this.asked = { ...this.asked, [member.proId]: true };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#asked-${member.proId}`)?.focus();
    });
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

  private ask(change: 'becomeReferent' | 'stepDown' | 'leave') {
    this.confirming = change;
    void this.updateComplete.then(() => {
      const dialog = this.renderRoot.querySelector('dialog');
      if (dialog && !dialog.open) dialog.showModal();
      this.renderRoot.querySelector<HTMLElement>('dialog [data-confirm]')?.focus();
    });
  }

  private closeDialog() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** The dialog closed (Escape, « Annuler » or done): focus back where the change started. */
  private async onDialogClose() {
    const change = this.confirming;
    this.confirming = undefined;
    await this.updateComplete;
    if (change) this.renderRoot.querySelector<HTMLElement>(`[data-change="${change}"]`)?.focus();
    else this.renderRoot.querySelector<HTMLElement>('#done')?.focus();
  }

  private becomeReferent() {
    const current = this.data!.members.find((m) => m.isReferent && m.proId !== this.data!.me);
    if (current && this.confirming !== 'becomeReferent') return this.ask('becomeReferent');
    return this.apply(async () => {
      await this.api('PATCH', this.personPath('/members/me'), { body: { isReferent: true } });
      this.emit('gps-referent-changed', { personId: this.personId!, proId: this.data!.me });
      return msg('Vous êtes maintenant référent de parcours.', { id: 'members.becameReferent' });
    });
  }

  private stepDown() {
    return this.apply(async () => {
      await this.api('PATCH', this.personPath('/members/me'), { body: { isReferent: false } });
      this.emit('gps-referent-changed', { personId: this.personId!, proId: this.data!.me });
      return msg('Vous n’êtes plus référent de parcours ; vous restez membre du groupe.', { id: 'members.steppedDown' });
    });
  }

  private leave() {
    return this.apply(async () => {
      await this.api('PATCH', this.personPath('/members/me'), { body: { ended: true } });
      this.emit('gps-follow-up-ended', { personId: this.personId! });
      return msg('Votre suivi a pris fin. Il reste dans l’historique du groupe.', { id: 'members.left' });
    });
  }

  /** A change of my follow-up: the list read again, the dialog closed, what happened said. */
  private async apply(task: () => Promise<string>) {
    let said: string | undefined;
    await this.change(async () => {
      said = await task();
      await this.load();
    });
    this.done = said;
    this.confirming = undefined;
    this.closeDialog();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(said ? '#done' : '[role="alert"]')?.focus();
  }

  private renderDialog() {
    const change = this.confirming;
    const current = this.data?.members.find((m) => m.isReferent && m.proId !== this.data?.me);
    const currentName = current ? nameOf(current) : '';
    const text =
      change === 'becomeReferent'
        ? {
            title: msg('Devenir référent de parcours ?', { id: 'members.confirmReferentTitle' }),
            body: msg(str`${currentName} est aujourd’hui référent de parcours de cette personne. En le devenant, vous le remplacez : ${currentName} reste membre du groupe et en est averti par e-mail.`, { id: 'members.confirmReferent' }),
            yes: msg(str`Remplacer ${currentName}`, { id: 'members.confirmReferentYes' }),
            run: () => this.becomeReferent(),
          }
        : change === 'stepDown'
          ? {
              title: msg('Ne plus être référent de parcours ?', { id: 'members.confirmStepDownTitle' }),
              body: msg('La personne n’aura plus de référent de parcours jusqu’à ce qu’un membre le devienne. Vous restez membre du groupe.', { id: 'members.confirmStepDown' }),
              yes: msg('Ne plus être référent', { id: 'members.confirmStepDownYes' }),
              run: () => this.stepDown(),
            }
          : {
              title: msg('Mettre fin à votre suivi ?', { id: 'members.confirmLeaveTitle' }),
              body: msg('Vous ne verrez plus la fiche de cette personne. Votre passage reste dans l’historique du groupe ; pour la suivre à nouveau, il faudra rejoindre son groupe.', { id: 'members.confirmLeave' }),
              yes: msg('Mettre fin à mon suivi', { id: 'members.confirmLeaveYes' }),
              run: () => this.leave(),
            };
    return html`<dialog part="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" @close=${this.onDialogClose}>
      ${change
        ? html`<h2 id="confirm-title">${text.title}</h2>
            <p id="confirm-text">${text.body}</p>
            ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
            <div class="actions">
              <button type="button" data-confirm ?disabled=${this.busy} @click=${text.run}>${text.yes}</button>
              <button type="button" class="secondary" @click=${this.closeDialog}>${msg('Annuler', { id: 'invite.cancel' })}</button>
            </div>`
        : nothing}
    </dialog>`;
  }

  private statusText(member: Pick<Member, 'status' | 'startedAt' | 'endedAt' | 'endReason'>) {
    const lang = this.language;
    const since = formatDate(member.startedAt, lang);
    if (member.status === 'pending') return msg(str`Demande envoyée le ${since}`, { id: 'members.pendingSince' });
    if (member.status === 'ended') return this.period(member.startedAt, member.endedAt ?? member.startedAt, member.endReason);
    return msg(str`Depuis le ${since}`, { id: 'members.since' });
  }

  private period(startedAt: string, endedAt: string, endReason: FullMember['endReason']) {
    const lang = this.language;
    const reason =
      endReason === 'automatic'
        ? msg('sans activité depuis deux ans', { id: 'members.endedAutomatic' })
        : endReason === 'removed'
          ? msg('retiré par un membre', { id: 'members.endedRemoved' })
          : endReason === 'import'
            ? msg('absent du dernier fichier d’import de sa structure', { id: 'members.endedImport' })
            : msg('fin du suivi', { id: 'members.endedManual' });
    return msg(str`Du ${formatDate(startedAt, lang)} au ${formatDate(endedAt, lang)} (${reason})`, { id: 'members.pastPeriod' });
  }

  /** The person said, in their own space, that they do not know this member: the others should check. */
  private renderFlag(member: Member) {
    const at = flaggedAt(member);
    return at
      ? html`<p part="flag" class="warning-text">${msg(str`La personne dit ne pas connaître ce professionnel (signalé le ${formatDate(at, this.language)}).`, { id: 'members.flaggedUnknown' })}</p>`
      : nothing;
  }

  private renderConfidential(member: ConfidentialMember) {
    const kind = member.isReferent ? 'referent' : member.status === 'active' ? 'current' : 'past';
    return html`
      <li part="member ${kind} confidential">
        <span class="name">${msg('Un accompagnement confidentiel', { id: 'members.confidential' })}</span>
        ${member.isReferent ? html` <span part="badge" class="badge">${msg('Référent de parcours', { id: 'members.referent' })}</span>` : nothing}
        ${kind === 'past' ? html` <span class="badge">${msg('Ancien membre', { id: 'members.past' })}</span>` : nothing}
        <p class="meta">${this.statusText(member)} · ${msg('Sa structure n’est montrée qu’à sa demande.', { id: 'members.confidentialMeta' })}</p>
        ${this.renderFlag(member)}
        ${this.asked[member.proId]
          ? html`<p class="success-text" id="asked-${member.proId}" tabindex="-1">${msg('Demande envoyée : ce membre a reçu vos coordonnées par e-mail.', { id: 'members.contactAsked' })}</p>`
          : member.status === 'active'
            ? html`<button class="secondary" ?disabled=${this.busy} @click=${() => this.askContact(member)}>${msg('Demander à être contacté', { id: 'members.askContact' })}</button>`
            : nothing}
      </li>
    `;
  }

  private renderMember(member: Member) {
    if (isHidden(member)) return this.renderConfidential(member);
    const kind = member.isReferent ? 'referent' : member.status === 'active' ? 'current' : member.status === 'pending' ? 'pending' : 'past';
    const contact = this.contacts[member.proId];
    const canReveal = (member.status === 'active' || member.status === 'ended') && member.proId !== this.data?.me;
    const name = `${member.professional.firstName} ${member.professional.lastName}`;
    return html`
      <li part="member ${kind}">
        <span class="name">${name}</span>
        ${member.isReferent ? html` <span part="badge" class="badge">${msg('Référent de parcours', { id: 'members.referent' })}</span>` : nothing}
        ${kind === 'past' ? html` <span class="badge">${msg('Ancien membre', { id: 'members.past' })}</span>` : nothing}
        ${kind === 'pending' ? html` <span class="badge">${msg('Demande en attente', { id: 'members.pending' })}</span>` : nothing}
        <p class="meta">
          ${member.organization.name}${member.role || member.professional.jobTitle ? html` · ${member.role ?? member.professional.jobTitle}` : nothing}
        </p>
        <p class="meta">${this.statusText(member)} · ${member.reason}</p>
        ${this.renderFlag(member)}
        ${member.status === 'ended' && member.endNote ? html`<p class="meta">${msg(str`Motif du retrait : ${member.endNote}`, { id: 'members.endNote' })}</p>` : nothing}
        ${member.earlierPeriods?.length
          ? html`<p class="meta">${msg('Périodes précédentes :', { id: 'members.earlierPeriods' })} ${member.earlierPeriods.map((p) => this.period(p.startedAt, p.endedAt, p.endReason)).join(' ; ')}</p>`
          : nothing}
        ${contact
          ? html`<p part="contact" id="contact-${member.proId}" tabindex="-1">
              <a href="mailto:${contact.email}">${contact.email}</a>${contact.phone ? html` · <a href=${telHref(contact.phone)}>${formatPhone(contact.phone)}</a>` : nothing}
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
      <div role="status">${this.done ? html`<p class="success-text" id="done" tabindex="-1">${this.done}</p>` : nothing}</div>
      ${mine?.status === 'active'
        ? html`<div class="actions">
            ${mine.isReferent
              ? html`<button class="secondary" data-change="stepDown" ?disabled=${this.busy} @click=${() => this.ask('stepDown')}>${msg('Ne plus être référent de parcours', { id: 'members.stepDown' })}</button>`
              : html`<button class="secondary" data-change="becomeReferent" ?disabled=${this.busy} @click=${this.becomeReferent}>${msg('Devenir référent de parcours', { id: 'members.becomeReferent' })}</button>`}
            <button class="secondary" data-change="leave" ?disabled=${this.busy} @click=${() => this.ask('leave')}>${msg('Mettre fin à mon suivi', { id: 'members.leave' })}</button>
          </div>`
        : nothing}
      ${this.renderDialog()}
    `;
  }
}
