import { configure, tokenFromEndpoint } from '../core/config.ts';

/**
 * Configures GPS without a line of script: where the API is, and the portal backend URL
 * that hands out a token for the signed-in professional (`{ access_token, expires_in }`).
 *
 * @tag gps-config
 */
export class GpsConfig extends HTMLElement {
  static observedAttributes = ['api-base', 'token-url'];

  connectedCallback() {
    this.apply();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.apply();
  }

  private apply() {
    const apiBase = this.getAttribute('api-base');
    const tokenUrl = this.getAttribute('token-url');
    if (apiBase && tokenUrl) configure({ apiBase, getToken: tokenFromEndpoint(tokenUrl) });
  }
}
