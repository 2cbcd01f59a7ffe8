import { html } from 'lit';

/**
 * The professionals' sign-in button, as ProConnect's own documentation (« Intégration du bouton
 * ProConnect ») asks a site built on the DSFR to make it: the DSFR's FranceConnect button
 * (`fr-connect-group`, `fr-connect`) with « ProConnect » as its brand, and below it the link
 * « Qu’est-ce que ProConnect ? » to proconnect.gouv.fr, in a new window. Its name is
 * « S’identifier avec ProConnect ». A link, not a form: the sign-in starts with a GET of
 * `/auth/login`. No inline style or script: the DSFR's stylesheet draws it.
 */
export const proConnectButton = (href: string, onClick?: () => void) =>
  html`<div class="fr-connect-group">
    <a class="fr-connect" href=${href} @click=${onClick}>
      <span class="fr-connect__login">S’identifier avec</span>
      <span class="fr-connect__brand">ProConnect</span>
    </a>
    <p>
      <a href="https://proconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que ProConnect ? (nouvelle fenêtre)">Qu’est-ce que ProConnect ?</a>
    </p>
  </div>`;
