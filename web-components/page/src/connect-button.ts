import { html } from 'lit';

/** Each sign-in service's name and the page that says what it is (opened in a new window). */
const SERVICES = {
  ProConnect: 'https://proconnect.gouv.fr/',
  FranceConnect: 'https://franceconnect.gouv.fr/',
} as const;

/**
 * The DSFR's FranceConnect button (`fr-connect-group`, `fr-connect`), « S’identifier avec »
 * the service, and below it « Qu’est-ce que … ? ». The persons sign in with FranceConnect; the
 * professionals with ProConnect, whose own documentation (« Intégration du bouton ProConnect »)
 * asks a site built on the DSFR for this very button with « ProConnect » as its brand. A link,
 * not a form: a sign-in starts with a GET. No inline style or script: the DSFR's stylesheet
 * draws it.
 */
export const connectButton = (service: keyof typeof SERVICES, href: string, onClick?: () => void) =>
  html`<div class="fr-connect-group">
    <a class="fr-connect" href=${href} @click=${onClick}>
      <span class="fr-connect__login">S’identifier avec</span>
      <span class="fr-connect__brand">${service}</span>
    </a>
    <p>
      <a href=${SERVICES[service]} target="_blank" rel="noopener" title="Qu’est-ce que ${service} ? (nouvelle fenêtre)">Qu’est-ce que ${service} ?</a>
    </p>
  </div>`;
