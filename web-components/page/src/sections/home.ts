import { html, nothing } from 'lit';
import { BASE, navigate } from '../navigation.ts';
import { Section } from './section.ts';

/**
 * The four lists of « Mes suivis », each at its own address (`?liste=`), and the current one
 * narrowed to the files with something new since I last opened them (`?nouveau=oui`): Back and
 * reload keep both.
 */
export const LISTS = [
  { status: 'current', query: '', label: 'En cours' },
  { status: 'ended', query: 'historique', label: 'Historique' },
  { status: 'pending', query: 'demandes', label: 'Demandes envoyées' },
  { status: 'declined', query: 'refusees', label: 'Demandes refusées' },
] as const;

export const listOf = (query: string | null) => LISTS.find((list) => list.query === (query ?? '')) ?? LISTS[0];

export const CHANGED_QUERY = 'nouveau';

class HomeSection extends Section {
  static override properties = { list: {}, changed: { type: Boolean }, filter: { state: true } };
  declare list: string;
  /** Only the files with news (« avec du nouveau »): the current list only, where news are kept. */
  declare changed: boolean;
  declare filter: string;

  constructor() {
    super();
    this.list = '';
    this.changed = false;
    this.filter = '';
  }

  private toggleChanged(event: Event) {
    const only = (event.target as HTMLInputElement).checked;
    navigate(`${BASE}/${only ? `?${CHANGED_QUERY}=oui` : ''}`);
  }

  override render() {
    const current = listOf(this.list);
    return html`
      <nav class="gps-tabs" aria-label="Quels suivis afficher">
        <ul class="fr-btns-group fr-btns-group--inline-sm">
          ${LISTS.map(
            (list) => html`<li>
              <a
                class="fr-btn ${list === current ? '' : 'fr-btn--secondary'}"
                href="${BASE}/${list.query ? `?liste=${list.query}` : ''}"
                aria-current=${list === current ? 'page' : 'false'}
                >${list.label}</a
              >
            </li>`,
          )}
        </ul>
      </nav>
      <div class="fr-input-group">
        <label class="fr-label" for="filtre">Filtrer par nom</label>
        <input class="fr-input" id="filtre" type="search" .value=${this.filter} @input=${(event: InputEvent) => (this.filter = (event.target as HTMLInputElement).value)} />
      </div>
      ${current.status === 'current'
        ? html`<div class="fr-checkbox-group fr-mb-3w">
            <input type="checkbox" id="avec-du-nouveau" .checked=${this.changed} @change=${this.toggleChanged} />
            <label class="fr-label" for="avec-du-nouveau">Seulement les suivis avec du nouveau depuis ma dernière visite</label>
          </div>`
        : nothing}
      <gps-follow-up-list status=${current.status} filter=${this.filter} ?changed=${current.status === 'current' && this.changed}></gps-follow-up-list>
    `;
  }
}

Section.define('gps-page-home', HomeSection);
