import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { internalState } from '../core/gps-element.ts';
import { NEED_CATEGORIES, NEED_STATUSES, needCategoryLabel, needStatusLabel } from '../core/labels.ts';
import { formatDate } from '../core/localization.ts';
import { MyFileWidget, type Need } from '../core/my-file.ts';
import { base } from '../core/styles.ts';
import { styles } from './my-needs.styles.ts';

/**
 * For a portal where the person followed is signed in: what they need or are working on, in
 * their own words (300 characters, a theme, where they are: à faire, en cours, fait). Their
 * team reads it on the card, marked as written by the person; members who asked for it get
 * an e-mail. A text being typed stays in its field when GPS refuses it or cannot be reached.
 *
 * @tag gps-my-needs
 * @event gps-need-written - The person wrote a need: `{ need }`.
 * @event gps-need-updated - The person changed where a need is: `{ need }`.
 * @event gps-error - A call failed: `{ status, detail }` (French); a person with no file gets 404.
 * @csspart list - The needs, newest first.
 * @csspart need - One need.
 * @csspart form - The form to write a need.
 * @csspart state - The loading, no-file or error message.
 */
export class GpsMyNeeds extends MyFileWidget {
  static override styles = [base, styles];
  static override properties = { ...MyFileWidget.properties, ...internalState('invalid', 'said') };

  /** GPS's own message for the text, when it is missing or refused. */
  protected declare invalid: string | undefined;
  /** What the last change did, said in a status message. */
  protected declare said: string | undefined;

  private async write(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get('text') ?? '').trim();
    this.said = undefined;
    this.invalid = text ? undefined : msg('Écrivez votre besoin en quelques mots.', { id: 'my.needMissing' });
    if (this.invalid) return this.focusLater('#need-text');
    const done = await this.change(async () => {
      const { data: need } = await this.api<Need>('POST', '/my-file/needs', { body: { text, category: data.get('category'), status: data.get('status') } });
      this.file = { ...this.file!, needs: [need, ...this.file!.needs] };
      form.reset();
      this.said = msg('C’est noté. Votre équipe peut maintenant le lire.', { id: 'my.needWritten' });
      this.emit('gps-need-written', { need });
    });
    this.invalid = this.problem?.errors?.find((e) => e.pointer === '/text')?.detail;
    this.focusLater(done ? '#said' : this.invalid ? '#need-text' : '[role="alert"]');
  }

  private async setStatus(event: SubmitEvent, need: Need) {
    event.preventDefault();
    const status = new FormData(event.target as HTMLFormElement).get('status');
    this.said = undefined;
    const done = await this.change(async () => {
      const { data: changed } = await this.api<Need>('PATCH', `/my-file/needs/${encodeURIComponent(need.id)}`, { body: { status } });
      this.file = { ...this.file!, needs: this.file!.needs.map((n) => (n.id === changed.id ? changed : n)) };
      this.said = msg('C’est enregistré.', { id: 'my.needUpdated' });
      this.emit('gps-need-updated', { need: changed });
    });
    this.focusLater(done ? '#said' : '[role="alert"]');
  }

  private options(values: readonly string[], label: (value: string) => string, selected?: string) {
    return values.map((value) => html`<option value=${value} ?selected=${value === selected}>${label(value)}</option>`);
  }

  override render() {
    const state = this.renderState();
    if (state || !this.file) return state;
    const { needs } = this.file;
    const where = msg('Où en êtes-vous ?', { id: 'my.needWhere' });
    return html`
      <h2>${msg('Mes besoins', { id: 'my.needs' })}</h2>
      ${this.problem ? html`<p class="error-text" role="alert" tabindex="-1">${this.problem.detail}</p>` : nothing}
      <div role="status">${this.said ? html`<p class="success-text" id="said" tabindex="-1">${this.said}</p>` : nothing}</div>
      ${needs.length
        ? html`<ul part="list">
            ${needs.map(
              (need) => html`<li part="need">
                <p><span class="badge">${needStatusLabel(need.status)}</span> <span class="badge">${needCategoryLabel(need.category)}</span></p>
                <p id="need-${need.id}">${need.text}</p>
                <p class="meta">${msg(str`Écrit le ${formatDate(need.createdAt, this.language)}`, { id: 'my.needDate' })}</p>
                <form class="actions" @submit=${(event: SubmitEvent) => this.setStatus(event, need)}>
                  <label class="visually-hidden" for="status-${need.id}">${where}</label>
                  <select id="status-${need.id}" name="status" aria-describedby="need-${need.id}">${this.options(NEED_STATUSES, needStatusLabel, need.status)}</select>
                  <button class="secondary" aria-describedby="need-${need.id}" ?disabled=${this.busy}>${msg('Changer', { id: 'my.needChange' })}</button>
                </form>
              </li>`,
            )}
          </ul>`
        : html`<p part="state" class="state">${msg('Vous n’avez encore écrit aucun besoin.', { id: 'my.needsEmpty' })}</p>`}
      <form part="form" @submit=${this.write} novalidate>
        <h3>${msg('Écrire un besoin', { id: 'my.needNew' })}</h3>
        <div class="field">
          <label for="need-text">${msg('Ce dont j’ai besoin, ou ce sur quoi je travaille', { id: 'my.needText' })}
            <span class="hint" id="need-hint">${msg('300 caractères au plus. Votre équipe lira ce texte : écrivez seulement ce que vous voulez partager.', { id: 'my.needHint' })}</span></label>
          <textarea id="need-text" name="text" rows="3" maxlength="300" aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby=${this.invalid ? 'need-hint need-error' : 'need-hint'}></textarea>
          ${this.invalid ? html`<p id="need-error" class="error-text">${this.invalid}</p>` : nothing}
        </div>
        <div class="field">
          <label for="need-category">${msg('Thème', { id: 'my.needCategory' })}</label>
          <select id="need-category" name="category">${this.options(NEED_CATEGORIES, needCategoryLabel)}</select>
        </div>
        <div class="field">
          <label for="need-status">${where}</label>
          <select id="need-status" name="status">${this.options(NEED_STATUSES, needStatusLabel)}</select>
        </div>
        <button ?disabled=${this.busy}>${msg('Envoyer à mon équipe', { id: 'my.needSend' })}</button>
      </form>
    `;
  }
}
