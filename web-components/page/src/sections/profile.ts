import { html } from 'lit';
import { formatPhone } from '../../../src/core/localization.ts';
import { api, type Me } from '../session.ts';
import { Section } from './section.ts';

const PREFERENCES = [
  ['memberJoined', 'Quand un professionnel rejoint un groupe dont je suis membre'],
  ['joinRequested', 'Quand quelqu’un demande à rejoindre un groupe dont je suis membre'],
  ['referentReplaced', 'Quand quelqu’un devient référent de parcours à ma place'],
  ['personNeeds', 'Quand une personne que je suis écrit un besoin dans son espace'],
] as const;

class ProfileSection extends Section {
  static override properties = { me: { attribute: false }, saved: { state: true }, error: { state: true } };
  declare me: Me;
  declare saved: boolean;
  declare error: string | undefined;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.saved = false;
    try {
      const notifications = Object.fromEntries(PREFERENCES.map(([key]) => [key, form.get(key) === 'on']));
      this.me = await api<Me>('PATCH', '/me', { notifications });
      this.saved = true;
      await this.focusAfterRender('#preferences-enregistrees');
    } catch (error) {
      this.error = this.errorOf(error);
    }
  }

  override render() {
    const me = this.me;
    return html`
      <dl>
        <dt class="fr-text--bold">Nom</dt><dd>${me.firstName} ${me.lastName}</dd>
        <dt class="fr-text--bold">E-mail</dt><dd>${me.email}</dd>
        <dt class="fr-text--bold">Téléphone</dt><dd>${me.phone ? formatPhone(me.phone) : 'non renseigné'}</dd>
        <dt class="fr-text--bold">Fonction</dt><dd>${me.jobTitle ?? 'non renseignée'}</dd>
        <dt class="fr-text--bold">Structure</dt><dd>${me.organization.name} (SIRET ${me.organization.siret})</dd>
      </dl>
      <p class="fr-hint-text">Ces informations viennent de votre compte professionnel (ProConnect) : modifiez-les là-bas.</p>
      <form @submit=${this.save}>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Recevoir un e-mail</legend>
          ${PREFERENCES.map(
            ([key, label]) => html`<div class="fr-fieldset__element"><div class="fr-checkbox-group">
              <input type="checkbox" id="pref-${key}" name=${key} .checked=${me.notifications[key] ?? false} />
              <label class="fr-label" for="pref-${key}">${label}</label>
            </div></div>`,
          )}
        </fieldset>
        ${this.alert(this.error)}
        <button class="fr-btn" type="submit">Enregistrer mes préférences</button>
        ${this.success(this.saved ? 'Préférences enregistrées.' : undefined, 'preferences-enregistrees')}
      </form>
    `;
  }
}

Section.define('gps-page-profile', ProfileSection);
