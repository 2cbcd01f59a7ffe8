import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Action } from '../../../functions/domain/action.ts';
import { internalState } from '../core/gps-element.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { ACTION_CATEGORIES, categoryLabel, privacyHint } from '../core/labels.ts';
import { formatDate } from '../core/localization.ts';
import { base } from '../core/styles.ts';
import { styles } from './action-log.styles.ts';

/**
 * « Ce qui a été entrepris » : the dated entries of the members, newest first, and a form
 * to add one.
 *
 * @tag gps-action-log
 * @event gps-action-added - An entry was added: `{ action }`.
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart list - The entries.
 * @csspart entry - One entry.
 * @csspart form - The form to add an entry.
 * @csspart state - The loading, empty or error message.
 */
export class GpsActionLog extends PersonWidget<Action[]> {
  static override styles = [base, styles];
  static override properties = { ...PersonWidget.properties, ...internalState('invalid', 'added') };

  /** GPS's own message for each wrong field (the browser's bubbles are off). */
  protected declare invalid: Record<string, string>;
  protected declare added: boolean;

  constructor() {
    super();
    this.invalid = {};
    this.added = false;
  }

  protected async read() {
    return (await this.api<{ items: Action[] }>('GET', this.personPath('/actions?limit=50'))).data.items;
  }

  private add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const today = new Date().toISOString().slice(0, 10);
    const date = String(data.get('date') ?? '');
    const invalid: Record<string, string> = {};
    if (!date) invalid.date = msg('Saisissez la date au format jj/mm/aaaa.', { id: 'actions.dateMissing' });
    else if (date > today) invalid.date = msg('La date ne peut pas être dans le futur.', { id: 'actions.dateFuture' });
    if (!String(data.get('text') ?? '').trim()) invalid.text = msg('Décrivez en quelques mots ce qui a été fait.', { id: 'actions.textMissing' });
    this.invalid = invalid;
    this.added = false;
    const first = Object.keys(invalid)[0];
    if (first) return this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus());
    return this.change(async () => {
      const { data: action } = await this.api<Action>('POST', this.personPath('/actions'), {
        body: { date: data.get('date'), category: data.get('category'), text: String(data.get('text') ?? '').trim() },
      });
      this.data = [action, ...(this.data ?? [])];
      form.reset();
      this.added = true;
      this.emit('gps-action-added', { action });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="entry"]')?.focus();
    });
  }

  override render() {
    const state = this.renderState(msg('Chargement des actions…', { id: 'actions.loading' }));
    const actions = this.data;
    if (state || !actions) return state;
    const today = new Date().toISOString().slice(0, 10);
    return html`
      <h2>${msg('Ce qui a été entrepris', { id: 'actions.title' })}</h2>
      ${actions.length === 0
        ? html`<p part="state" class="state">${msg('Rien n’a encore été noté.', { id: 'actions.empty' })}</p>`
        : html`<ul part="list">
            ${actions.map(
              (action, index) => html`<li part="entry" tabindex=${index === 0 ? '-1' : nothing}>
                <span class="badge">${categoryLabel(action.category)}</span> ${action.text}
                <div class="meta">${formatDate(action.date, this.language)} · ${action.author.firstName} ${action.author.lastName} (${action.author.organizationName})</div>
              </li>`,
            )}
          </ul>`}
      <form part="form" @submit=${this.add} novalidate>
        <h3>${msg('Ajouter une action', { id: 'actions.add' })}</h3>
        ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
        <div role="status">${this.added ? html`<p class="success-text">${msg('Action ajoutée en tête de liste.', { id: 'actions.added' })}</p>` : nothing}</div>
        <div class="field">
          <label for="date">${msg('Date', { id: 'actions.date' })} <span class="hint" id="date-hint">${msg('Format : jj/mm/aaaa', { id: 'join.birthDateHint' })}</span></label>
          <input id="date" name="date" type="date" required max=${today} .value=${today} aria-invalid=${this.invalid.date ? 'true' : 'false'} aria-describedby=${this.invalid.date ? 'date-hint date-error' : 'date-hint'} />
          ${this.invalid.date ? html`<p id="date-error" class="error-text">${this.invalid.date}</p>` : nothing}
        </div>
        <div class="field">
          <label for="category">${msg('Catégorie', { id: 'actions.category' })}</label>
          <select id="category" name="category" required>
            ${ACTION_CATEGORIES.map((category) => html`<option value=${category}>${categoryLabel(category)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="text">${msg('Ce qui a été fait', { id: 'actions.text' })} <span class="hint" id="text-hint">${privacyHint()}</span></label>
          <textarea id="text" name="text" rows="2" required maxlength="2000" aria-invalid=${this.invalid.text ? 'true' : 'false'} aria-describedby=${this.invalid.text ? 'text-hint text-error' : 'text-hint'}></textarea>
          ${this.invalid.text ? html`<p id="text-error" class="error-text">${this.invalid.text}</p>` : nothing}
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Ajouter', { id: 'actions.submit' })}</button>
      </form>
    `;
  }
}
