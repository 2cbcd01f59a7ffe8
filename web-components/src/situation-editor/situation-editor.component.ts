import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Person } from '../../../functions/domain/person.ts';
import { ApiError } from '../core/api.ts';
import { internalState } from '../core/gps-element.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { BARRIERS, FLAGS, SENSITIVE_BARRIERS, barrierLabel, flagLabel, privacyHint } from '../core/labels.ts';
import { base } from '../core/styles.ts';
import { styles } from './situation-editor.styles.ts';

/** What the form holds: the professional's version, until GPS has it. */
type Draft = {
  flags: Record<string, boolean>;
  barriers: Record<string, { note?: string }>;
  postcode: string;
  city: string;
  summary: string;
};

const draftOf = (person: Person): Draft => ({
  flags: { ...person.situation.flags },
  barriers: Object.fromEntries(Object.entries(person.situation.barriers).map(([kind, value]) => [kind, { ...value }])),
  postcode: person.contact.postcode ?? '',
  city: person.contact.city ?? '',
  summary: person.summary ?? '',
});

const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits the person's statuses, « freins périphériques » (with a note each), commune and
 * summary. GPS refuses an edit made on a version someone else changed meanwhile: the widget
 * then shows the version GPS holds beside what was typed, keeps the typed text in the form,
 * and discards it only on an explicit, confirmed choice.
 *
 * @tag gps-situation-editor
 * @event gps-person-updated - Saved: `{ person }` (what GPS now holds; the person card takes it).
 * @event gps-error - A call failed: `{ status, detail }` (French).
 * @csspart form - The form.
 * @csspart conflict - What is shown when someone else changed the file meanwhile: their version and the choices.
 * @csspart state - The loading or error message.
 */
export class GpsSituationEditor extends PersonWidget<Person> {
  static override styles = [base, styles];
  static override properties = {
    ...PersonWidget.properties,
    ...internalState('draft', 'theirs', 'saved', 'confirmDiscard', 'postcodeError'),
  };

  protected declare draft: Draft | undefined;
  /** The version GPS holds, read after a conflict: shown beside the draft. */
  protected declare theirs: Person | undefined;
  protected declare saved: boolean;
  protected declare confirmDiscard: boolean;
  protected declare postcodeError: string | undefined;

  constructor() {
    super();
    this.saved = false;
    this.confirmDiscard = false;
  }

  protected async read() {
    const person = (await this.api<Person>('GET', this.personPath())).data;
    this.theirs = undefined;
    this.confirmDiscard = false;
    this.draft = draftOf(person);
    return person;
  }

  private edit(change: (draft: Draft) => void) {
    const draft = structuredClone(this.draft!);
    change(draft);
    this.draft = draft;
    this.saved = false;
  }

  private body(draft: Draft, person: Person) {
    const { postcode: _p, city: _c, ...contact } = person.contact;
    const barriers = Object.fromEntries(
      Object.entries(draft.barriers).map(([kind, { note }]) => [kind, note?.trim() ? { note: note.trim() } : {}]),
    );
    return {
      contact: { ...contact, ...(draft.postcode.trim() ? { postcode: draft.postcode.trim() } : {}), ...(draft.city.trim() ? { city: draft.city.trim() } : {}) },
      situation: { flags: Object.fromEntries(FLAGS.map((flag) => [flag, draft.flags[flag] === true])), barriers },
      summary: draft.summary.trim(),
    };
  }

