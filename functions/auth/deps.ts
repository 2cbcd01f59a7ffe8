import type { TokenSigner } from './token-signer.ts';
import type { UpstreamSettings } from './upstream.ts';

export type AuthDeps = {
  /** Signs GPS's own tokens (session cookie, API access tokens); its key from configuration. */
  signer: () => Promise<TokenSigner>;
  upstream: UpstreamSettings;
  /** This function's callback URL, registered with the provider. */
  callbackUrl: string;
  /** The GPS page, where a sign-in returns. */
  pageUrl: string;
  secureCookies: boolean;
};
