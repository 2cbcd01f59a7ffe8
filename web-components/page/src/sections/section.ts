import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../../src/core/api.ts';
import { formatDate, formatTime } from '../../../src/core/localization.ts';
import { focusOn, navigate } from '../navigation.ts';

/** A part of the page: light DOM (the DSFR stylesheet applies), with the API's French errors. */
export class Section extends LitElement {
  protected override createRenderRoot() {
    return this;
  }

  protected errorOf(error: unknown): string {
    if (error instanceof ApiError) return error.message;
    throw error;
  }

  protected alert(message: string | undefined) {
    return message ? html`<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert" tabindex="-1"><p>${message}</p></div>` : nothing;
  }

  protected success(message: string | undefined, id = 'message') {
    return html`<div role="status">${message ? html`<div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" id=${id} tabindex="-1"><p>${message}</p></div>` : nothing}</div>`;
  }

  protected go(path: string, flash?: string) {
    navigate(path, flash ? { flash } : {});
  }

  /** After a render, moves the focus to the element the selector finds in this section. */
  protected async focusAfterRender(selector: string) {
    await this.updateComplete;
    focusOn(this.querySelector<HTMLElement>(selector));
  }

  static define(tag: string, element: CustomElementConstructor) {
    if (!customElements.get(tag)) customElements.define(tag, element);
  }
}

export const day = (value: string) => formatDate(value, 'fr');
export const time = (value: string) => formatTime(value, 'fr');

/**
 * A DSFR modal on the native dialog (focus kept inside, Escape closes, focus back where it
 * was): its title, its text, one confirming button.
 */
export function confirmModal(options: {
  id: string;
  open: boolean;
  title: string;
  text: unknown;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
  busy?: boolean;
}) {
  if (!options.open) return nothing;
  return html`<dialog
    id=${options.id}
    class="fr-modal fr-modal--opened gps-modal"
    aria-labelledby="${options.id}-title"
    aria-describedby="${options.id}-text"
    @close=${options.onClose}
    @click=${(event: MouseEvent) => event.target === event.currentTarget && (event.currentTarget as HTMLDialogElement).close()}
  >
    <div class="fr-container fr-container--fluid fr-container-md">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <div class="fr-modal__body">
            <div class="fr-modal__header">
              <button class="fr-btn--close fr-btn" type="button" title="Fermer la fenêtre" @click=${(event: Event) => (event.target as HTMLElement).closest('dialog')!.close()}>Fermer</button>
            </div>
            <div class="fr-modal__content">
              <h2 id="${options.id}-title" class="fr-modal__title">${options.title}</h2>
              <div id="${options.id}-text">${options.text}</div>
            </div>
            <div class="fr-modal__footer">
              <ul class="fr-btns-group fr-btns-group--right fr-btns-group--inline-reverse fr-btns-group--inline-lg">
                <li><button class="fr-btn" type="button" data-confirm ?disabled=${options.busy} @click=${options.onConfirm}>${options.confirm}</button></li>
                <li><button class="fr-btn fr-btn--secondary" type="button" @click=${(event: Event) => (event.target as HTMLElement).closest('dialog')!.close()}>Annuler</button></li>
              </ul>
            </div>
          </div>
        </div>
      </div>
    </div>
  </dialog>`;
}

/** Opens a dialog rendered by `confirmModal` once it is in the page, focus on its confirming button. */
export async function showModal(host: LitElement, id: string) {
  await host.updateComplete;
  const dialog = host.querySelector<HTMLDialogElement>(`#${id}`);
  if (dialog && !dialog.open) dialog.showModal();
  dialog?.querySelector<HTMLElement>('[data-confirm]')?.focus();
}
