import { HttpProblem } from '../http/problem.ts';
import type { ApiDeps } from '../http/route.ts';
import type { TokenSigner } from './token-signer.ts';
import type { UpstreamSettings } from './upstream.ts';

export type AuthDeps = {
  /** Signs GPS's own tokens (session cookie, API access tokens); its key from configuration. */
  signer: () => Promise<TokenSigner>;
  upstream: UpstreamSettings;
  /** This function's callback URL, registered with the provider. */
  callbackUrl: string;
  /** The persons' sign-in (FranceConnect), when configured: its provider and callback. */
  person?: { upstream: UpstreamSettings; callbackUrl: string };
  /** The GPS page, where a sign-in returns. */
  pageUrl: string;
  secureCookies: boolean;
};

/**
 * The auth function's dependencies: the API's, and the page's sign-in (OpenID Connect) where
 * this function serves it (`config.ts` adds `auth` when `GPS_OIDC_ISSUER` is set). Imports
 * point one way: `functions/auth/` knows `functions/http/`, never the reverse.
 */
export type AuthFunctionDeps = ApiDeps & { auth?: AuthDeps };

/** The sign-in's settings; a 404 where this function does not serve the sign-in. */
export function authOf(deps: AuthFunctionDeps): AuthDeps {
  if (!deps.auth) throw new HttpProblem(404, 'not-found', 'Introuvable', 'La connexion à la page GPS n’est pas configurée ici.');
  return deps.auth;
}
