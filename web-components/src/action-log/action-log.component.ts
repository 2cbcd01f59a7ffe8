import { css, html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Action } from '../../../functions/domain/action.ts';
import { GpsElement, internalState } from '../core/gps-element.ts';
import { ACTION_CATEGORIES, categoryLabel } from '../core/labels.ts';
import { formatDate } from '../core/localization.ts';
import { base } from '../core/styles.ts';

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
export class GpsActionLog extends GpsElement {
  static override styles = [
    base,
    css`
      [part='list'] {
        list-style: none;
        padding: 0;
        margin: 0 0 var(--_space);
      }
      [part='entry'] {
        border-bottom: 1px solid var(--_border);
        padding: 0.5em 0;
      }
      .meta {
        color: var(--_muted);
        font-size: 0.875em;
      }
    `,
  ];
  static override properties = {
    ...GpsElement.properties,
    personId: { attribute: 'person-id' },
    ...internalState('actions', 'problem', 'error', 'busy'),
  };

  declare personId: string | undefined;
  protected declare actions: Action[] | undefined;
  protected declare problem: { status: number; detail: string } | undefined;
  protected declare error: string | undefined;
  protected declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('personId') || changed.has('apiBase')) void this.load();
  }

  async load() {
    if (!this.personId) return;
    this.problem = undefined;
    try {
      this.actions = (await this.api<{ items: Action[] }>('GET', `/persons/${encodeURIComponent(this.personId)}/actions?limit=50`)).data.items;
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  private async add(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.error = undefined;
    this.busy = true;
    try {
      const { data: action } = await this.api<Action>('POST', `/persons/${encodeURIComponent(this.personId!)}/actions`, {
        body: { date: data.get('date'), category: data.get('category'), text: String(data.get('text') ?? '').trim() },
      });
      this.actions = [action, ...(this.actions ?? [])];
      form.reset();
      this.emit('gps-action-added', { action });
    } catch (error) {
      this.error = this.failure(error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (this.problem) return html`<p part="state" class="state error" role="alert">${this.problem.detail}</p>`;
    if (!this.actions) return html`<p part="state" class="state" role="status" aria-busy="true">${msg('Chargement des actions…', { id: 'actions.loading' })}</p>`;
    const today = new Date().toISOString().slice(0, 10);
    return html`
      <h2>${msg('Ce qui a été entrepris', { id: 'actions.title' })}</h2>
      ${this.actions.length === 0
        ? html`<p part="state" class="state">${msg('Rien n’a encore été noté.', { id: 'actions.empty' })}</p>`
        : html`<ul part="list">
            ${this.actions.map(
              (action) => html`<li part="entry">
                <span class="badge">${categoryLabel(action.category)}</span> ${action.text}
                <div class="meta">${formatDate(action.date, this.language)} · ${action.author.firstName} ${action.author.lastName} (${action.author.organizationName})</div>
              </li>`,
            )}
          </ul>`}
      <form part="form" @submit=${this.add}>
        <h3>${msg('Ajouter une action', { id: 'actions.add' })}</h3>
        ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
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