  private save(event: SubmitEvent) {
    event.preventDefault();
    const draft = this.draft!;
    if (draft.postcode.trim() && !/^\d{5}$/.test(draft.postcode.trim())) {
      this.postcodeError = msg('Le code postal compte 5 chiffres, par exemple 69100.', { id: 'editor.postcodeInvalid' });
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#postcode')?.focus());
      return;
    }
    this.postcodeError = undefined;
    // After a conflict, saving is knowingly done over the version shown beside the form.
    const base = this.theirs ?? this.data!;
    this.saved = false;
    return this.change(async () => {
      try {
        const { data: updated } = await this.api<Person>('PATCH', this.personPath(), {
          headers: { 'If-Match': `"${base.version}"` },
          body: this.body(draft, base),
        });
        this.data = updated;
        this.theirs = undefined;
        this.confirmDiscard = false;
        this.draft = draftOf(updated);
        this.saved = true;
        this.emit('gps-person-updated', { person: updated });
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#saved')?.focus();
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        // The draft stays in the form; GPS's version comes beside it.
        const { data: current } = await this.api<Person>('GET', this.personPath());
        this.theirs = current;
        this.emit('gps-person-updated', { person: current });
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part="conflict"]')?.focus();
      }
    });
  }

  /** Takes GPS's version into the form: the typed text goes, so only once confirmed. */
  private async takeTheirs() {
    const theirs = this.theirs!;
    this.data = theirs;
    this.draft = draftOf(theirs);
    this.theirs = undefined;
    this.confirmDiscard = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#summary')?.focus();
  }

  private renderVersion(person: Person) {
    const flags = FLAGS.filter((flag) => person.situation.flags[flag]);
    const barriers = Object.entries(person.situation.barriers);
    const none = msg('aucun', { id: 'editor.none' });
    return html`<dl>
      <dt>${msg('Statuts', { id: 'card.flags' })}</dt>
      <dd>${flags.length ? flags.map(flagLabel).join(', ') : none}</dd>
      <dt>${msg('Freins périphériques', { id: 'card.barriers' })}</dt>
      <dd>${barriers.length ? barriers.map(([kind, { note }]) => `${barrierLabel(kind)}${note ? ` (${note})` : ''}`).join(', ') : none}</dd>
      <dt>${msg('Commune', { id: 'card.city' })}</dt>
      <dd>${[person.contact.postcode, person.contact.city].filter(Boolean).join(' ') || none}</dd>
      <dt>${msg('Situation en quelques lignes', { id: 'editor.summary' })}</dt>
      <dd class="text">${person.summary || none}</dd>
    </dl>`;
  }

  private renderConflict(theirs: Person) {
    const unchanged = sameDraft(this.draft!, draftOf(theirs));
    return html`<section part="conflict" role="alert" tabindex="-1" aria-labelledby="conflict-title">
      <h3 id="conflict-title">${msg('Quelqu’un a modifié cette fiche pendant que vous l’éditiez', { id: 'editor.conflictTitle' })}</h3>
      <p>
        ${msg(
          'Votre texte est conservé dans le formulaire ci-dessous. Voici la version que GPS a enregistrée entre-temps : reprenez-en ce que vous voulez, puis enregistrez votre version, qui la remplacera.',
          { id: 'editor.conflict' },
        )}
      </p>
      <h4>${msg('La version enregistrée', { id: 'editor.theirs' })}</h4>
      ${this.renderVersion(theirs)}
      ${this.confirmDiscard
        ? html`<p class="error-text" id="discard-warning">
              ${msg('Votre texte sera effacé et remplacé par la version enregistrée. Confirmez-vous ?', { id: 'editor.discardConfirm' })}
            </p>
            <div class="actions">
              <button type="button" @click=${this.takeTheirs} aria-describedby="discard-warning">${msg('Oui, effacer mon texte', { id: 'editor.discardYes' })}</button>
              <button type="button" class="secondary" @click=${() => (this.confirmDiscard = false)}>${msg('Non, garder mon texte', { id: 'editor.discardNo' })}</button>
            </div>`
        : html`<div class="actions">
            <button type="button" class="secondary" @click=${() => (unchanged ? this.takeTheirs() : (this.confirmDiscard = true))}>
              ${msg('Reprendre la version enregistrée', { id: 'editor.reload' })}
            </button>
          </div>`}
    </section>`;
  }

  override render() {
    const state = this.renderState(msg('Chargement de la fiche…', { id: 'card.loading' }));
    const person = this.data;
    const draft = this.draft;
    if (state || !person || !draft) return state;
    const theirs = this.theirs;
    return html`
      <form part="form" @submit=${this.save} novalidate>
        <h2>${msg('Mettre à jour la situation', { id: 'editor.title' })}</h2>
        ${theirs ? this.renderConflict(theirs) : nothing}
        ${this.problem ? html`<p class="error-text" role="alert">${this.problem.detail}</p>` : nothing}
        <fieldset class="field">
          <legend>${msg('Statuts', { id: 'card.flags' })}</legend>
          ${FLAGS.map(
            (flag) => html`<div class="check">
              <input type="checkbox" id=${`flag-${flag}`} name=${flag} .checked=${draft.flags[flag] === true} @change=${(event: Event) => this.edit((d) => (d.flags[flag] = (event.target as HTMLInputElement).checked))} />
              <label for=${`flag-${flag}`}>${flagLabel(flag)}</label>
            </div>`,
          )}
        </fieldset>
        <fieldset class="field">
          <legend>${msg('Freins périphériques', { id: 'card.barriers' })}</legend>
          ${BARRIERS.map((kind) => {
            const on = draft.barriers[kind] !== undefined;
            const label = barrierLabel(kind);
            return html`<div class="check">
                <input
                  type="checkbox"
                  id=${`barrier-${kind}`}
                  .checked=${on}
                  @change=${(event: Event) =>
                    this.edit((d) => {
                      if ((event.target as HTMLInputElement).checked) d.barriers[kind] = {};
                      else delete d.barriers[kind];
                    })}
                />
                <label for=${`barrier-${kind}`}>${label}</label>
              </div>
              ${on && SENSITIVE_BARRIERS.has(kind)
                ? html`<p class="hint note">${msg('Le frein est noté, sans précision : les détails de santé ou de justice n’ont pas leur place dans GPS.', { id: 'editor.sensitiveNote' })}</p>`
                : on
                  ? html`<div class="note">
                      <label for=${`note-${kind}`}>${msg(str`Précision sur le frein « ${label} » (facultatif)`, { id: 'editor.barrierNote' })} <span class="hint" id=${`note-${kind}-hint`}>${privacyHint()}</span></label>
                      <input id=${`note-${kind}`} maxlength="500" aria-describedby=${`note-${kind}-hint`} .value=${draft.barriers[kind]?.note ?? ''} @input=${(event: Event) => this.edit((d) => (d.barriers[kind] = { note: (event.target as HTMLInputElement).value }))} />
                    </div>`
                  : nothing}`;
          })}
        </fieldset>
        <div class="field commune">
          <div>
            <label for="postcode">${msg('Code postal', { id: 'editor.postcode' })} <span class="hint" id="postcode-hint">${msg('5 chiffres', { id: 'editor.postcodeHint' })}</span></label>
            <input
              id="postcode"
              inputmode="numeric"
              autocomplete="off"
              maxlength="5"
              .value=${draft.postcode}
              aria-invalid=${this.postcodeError ? 'true' : 'false'}
              aria-describedby=${this.postcodeError ? 'postcode-hint postcode-error' : 'postcode-hint'}
              @input=${(event: Event) => this.edit((d) => (d.postcode = (event.target as HTMLInputElement).value))}
            />
            ${this.postcodeError ? html`<p id="postcode-error" class="error-text">${this.postcodeError}</p>` : nothing}
          </div>
          <div>
            <label for="city">${msg('Commune', { id: 'card.city' })}</label>
            <input id="city" maxlength="100" autocomplete="off" .value=${draft.city} @input=${(event: Event) => this.edit((d) => (d.city = (event.target as HTMLInputElement).value))} />
          </div>
        </div>
        <div class="field">
          <label for="summary">${msg('Situation en quelques lignes', { id: 'editor.summary' })} <span class="hint" id="summary-hint">${privacyHint()}</span></label>
          <textarea id="summary" name="summary" rows="4" maxlength="2000" aria-describedby="summary-hint" .value=${draft.summary} @input=${(event: Event) => this.edit((d) => (d.summary = (event.target as HTMLTextAreaElement).value))}></textarea>
        </div>
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>
            ${theirs ? msg('Enregistrer ma version', { id: 'editor.saveMine' }) : msg('Enregistrer', { id: 'editor.save' })}
          </button>
          ${this.saved ? html`<p class="success-text" role="status" id="saved" tabindex="-1">${msg('Enregistré : la fiche est à jour.', { id: 'editor.saved' })}</p>` : nothing}
        </div>
      </form>
    `;
  }
}
