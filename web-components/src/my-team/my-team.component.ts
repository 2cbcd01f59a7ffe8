import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { internalState } from '../core/gps-element.ts';
import { formatDate, formatPhone, telHref } from '../core/localization.ts';
import { MyFileWidget, referentFirst, type TeamMember } from '../core/my-file.ts';
import { base } from '../core/styles.ts';
import { styles } from './my-team.styles.ts';

/**
 * For a portal where the person followed is signed in (a person token, see the README):
 * the professionals who follow the person now, the référent first (explained: the person
 * who coordinates the support), with organization, role, since when, phone and e-mail as
 * links; then those who followed them before. On any of them, « Je ne connais pas ce
 * professionnel » (confirmed in place) flags the member for the others of the group.
 *
 * @tag gps-my-team
 * @event gps-member-flagged - The person said they do not know a member: `{ proId, flaggedUnknownAt }`.
 * @event gps-error - A call failed: `{ status, detail }` (French); a person with no file gets 404.
 * @csspart list - A list of members (current, then former).
 * @csspart member - One member (also `referent`, `current` or `past`).
 * @csspart badge - The « Référent » badge.
 * @csspart contact - The phone and e-mail links.
 * @csspart flag - « Vous avez dit ne pas connaître ce professionnel ».
 * @csspart state - The loading, no-file or error message.
 * @cssproperty --gps-color-primary - Accent colour, the référent's border.
 */
export class GpsMyTeam extends MyFileWidget {
  static override styles = [base, styles];
  static override properties = { ...MyFileWidget.properties, ...internalState('asking') };

  /** The member whose flag waits for the person's confirmation. */
  protected declare asking: string | undefined;

  private ask(proId: string | undefined) {
    const was = this.asking;
    this.asking = proId;
    this.focusLater(proId ? `#confirm-${proId}` : `#flag-${was}`);
  }

  private async flag(member: TeamMember) {
    const done = await this.change(async () => {
      const { data } = await this.api<TeamMember>('POST', `/my-file/team/${encodeURIComponent(member.proId)}/unknown`);
      const put = (list: TeamMember[]) => list.map((m) => (m.proId === data.proId ? data : m));
      this.file = { ...this.file!, team: put(this.file!.team), formerTeam: put(this.file!.formerTeam) };
      this.asking = undefined;
      this.emit('gps-member-flagged', { proId: data.proId, flaggedUnknownAt: data.flaggedUnknownAt! });
    });
    this.focusLater(done ? `#flagged-${member.proId}` : '[role="alert"]');
  }

  private member(member: TeamMember, past: boolean) {
    const lang = this.language;
    const name = `${member.firstName} ${member.lastName}`;
    const role = member.role ?? member.jobTitle;
    const id = member.proId;
    return html`<li part="member ${member.isReferent ? 'referent' : past ? 'past' : 'current'}">
      <h3 id="name-${id}">${name}</h3>
      ${member.isReferent
        ? html`<p><span part="badge" class="badge">${msg('Référent', { id: 'my.referent' })}</span> ${msg('C’est la personne qui coordonne votre accompagnement.', { id: 'my.referentIs' })}</p>`
        : nothing}
      <p>${member.organization.name}${role ? ` · ${role}` : ''}</p>
      <p class="meta">
        ${past
          ? msg(str`Du ${formatDate(member.startedAt, lang)} au ${formatDate(member.endedAt ?? member.startedAt, lang)}`, { id: 'my.period' })
          : msg(str`Depuis le ${formatDate(member.startedAt, lang)}`, { id: 'members.since' })}
      </p>
      <p part="contact">
        ${member.phone ? html`${msg('Téléphone', { id: 'card.phone' })} : <a href=${telHref(member.phone)}>${formatPhone(member.phone)}</a><br />` : nothing}
        ${member.email ? html`${msg('E-mail', { id: 'card.email' })} : <a href="mailto:${member.email}">${member.email}</a>` : nothing}
      </p>
      ${member.flaggedUnknownAt
        ? html`<p part="flag" class="warning-text" id="flagged-${id}" tabindex="-1">${msg('Vous avez dit ne pas connaître ce professionnel. Votre équipe le voit.', { id: 'my.flagged' })}</p>`
        : this.asking === id
          ? html`<p id="confirm-${id}" tabindex="-1">${msg(str`Votre équipe verra que vous ne connaissez pas ${name}. Vous confirmez ?`, { id: 'my.flagConfirm' })}</p>
              <div class="actions">
                <button ?disabled=${this.busy} @click=${() => this.flag(member)}>${msg('Oui, je confirme', { id: 'my.flagYes' })}</button>
                <button class="secondary" @click=${() => this.ask(undefined)}>${msg('Annuler', { id: 'invite.cancel' })}</button>
              </div>`
          : html`<button class="secondary" id="flag-${id}" aria-describedby="name-${id}" @click=${() => this.ask(id)}>
              ${msg('Je ne connais pas ce professionnel', { id: 'my.flag' })}
            </button>`}
    </li>`;
  }

  override render() {
    const state = this.renderState();
    if (state || !this.file) return state;
    const { team, formerTeam } = this.file;
    return html`
      <h2>${msg('Mon équipe', { id: 'my.team' })}</h2>
      ${this.problem ? html`<p class="error-text" role="alert" tabindex="-1">${this.problem.detail}</p>` : nothing}
      ${team.length
        ? html`<p>${msg('Les professionnels qui vous accompagnent aujourd’hui :', { id: 'my.teamIntro' })}</p>
            <ul part="list">${referentFirst(team).map((m) => this.member(m, false))}</ul>`
        : html`<p part="state" class="state">${msg('Aucun professionnel ne vous accompagne en ce moment.', { id: 'my.teamEmpty' })}</p>`}
      ${formerTeam.length
        ? html`<h2>${msg('Les professionnels qui vous accompagnaient avant', { id: 'my.former' })}</h2>
            <ul part="list">${formerTeam.map((m) => this.member(m, true))}</ul>`
        : nothing}
    `;
  }
}
