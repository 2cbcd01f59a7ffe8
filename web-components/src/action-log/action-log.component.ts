import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Action } from '../../../functions/domain/action.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { ACTION_CATEGORIES, categoryLabel } from '../core/labels.ts';
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
  protected async read() {
    return (await this.api<{ items: Action[] }>('GET', this.personPath('/actions?limit=50'))).data.items;
  }

  private add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    return this.change(async () => {
      const { data: action } = await this.api<Action>('POST', this.personPath('/actions'), {
        body: { date: data.get('date'), category: data.get('category'), text: String(data.get('text') ?? '').trim() },
      });
      this.data = [action, ...(this.data ?? [])];
      form.reset();
      this.emit('gps-action-added', { action });
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
              (action) => html`<li part="entry">
                <span class="badge">${categoryLabel(action.category)}</span> ${action.text}
                <div class="meta">${formatDate(action.date, this.language)} · ${action.author.firstName} ${action.author.lastName} (${action.author.organizationName})</div>
              </li>`,
            )}
          </ul>`}
      <form part="form" @submit=${this.add}>
        <h3>${msg('Ajouter une action', { id: 'actions.add' })}</h3>
        ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
        <div class="field">
          <label for="date">${msg('Date', { id: 'actions.date' })}</label>
          <input id="date" name="date" type="date" required max=${today} .value=${today} />
        </div>
        <div class="field">
          <label for="category">${msg('Catégorie', { id: 'actions.category' })}</label>
          <select id="category" name="category" required>
            ${ACTION_CATEGORIES.map((category) => html`<option value=${category}>${categoryLabel(category)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="text">${msg('Ce qui a été fait', { id: 'actions.text' })}</label>
          <textarea id="text" name="text" rows="2" required maxlength="2000"></textarea>
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Ajouter', { id: 'actions.submit' })}</button>
      </form>
    `;
  }
}
