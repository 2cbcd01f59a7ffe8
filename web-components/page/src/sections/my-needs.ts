import { html, nothing } from 'lit';
import { ApiError } from '../../../src/core/api.ts';
import { NEED_CATEGORIES, NEED_STATUSES, needCategoryLabel, needStatusLabel } from '../../../src/core/labels.ts';
import type { Need } from '../../../src/core/my-file.ts';
import { personApi } from '../person-session.ts';
import { Section, confirmModal, day, showModal } from './section.ts';

const MAX = 300;
const STATUS_BADGE: Record<string, string> = { todo: 'fr-badge--new', in_progress: 'fr-badge--info', done: 'fr-badge--success' };

type Draft = { text: string; category: string; status: string };
const EMPTY: Draft = { text: '', category: 'emploi', status: 'todo' };

/**
 * « Mes besoins » : what the person needs or works on, in their words. Their team reads it on
 * their card; whoever asked for it gets an e-mail. Nothing typed is lost: the text stays in
 * its field when GPS refuses it or cannot be reached, and leaving a change asks first.
 */
class MyNeeds extends Section {
  static override properties = {
    needs: { attribute: false },
    draft: { state: true },
    editing: { state: true },
    edit: { state: true },
    invalid: { state: true },
    error: { state: true },
    said: { state: true },
    busy: { state: true },
    leaving: { state: true },
  };
  declare needs: Need[];
  /** The new need being typed. */
  declare draft: Draft;
  /** The need being changed, and what it says now in its form. */
  declare editing: string | undefined;
  declare edit: Draft;
  /** GPS's message for a text field (`new` or the need changed). */
  declare invalid: { field: 'new' | 'edit'; message: string } | undefined;
  declare error: string | undefined;
  declare said: string | undefined;
  declare busy: boolean;
  /** « Annuler » on a changed need waits for the person's word. */
  declare leaving: boolean;

  constructor() {
    super();
    this.needs = [];
    this.draft = { ...EMPTY };
    this.edit = { ...EMPTY };
    this.busy = false;
    this.leaving = false;
  }

  private changed(needs: Need[]) {
    this.needs = needs;
    this.dispatchEvent(new CustomEvent('gps-page-needs-changed', { detail: { needs }, bubbles: true }));
  }

  /** A refusal of GPS: under its field when it names the text, else above the form. */
  private refused(error: unknown, field: 'new' | 'edit') {
    const message = this.errorOf(error);
    const pointer = error instanceof ApiError ? error.problem.errors?.find((e) => e.pointer === '/text') : undefined;
    if (pointer) this.invalid = { field, message: pointer.detail };
    else this.error = message;
    return pointer ? `#${field}-text` : '#besoins-erreur';
  }

  private async write(event: SubmitEvent) {
    event.preventDefault();
    this.said = undefined;
    this.error = undefined;
    const text = this.draft.text.trim();
    if (!text) {
      this.invalid = { field: 'new', message: 'Écrivez votre besoin en quelques mots.' };
      return this.focusAfterRender('#new-text');
    }
    this.invalid = undefined;
    this.busy = true;
    try {
      const need = await personApi<Need>('POST', '/my-file/needs', { ...this.draft, text });
      this.changed([need, ...this.needs]);
      this.draft = { ...EMPTY };
      this.said = 'C’est noté. Votre équipe peut maintenant lire ce besoin.';
      await this.focusAfterRender('#besoins-message');
    } catch (error) {
      await this.focusAfterRender(this.refused(error, 'new'));
    } finally {
      this.busy = false;
    }
  }

  private open(need: Need) {
    this.editing = need.id;
    this.edit = { text: need.text, category: need.category, status: need.status };
    this.invalid = undefined;
    this.said = undefined;
    void this.focusAfterRender('#edit-text');
  }

  private close() {
    const id = this.editing;
    this.editing = undefined;
    this.leaving = false;
    this.invalid = undefined;
    void this.focusAfterRender(`#modifier-${id}`);
  }

  /** « Annuler » : at once when nothing changed, else once the person says so. */
  private cancel() {
    const need = this.needs.find((n) => n.id === this.editing);
    if (need && (need.text !== this.edit.text || need.category !== this.edit.category || need.status !== this.edit.status)) {
      this.leaving = true;
      void showModal(this, 'abandon-besoin');
      return;
    }
    this.close();
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const need = this.needs.find((n) => n.id === this.editing)!;
    this.said = undefined;
    this.error = undefined;
    const text = this.edit.text.trim();
    if (!text) {
      this.invalid = { field: 'edit', message: 'Écrivez votre besoin en quelques mots.' };
      return this.focusAfterRender('#edit-text');
    }
    const changes = Object.fromEntries(Object.entries({ ...this.edit, text }).filter(([key, value]) => need[key as keyof Draft] !== value));
    if (Object.keys(changes).length === 0) return this.close();
    this.busy = true;
    try {
      const saved = await personApi<Need>('PATCH', `/my-file/needs/${encodeURIComponent(need.id)}`, changes);
      this.changed(this.needs.map((n) => (n.id === saved.id ? saved : n)));
      this.editing = undefined;
      this.invalid = undefined;
      this.said = 'C’est enregistré. Votre équipe voit la nouvelle version.';
      await this.focusAfterRender('#besoins-message');
    } catch (error) {
      await this.focusAfterRender(this.refused(error, 'edit'));
    } finally {
      this.busy = false;
    }
  }

