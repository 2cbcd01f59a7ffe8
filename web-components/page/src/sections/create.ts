import { html, nothing } from 'lit';
import { BARRIERS, barrierLabel } from '../../../src/core/labels.ts';
import { api } from '../session.ts';
import { Section } from './section.ts';

type Field = { name: string; label: string; hint?: string; type?: string; required?: string; attrs?: Record<string, string> };

const FIELDS: Field[] = [
  { name: 'lastName', label: 'Nom de naissance', required: 'Saisissez le nom de naissance de la personne.' },
  { name: 'firstName', label: 'Prénom', required: 'Saisissez le prénom de la personne.' },
  { name: 'birthDate', label: 'Date de naissance', hint: 'Format : jj/mm/aaaa', type: 'date', required: 'Saisissez la date de naissance au format jj/mm/aaaa.' },
  { name: 'postcode', label: 'Code postal (facultatif)', hint: '5 chiffres', attrs: { inputmode: 'numeric', maxlength: '5' } },
  { name: 'city', label: 'Commune (facultatif)', attrs: { maxlength: '100' } },
  { name: 'reason', label: 'Motif de votre accompagnement', hint: 'Visible par les autres membres et par la personne : n’y notez aucun détail de santé, de justice ou de vie privée.', required: 'Dites en quelques mots pourquoi vous accompagnez la personne.', attrs: { maxlength: '500' } },
];

/**
 * « Ajouter une personne » : identity, commune, the « freins » already known, and my reason.
 * GPS's own French messages, not the browser's bubbles.
 */
class CreateSection extends Section {
  static override properties = { error: { state: true }, busy: { state: true }, invalid: { state: true } };
  declare error: string | undefined;
  declare busy: boolean;
  declare invalid: Record<string, string>;

  constructor() {
    super();
    this.busy = false;
    this.invalid = {};
  }

  private check(form: FormData): boolean {
    const invalid: Record<string, string> = {};
    for (const field of FIELDS) if (field.required && !String(form.get(field.name) ?? '').trim()) invalid[field.name] = field.required;
    const postcode = String(form.get('postcode') ?? '').trim();
    if (postcode && !/^\d{5}$/.test(postcode)) invalid.postcode = 'Le code postal compte 5 chiffres, par exemple 69100.';
    this.invalid = invalid;
    const first = Object.keys(invalid)[0];
    if (first) void this.focusAfterRender(`#new-${first}`);
    return !first;
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    if (!this.check(form)) return;
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const barriers = Object.fromEntries(BARRIERS.filter((kind) => form.get(`barrier-${kind}`) === 'on').map((kind) => [kind, {}]));
    this.busy = true;
    this.error = undefined;
    try {
      const person = await api<{ id: string; identity: { firstName: string; lastName: string } }>('POST', '/persons', {
        identity: { lastName: value('lastName'), firstName: value('firstName'), birthDate: value('birthDate') },
        contact: { ...(value('postcode') ? { postcode: value('postcode') } : {}), ...(value('city') ? { city: value('city') } : {}) },
        situation: { flags: {}, barriers },
        reason: value('reason'),
      });
      this.go(`/app/personnes/${person.id}`, `Le dossier de ${person.identity.firstName} ${person.identity.lastName} est créé : vous êtes le premier membre de son groupe de suivi.`);
    } catch (error) {
      this.error = this.errorOf(error);
      void this.focusAfterRender('[role="alert"]');
    } finally {
      this.busy = false;
    }
  }

  private field(field: Field) {
    const error = this.invalid[field.name];
    const id = `new-${field.name}`;
    const described = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="fr-input-group ${error ? 'fr-input-group--error' : ''}">
      <label class="fr-label" for=${id}>${field.label}${field.hint ? html`<span class="fr-hint-text" id="${id}-hint">${field.hint}</span>` : nothing}</label>
      <input
        class="fr-input ${error ? 'fr-input--error' : ''}"
        id=${id}
        name=${field.name}
        type=${field.type ?? 'text'}
        autocomplete="off"
        ?required=${!!field.required}
        inputmode=${field.attrs?.inputmode ?? nothing}
        maxlength=${field.attrs?.maxlength ?? nothing}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
      />
      ${error ? html`<p class="fr-error-text" id="${id}-error">${error}</p>` : nothing}
    </div>`;
  }

  override render() {
    return html`
      <form @submit=${this.create} class="fr-p-3w fr-background-alt--grey" novalidate>
        <h2 class="fr-h4">Ajouter une personne</h2>
        <p class="fr-hint-text">Si la recherche ne l’a pas trouvée : vous serez le premier membre de son groupe de suivi.</p>
        ${this.alert(this.error)}
        ${FIELDS.slice(0, 5).map((field) => this.field(field))}
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend fr-text--regular">Freins périphériques déjà connus (facultatif)</legend>
          ${BARRIERS.map(
            (kind) => html`<div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-checkbox-group fr-checkbox-group--sm">
              <input type="checkbox" id="new-barrier-${kind}" name="barrier-${kind}" />
              <label class="fr-label" for="new-barrier-${kind}">${barrierLabel(kind)}</label>
            </div></div>`,
          )}
        </fieldset>
        ${this.field(FIELDS[5]!)}
        <button class="fr-btn" type="submit" ?disabled=${this.busy}>Ajouter la personne</button>
      </form>
    `;
  }
}

Section.define('gps-page-create', CreateSection);
