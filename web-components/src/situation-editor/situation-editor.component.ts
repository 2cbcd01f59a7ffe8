import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { Person } from '../../../functions/domain/person.ts';
import { ApiError } from '../core/api.ts';
import { internalState } from '../core/gps-element.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { FLAGS, flagLabel } from '../core/labels.ts';
import { base } from '../core/styles.ts';
import { styles } from './situation-editor.styles.ts';

/**
 * Edits the person's statuses and summary. GPS refuses an edit made on a version someone
 * else changed meanwhile: the widget then says so, keeps what was typed, and offers to
 * reload the current version.
 *
 * @tag gps-situation-editor
 * @event gps-person-updated - Saved: `{ person }`.
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart form - The form.
 * @csspart conflict - The message shown when someone else changed the file meanwhile.
 * @csspart state - The loading or error message.
 */
export class GpsSituationEditor extends PersonWidget<Person> {
  static override styles = [base, styles];
  static override properties = {
    ...PersonWidget.properties,
    ...internalState('conflict', 'saved'),
  };

  protected declare conflict: boolean;
  protected declare saved: boolean;

  constructor() {
    super();
    this.conflict = false;
    this.saved = false;
  }

  protected async read() {
    this.conflict = false;
    return (await this.api<Person>('GET', this.personPath())).data;
  }

  private save(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const person = this.data!;
    const flags = Object.fromEntries(FLAGS.map((flag) => [flag, data.get(flag) === 'on']));
    this.saved = false;
    return this.change(async () => {
      try {
        const { data: updated } = await this.api<Person>('PATCH', this.personPath(), {
          headers: { 'If-Match': `"${person.version}"` },
          body: { situation: { ...person.situation, flags }, summary: String(data.get('summary') ?? '').trim() },
        });
        this.data = updated;
        this.saved = true;
        this.emit('gps-person-updated', { person: updated });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        this.conflict = true;
      }
    });
  }

  override render() {
    const state = this.renderState(msg('Chargement de la fiche…', { id: 'card.loading' }));
    const person = this.data;
    if (state || !person) return state;
    return html`
      <form part="form" @submit=${this.save}>
        <h2>${msg('Mettre à jour la situation', { id: 'editor.title' })}</h2>
        ${this.conflict
          ? html`<div part="conflict" role="alert">
              <p class="error-text">${msg('Quelqu’un a modifié cette fiche pendant que vous l’éditiez. Votre texte est conservé ci-dessous : rechargez la fiche pour voir la version actuelle, puis enregistrez de nouveau.', { id: 'editor.conflict' })}</p>
              <button type="button" class="secondary" @click=${() => this.load()}>${msg('Recharger la fiche', { id: 'editor.reload' })}</button>
            </div>`
          : nothing}
        ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
        <fieldset class="field">
          <legend>${msg('Statuts', { id: 'card.flags' })}</legend>
          ${FLAGS.map(
            (flag) => html`<div class="check">
              <input type="checkbox" id=${`flag-${flag}`} name=${flag} .checked=${person.situation.flags[flag] === true} />
              <label for=${`flag-${flag}`}>${flagLabel(flag)}</label>
            </div>`,
          )}
        </fieldset>
        <div class="field">
          <label for="summary">${msg('Situation en quelques lignes', { id: 'editor.summary' })}</label>
          <textarea id="summary" name="summary" rows="4" maxlength="2000" .value=${person.summary ?? ''}></textarea>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${msg('Enregistrer', { id: 'editor.save' })}</button>
          ${this.saved ? html`<p class="success-text" role="status">${msg('Enregistré.', { id: 'editor.saved' })}</p>` : nothing}
        </div>
      </form>
    `;
  }
}
