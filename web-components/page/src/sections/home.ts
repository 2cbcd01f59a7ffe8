import { html } from 'lit';
import { BASE } from '../navigation.ts';
import { Section } from './section.ts';

/** The three lists of « Mes suivis », each at its own address (`?liste=`): Back and reload keep it. */
export const LISTS = [
  { status: 'current', query: '', label: 'En cours' },
  { status: 'ended', query: 'historique', label: 'Historique' },
  { status: 'pending', query: 'demandes', label: 'Demandes envoyées' },
] as const;

export const listOf = (query: string | null) => LISTS.find((list) => list.query === (query ?? '')) ?? LISTS[0];

class HomeSection extends Section {
  static override properties = { list: {}, filter: { state: true } };
  declare list: string;
  declare filter: string;

  constructor() {
    super();
    this.list = '';
    this.filter = '';
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
      <gps-follow-up-list status=${current.status} filter=${this.filter}></gps-follow-up-list>
    `;
  }
}

Section.define('gps-page-home', HomeSection);