  /** The fields of a need, new or changed: the text with what is left of its 300 characters, the theme, where the person is. */
  private fields(field: 'new' | 'edit', draft: Draft, set: (draft: Draft) => void) {
    const id = (name: string) => `${field}-${name}`;
    const error = this.invalid?.field === field ? this.invalid.message : undefined;
    return html`
      <div class="fr-input-group ${error ? 'fr-input-group--error' : ''}">
        <label class="fr-label" for=${id('text')}
          >${field === 'new' ? 'Ce dont j’ai besoin, ou ce sur quoi je travaille' : 'Mon besoin'}
          <span class="fr-hint-text" id=${id('hint')}>Votre équipe lira ce texte. Écrivez seulement ce que vous voulez partager.</span></label
        >
        <textarea
          class="fr-input ${error ? 'fr-input--error' : ''}"
          id=${id('text')}
          name="text"
          rows="3"
          maxlength=${MAX}
          aria-describedby="${id('hint')} ${id('count')}${error ? ` ${id('error')}` : ''}"
          aria-invalid=${error ? 'true' : 'false'}
          .value=${draft.text}
          @input=${(event: InputEvent) => set({ ...draft, text: (event.target as HTMLTextAreaElement).value })}
        ></textarea>
        <p class="fr-hint-text fr-mt-1v" id=${id('count')}>${MAX - draft.text.length} caractères restants sur ${MAX}.</p>
        ${error ? html`<p class="fr-error-text" id=${id('error')}>${error}</p>` : nothing}
      </div>
      <div class="fr-select-group">
        <label class="fr-label" for=${id('category')}>Thème</label>
        <select class="fr-select" id=${id('category')} name="category" @change=${(event: Event) => set({ ...draft, category: (event.target as HTMLSelectElement).value })}>
          ${NEED_CATEGORIES.map((category) => html`<option value=${category} ?selected=${category === draft.category}>${needCategoryLabel(category)}</option>`)}
        </select>
      </div>
      <fieldset class="fr-fieldset" aria-labelledby=${id('status-legend')}>
        <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id=${id('status-legend')}>Où en êtes-vous ?</legend>
        ${NEED_STATUSES.map(
          (status) => html`<div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-radio-group">
              <input type="radio" id=${id(`status-${status}`)} name=${id('status')} value=${status} .checked=${draft.status === status} @change=${() => set({ ...draft, status })} />
              <label class="fr-label" for=${id(`status-${status}`)}>${needStatusLabel(status)}</label>
            </div>
          </div>`,
        )}
      </fieldset>
    `;
  }

  private need(need: Need) {
    if (this.editing === need.id) {
      return html`<li class="gps-need">
        <form @submit=${this.save} novalidate aria-label="Modifier ce besoin">
          ${this.fields('edit', this.edit, (draft) => (this.edit = draft))}
          <ul class="fr-btns-group fr-btns-group--inline-sm">
            <li><button class="fr-btn" type="submit" ?disabled=${this.busy}>Enregistrer</button></li>
            <li><button class="fr-btn fr-btn--secondary" type="button" @click=${this.cancel}>Annuler</button></li>
          </ul>
        </form>
      </li>`;
    }
    return html`<li class="gps-need">
      <p class="fr-mb-1w">
        <span class="fr-badge fr-badge--sm fr-badge--no-icon ${STATUS_BADGE[need.status] ?? ''}">${needStatusLabel(need.status)}</span>
        <span class="fr-tag fr-tag--sm fr-ml-1v">${needCategoryLabel(need.category)}</span>
      </p>
      <p class="fr-mb-1w" id="besoin-${need.id}">${need.text}</p>
      <p class="fr-hint-text">Écrit le ${day(need.createdAt)}${need.updatedAt.slice(0, 10) !== need.createdAt.slice(0, 10) ? `, modifié le ${day(need.updatedAt)}` : ''}.</p>
      <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" id="modifier-${need.id}" aria-describedby="besoin-${need.id}" @click=${() => this.open(need)}>Modifier</button>
    </li>`;
  }

  override render() {
    return html`
      <p>Écrivez ici ce dont vous avez besoin, ou ce sur quoi vous travaillez. Votre équipe le lira dans votre dossier.</p>
      ${this.success(this.said, 'besoins-message')}
      <div id="besoins-erreur" tabindex="-1">${this.alert(this.error)}</div>
      <form class="fr-p-3w fr-mb-4w fr-background-alt--grey" @submit=${this.write} novalidate aria-labelledby="nouveau-besoin">
        <h2 class="fr-h5" id="nouveau-besoin">Écrire un besoin</h2>
        ${this.fields('new', this.draft, (draft) => (this.draft = draft))}
        <button class="fr-btn" type="submit" ?disabled=${this.busy}>Envoyer à mon équipe</button>
      </form>
      <h2 class="fr-h4">Les besoins que j’ai écrits</h2>
      ${this.needs.length ? html`<ul class="gps-needs">${this.needs.map((need) => this.need(need))}</ul>` : html`<p>Vous n’avez encore écrit aucun besoin.</p>`}
      ${confirmModal({
        id: 'abandon-besoin',
        open: this.leaving,
        title: 'Abandonner vos changements ?',
        text: html`<p>Ce que vous avez changé dans ce besoin sera perdu.</p>`,
        confirm: 'Oui, abandonner',
        onConfirm: () => this.close(),
        onClose: () => {
          if (this.editing && this.leaving) {
            this.leaving = false;
            void this.focusAfterRender('#edit-text');
          }
        },
      })}
    `;
  }
}

Section.define('gps-page-my-needs', MyNeeds);
