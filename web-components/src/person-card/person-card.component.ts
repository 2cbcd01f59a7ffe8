import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { Person } from '../../../functions/domain/person.ts';
import { PersonWidget } from '../core/person-widget.ts';
import { barrierLabel, flagLabel, needCategoryLabel, needStatusLabel } from '../core/labels.ts';
import { formatDate, formatPhone, telHref } from '../core/localization.ts';
import { base } from '../core/styles.ts';
import { styles } from './person-card.styles.ts';

/**
 * The essentials of a person's situation: identity, contact, status, « freins
 * périphériques » and summary. Reading it is audited by GPS. It shows what GPS holds: when
 * a widget of the page saves the person (`gps-person-updated`), the card takes the saved version.
 *
 * @tag gps-person-card
 * @event gps-error - The card could not be read: `{ status, detail }` (French).
 * @csspart card - The card's frame.
 * @csspart name - The person's name.
 * @csspart flags - The list of statuses (RSA, RQTH…).
 * @csspart barriers - The list of « freins périphériques ».
 * @csspart summary - The free-text summary.
 * @csspart needs - « Besoins exprimés par la personne »: what the person wrote in their own space, with where they are.
 * @csspart state - The loading, empty or error message.
 * @cssproperty --gps-color-primary - Accent colour (default #000091).
 * @cssproperty --gps-color-border - Border colour.
 * @cssproperty --gps-spacing - Base spacing.
 */
export class GpsPersonCard extends PersonWidget<Person> {
  static override styles = [base, styles];

  private readonly onUpdated = (event: Event) => {
    const person = (event as CustomEvent<{ person: Person }>).detail.person;
    // A saved situation comes without the needs: the card keeps those it has.
    if (person?.id === this.personId) this.data = { ...person, needs: person.needs ?? this.data?.needs };
  };

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener('gps-person-updated', this.onUpdated);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('gps-person-updated', this.onUpdated);
  }

  protected async read() {
    return (await this.api<Person>('GET', this.personPath())).data;
  }

  override render() {
    const state = this.renderState(msg('Chargement de la fiche…', { id: 'card.loading' }));
    const person = this.data;
    if (state || !person) return state;
    const { identity, contact, situation } = person;
    const flags = Object.entries(situation.flags).filter(([, on]) => on);
    const barriers = Object.entries(situation.barriers);
    const born = formatDate(identity.birthDate, this.language);
    return html`
      <article part="card" aria-labelledby="name">
        <h2 part="name" id="name">${identity.firstName} ${identity.lastName}</h2>
        <p class="identity">
          ${msg(str`Date de naissance : ${born}`, { id: 'card.born' })}${identity.franceTravailId
            ? html` · ${msg('Identifiant France Travail', { id: 'card.ftId' })} ${identity.franceTravailId}`
            : nothing}
        </p>
        ${flags.length
          ? html`<ul part="flags" aria-label=${msg('Statuts', { id: 'card.flags' })}>${flags.map(([flag]) => html`<li class="badge">${flagLabel(flag)}</li>`)}</ul>`
          : nothing}
        <dl>
          ${contact.city || contact.postcode ? html`<dt>${msg('Commune', { id: 'card.city' })}</dt><dd>${contact.postcode ?? ''} ${contact.city ?? ''}</dd>` : nothing}
          ${contact.phone ? html`<dt>${msg('Téléphone', { id: 'card.phone' })}</dt><dd><a href=${telHref(contact.phone)}>${formatPhone(contact.phone)}</a></dd>` : nothing}
          ${contact.email ? html`<dt>${msg('E-mail', { id: 'card.email' })}</dt><dd><a href="mailto:${contact.email}">${contact.email}</a></dd>` : nothing}
        </dl>
        <h3>${msg('Freins périphériques', { id: 'card.barriers' })}</h3>
        ${barriers.length
          ? html`<dl part="barriers">${barriers.map(([kind, { note }]) => html`<dt>${barrierLabel(kind)}</dt><dd>${note ?? '—'}</dd>`)}</dl>`
          : html`<p>${msg('Aucun frein signalé.', { id: 'card.noBarrier' })}</p>`}
        ${person.summary
          ? html`<h3>${msg('Situation', { id: 'card.summary' })}</h3><p part="summary">${person.summary}</p>`
          : nothing}
        ${person.needs?.length
          ? html`<h3>${msg('Besoins exprimés par la personne', { id: 'card.needs' })}</h3>
              <ul part="needs">
                ${person.needs.map(
                  (need) => html`<li>
                    <span class="badge">${needStatusLabel(need.status)}</span> <span class="badge">${needCategoryLabel(need.category)}</span> ${need.text}
                    <span class="meta">${msg(str`Écrit par la personne le ${formatDate(need.createdAt, this.language)}`, { id: 'card.needBy' })}</span>
                  </li>`,
                )}
              </ul>`
          : nothing}
      </article>
    `;
  }
}
