import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { FollowUp as StoredFollowUp } from '../../../functions/domain/follow-up.ts';

/** A pending request comes without the person: the requester reads nothing of the file until accepted. */
type FollowUp = Omit<StoredFollowUp, 'person'> & { person?: StoredFollowUp['person'] };
import { GpsElement, internalState } from '../core/gps-element.ts';
import { formatDate } from '../core/localization.ts';
import { base } from '../core/styles.ts';
import { styles } from './follow-up-list.styles.ts';
import type { NewsKind } from '../../../functions/domain/news.ts';

const newsLabel = (kind: NewsKind) =>
  ({
    member: msg('un nouveau membre', { id: 'list.newsMember' }),
    request: msg('une demande pour rejoindre le groupe', { id: 'list.newsRequest' }),
    action: msg('une action', { id: 'list.newsAction' }),
    situation: msg('la situation mise à jour', { id: 'list.newsSituation' }),
    referent: msg('un changement de référent', { id: 'list.newsReferent' }),
    need: msg('un besoin écrit par la personne', { id: 'list.newsNeed' }),
  })[kind];

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/**
 * The persons I follow (or followed, or asked to follow), newest first, twenty at a time.
 *
 * @tag gps-follow-up-list
 * @attr filter - Shows only the persons whose name contains this text.
 * @attr changed - Present: only the files with something new since I last opened them.
 * @event gps-person-selected - A person was chosen: `{ personId, status }` (`active`, `ended`, or `pending` for a request of mine).
 * @event gps-error - The list could not be read: `{ status, detail }` (French).
 * @csspart list - The list.
 * @csspart item - One person.
 * @csspart news - What changed since I last opened the file (« Du nouveau : … »).
 * @csspart more - The « Voir plus » button.
 * @csspart state - The loading, empty or error message.
 */
export class GpsFollowUpList extends GpsElement {
  static override styles = [base, styles];
  static override properties = {
    ...GpsElement.properties,
    status: {},
    filter: {},
    changed: { type: Boolean },
    ...internalState('items', 'cursor', 'problem'),
  };

  declare status: 'current' | 'ended' | 'pending' | 'declined';
  /** Shows only the persons whose name contains this text (accents and case ignored). */
  declare filter: string | undefined;
  /** Only the files with something new since I last opened them. */
  declare changed: boolean;
  protected declare items: FollowUp[] | undefined;
  protected declare cursor: string | undefined;
  protected declare problem: { status: number; detail: string } | undefined;

  constructor() {
    super();
    this.status = 'current';
    this.changed = false;
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('status') || changed.has('changed') || changed.has('apiBase')) void this.load();
  }

  async load(more = false) {
    this.problem = undefined;
    if (!more) this.items = undefined;
    try {
      const query = new URLSearchParams({ status: this.status, limit: '20', ...(this.changed ? { changed: 'true' } : {}), ...(more && this.cursor ? { cursor: this.cursor } : {}) });
      const { data } = await this.api<{ items: FollowUp[]; cursor?: string }>('GET', `/follow-ups?${query}`);
      this.items = [...(more ? (this.items ?? []) : []), ...data.items];
      this.cursor = data.cursor;
    } catch (error) {
      this.problem = this.failure(error).problem;
    }
  }

  override render() {
    if (this.problem) return html`<p part="state" class="state error" role="alert">${this.problem.detail}</p>`;
    if (!this.items) return html`<p part="state" class="state" role="status" aria-busy="true">${msg('Chargement de vos suivis…', { id: 'list.loading' })}</p>`;
    if (this.items.length === 0) return html`<p part="state" class="state">${msg('Aucune personne dans cette liste pour l’instant.', { id: 'list.empty' })}</p>`;
    const wanted = fold(this.filter ?? '');
    const shown = this.items.filter((link) => !link.person || fold(`${link.person.firstName} ${link.person.lastName}`).includes(wanted));
    return html`
      ${shown.length === 0 ? html`<p part="state" class="state" role="status">${msg('Aucune personne de la liste ne porte ce nom.', { id: 'list.noMatch' })}</p>` : nothing}
      <ul part="list">
        ${shown.map(
          (link) =>
            link.status === 'declined'
              ? html`<li part="item" class="meta">${msg(str`Demande refusée le ${formatDate(link.endedAt!, this.language)}`, { id: 'list.declined' })} · ${link.reason}</li>`
              : html`<li part="item">
            <button class="secondary" @click=${() => this.emit('gps-person-selected', { personId: link.personId, status: link.status === 'pending' ? 'pending' : link.status === 'active' ? 'active' : 'ended' })}>
              ${link.person
                ? html`${link.person.firstName} ${link.person.lastName}
                    <span class="meta">${msg(str`Date de naissance : ${formatDate(link.person.birthDate, this.language)}`, { id: 'card.born' })} · ${link.reason}</span>
                    ${link.news?.length ? html`<span part="news" class="news">${msg(str`Du nouveau : ${link.news.map(newsLabel).join(', ')}`, { id: 'list.news' })}</span>` : nothing}`
                : html`${msg('Demande en attente de réponse', { id: 'list.pending' })}
                    <span class="meta">${msg(str`Envoyée le ${formatDate(link.startedAt, this.language)}`, { id: 'list.pendingSince' })} · ${link.reason}</span>`}
            </button>
          </li>`,
        )}
      </ul>
      ${this.cursor ? html`<button part="more" class="secondary" @click=${() => this.load(true)}>${msg('Voir plus', { id: 'list.more' })}</button>` : nothing}
    `;
  }
}
