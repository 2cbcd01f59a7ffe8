import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import { ulid } from 'ulid';
import * as z from '#domain/zod.ts';
import { endSession, isSessionOpen, startSession } from '#store/sessions.ts';
import { HttpProblem } from '../http/problem.ts';
import { definePublicRoute, json, type Reply } from '../http/route.ts';
import { logger } from '../observability/logger.ts';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import { type AuthDeps, type AuthFunctionDeps } from './deps.ts';
import type { TokenSigner } from './token-signer.ts';
import { endSessionUrl, oauthErrorCode, providerFailure, upstreamConfiguration, type ProviderFailure, type UpstreamSettings } from './upstream.ts';

const LOGIN_SECONDS = 600;
const SESSION_SECONDS = 8 * 3600;
/** Access tokens live five minutes, in the page's memory only: logging out outlives them by that much at most. */
export const ACCESS_SECONDS = 300;

/**
 * Why a sign-in did not open a session, and what the page says of it (`?connexion=`, read by
 * the page): `echec` when what came back cannot be trusted (expired or missing login cookie,
 * modified state, code replayed or forged), `refusee` when the provider said no,
 * `indisponible` when it could not be reached.
 */
export type SignInFailure = {
  reason: 'login_missing' | 'login_invalid' | 'provider_error' | 'no_code' | 'email_unverified' | 'identity_incomplete' | ProviderFailure['reason'];
} & Omit<Partial<ProviderFailure>, 'reason'>;
const PAGE_MESSAGE: Record<SignInFailure['reason'], 'echec' | 'refusee' | 'indisponible'> = {
  login_missing: 'echec',
  login_invalid: 'echec',
  no_code: 'echec',
  email_unverified: 'refusee',
  identity_incomplete: 'refusee',
  response_invalid: 'echec',
  code_rejected: 'echec',
  provider_error: 'refusee',
  provider_unreachable: 'indisponible',
};

/** Who a sign-in opened a session for: what the session keeps, and who its stored session belongs to. */
export type Identified = { session: JWTPayload; holder: string; subject?: string };

/**
 * One sign-in through an OpenID Connect provider (code + PKCE), with its own cookies and
 * audiences: the professionals' (ProConnect) and the persons' (FranceConnect) never share a
 * session, and a token of one never opens the other's API (see http/auth.ts).
 */
export type SignInFlow = {
  /** `/auth` or `/auth/person`: `login`, `callback`, `token` and `logout` under it. */
  prefix: string;
  tag: string;
  who: string;
  cookies: { login: string; session: string };
  audiences: { login: string; session: string; api: string };
  /** The provider and the callback registered with it; absent where this sign-in is not configured (404). */
  provider: (auth: AuthDeps) => { upstream: UpstreamSettings; callbackUrl: string } | undefined;
  /** The page's path a sign-in's failure, and a logout, come back to. */
  landing: (auth: AuthDeps) => string;
  /** Where a sign-in asked without `returnTo` ends; the page's own path when absent. */
  start?: (auth: AuthDeps) => string;
  /** What the provider's claims make of the session, a failure, or a redirect of its own (an unknown organization). */
  identify: (claims: Record<string, unknown>, deps: AuthFunctionDeps, auth: AuthDeps) => Promise<Identified | SignInFailure | { redirect: string }>;
  /** The API access token's claims for a session, with its own `jti`; undefined when the session holds none. */
  accessClaims: (session: JWTPayload) => { claims: JWTPayload; subject?: string } | undefined;
};

const CookieHeaders = z.object({ cookie: z.string().max(8192).optional() });

async function verified(signer: TokenSigner, jwt: string | undefined, audience: string) {
  if (!jwt) return undefined;
  try {
    return (await jwtVerify(jwt, createLocalJWKSet(signer.jwks), { issuer: signer.issuer, audience })).payload;
  } catch {
    return undefined;
  }
}

const notSignedIn = () =>
  new HttpProblem(401, 'unauthenticated', 'Authentification requise', 'Aucune session n’est ouverte, ou votre session a pris fin : connectez-vous.', {}, {
    'WWW-Authenticate': 'Bearer realm="gps"',
  });

const notConfigured = () => new HttpProblem(404, 'not-found', 'Introuvable', 'Cette connexion n’est pas configurée ici.');

/** Only a path of the GPS page: never an open redirect to somewhere else. */
function returnPath(auth: AuthDeps, wanted: string | undefined, fallback: string | undefined): string {
  const page = new URL(auth.pageUrl);
  const target = new URL(wanted ?? fallback ?? page.pathname, page);
  return target.origin === page.origin && target.pathname.startsWith(page.pathname) ? `${target.pathname}${target.search}${target.hash}` : page.pathname;
}

const redirect = (location: string, cookies: string[] = []): Reply => ({ status: 302, headers: { Location: location }, cookies });

/** The provider's failures become a message on the page; anything else is a bug and stays one (500). */
async function orFailure<T>(exchange: () => Promise<T>): Promise<{ value: T } | { failure: ProviderFailure }> {
  try {
    return { value: await exchange() };
  } catch (error) {
    const failure = providerFailure(error);
    if (!failure) throw error;
    return { failure };
  }
}

const isFailure = (value: unknown): value is SignInFailure => typeof value === 'object' && value !== null && 'reason' in value;

export function signInRoutes(flow: SignInFlow) {
  const authOf = (deps: AuthFunctionDeps) => {
    if (!deps.auth) throw notConfigured();
    const provider = flow.provider(deps.auth);
    if (!provider) throw notConfigured();
    return { auth: deps.auth, ...provider };
  };

  /** Back to the page with its message, the login cookie cleared, and a warning that says why: no code, state, token or person in it. */
  const signInFailed = (auth: AuthDeps, step: 'login' | 'callback', failure: SignInFailure): Reply => {
    const { reason, ...detail } = failure;
    // `failure`, not `reason`: the redaction hides `reason` (a member's reason for following a person).
    logger.warn({ message: 'sign_in_failed', flow: flow.prefix, step, failure: reason, ...detail });
    return redirect(`${flow.landing(auth)}?connexion=${PAGE_MESSAGE[failure.reason]}`, [clearCookie(flow.cookies.login, auth.secureCookies)]);
  };

  const sessionOf = async (deps: AuthFunctionDeps, cookie: string | undefined) => {
    const { auth, upstream } = authOf(deps);
    const session = await verified(await auth.signer(), readCookie(cookie, flow.cookies.session), flow.audiences.session);
    const sid = typeof session?.sid === 'string' ? session.sid : undefined;
    const idToken = typeof session?.id_token === 'string' ? session.id_token : undefined;
    return session && sid ? { sid, session, idToken, auth, upstream } : undefined;
  };

  /** The provider's end-session URL for this ID token; `undefined` (GPS's logout only) when it has none or cannot be discovered now. */
  const providerLogout = async (auth: AuthDeps, upstream: UpstreamSettings, idToken: string | undefined): Promise<string | undefined> => {
    if (!idToken) return undefined;
    // Register this very URI with the provider: the page's landing of this sign-in.
    const found = await orFailure(async () => endSessionUrl(await upstreamConfiguration(upstream), idToken, new URL(flow.landing(auth), auth.pageUrl).href));
    if ('value' in found) return found.value?.href;
    const { reason, ...detail } = found.failure;
    logger.warn({ message: 'provider_logout_unavailable', failure: reason, ...detail });
    return undefined;
  };

  return [
    definePublicRoute({
      method: 'GET',
      path: `${flow.prefix}/login`,
      group: 'auth',
      tag: flow.tag,
      summary: `Se connecter (${flow.who}) : redirige vers le fournisseur d’identité (OpenID Connect, code + PKCE)`,
      query: z.strictObject({ returnTo: z.string().max(2048).optional() }),
      responses: { 302: { description: 'Vers le fournisseur d’identité' } },
      handle: async ({ query, deps }) => {
        const { auth, upstream, callbackUrl } = authOf(deps);
        const discovered = await orFailure(() => upstreamConfiguration(upstream));
        if ('failure' in discovered) return signInFailed(auth, 'login', discovered.failure);
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const url = oidc.buildAuthorizationUrl(discovered.value, {
          redirect_uri: callbackUrl,
          scope: upstream.scopes,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(upstream.acrValues ? { acr_values: upstream.acrValues } : {}),
        });
        const login = await (await auth.signer()).sign(
          { verifier, state, nonce, returnTo: returnPath(auth, query.returnTo, flow.start?.(auth)) },
          { audience: flow.audiences.login, lifetimeSeconds: LOGIN_SECONDS },
        );
        // Lax: the cookie must come back with the provider's redirect, a top-level navigation.
        return redirect(url.href, [setCookie(flow.cookies.login, login, { maxAgeSeconds: LOGIN_SECONDS, secure: auth.secureCookies, sameSite: 'Lax' })]);
      },
    }),
    definePublicRoute({
      method: 'GET',
      path: `${flow.prefix}/callback`,
      group: 'auth',
      tag: flow.tag,
      summary: `Retour du fournisseur d’identité : ouvre la session GPS (${flow.who})`,
      query: z.looseObject({ code: z.string().max(4096).optional(), state: z.string().max(1024).optional(), error: z.string().max(200).optional() }),
      headers: CookieHeaders,
      responses: { 302: { description: 'Vers la page GPS, session ouverte' } },
      handle: async ({ query, headers, deps }) => {
        const { auth, upstream, callbackUrl } = authOf(deps);
        const signer = await auth.signer();
        if (query.error) return signInFailed(auth, 'callback', { reason: 'provider_error', oauthError: oauthErrorCode(query.error) });
        const loginCookie = readCookie(headers.cookie, flow.cookies.login);
        const login = await verified(signer, loginCookie, flow.audiences.login);
        if (!login) return signInFailed(auth, 'callback', { reason: loginCookie ? 'login_invalid' : 'login_missing' });
        if (!query.code) return signInFailed(auth, 'callback', { reason: 'no_code' });
        const current = new URL(callbackUrl);
        for (const [name, value] of Object.entries(query)) if (typeof value === 'string') current.searchParams.set(name, value);
        // The state, nonce and PKCE checks, the code exchange and the userinfo: what fails there is the provider's answer (or its absence), never a 500.
        const exchanged = await orFailure(async () => {
          const config = await upstreamConfiguration(upstream);
          const tokens = await oidc.authorizationCodeGrant(config, current, {
            pkceCodeVerifier: String(login.verifier),
            expectedState: String(login.state),
            expectedNonce: String(login.nonce),
          });
          const idClaims = tokens.claims();
          if (!idClaims || !tokens.id_token) return undefined;
          const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          return { idToken: tokens.id_token, claims: { ...idClaims, ...userInfo } };
        });
        if ('failure' in exchanged) return signInFailed(auth, 'callback', exchanged.failure);
        if (!exchanged.value) return signInFailed(auth, 'callback', { reason: 'response_invalid', errorCode: 'no_id_token' });
        const identified = await flow.identify(exchanged.value.claims, deps, auth);
        if (isFailure(identified)) return signInFailed(auth, 'callback', identified);
        if ('redirect' in identified) return redirect(identified.redirect, [clearCookie(flow.cookies.login, auth.secureCookies)]);
        const sid = ulid();
        await startSession(deps.store, sid, identified.holder, new Date(deps.store.now().getTime() + SESSION_SECONDS * 1000));
        // The ID token is kept for the logout (`id_token_hint`), so the provider ends its session too.
        const session = await signer.sign(
          { ...identified.session, sid, id_token: exchanged.value.idToken },
          { audience: flow.audiences.session, lifetimeSeconds: SESSION_SECONDS, ...(identified.subject ? { subject: identified.subject } : {}) },
        );
        return redirect(String(login.returnTo), [
          setCookie(flow.cookies.session, session, { maxAgeSeconds: SESSION_SECONDS, secure: auth.secureCookies, sameSite: 'Strict' }),
          clearCookie(flow.cookies.login, auth.secureCookies),
        ]);
      },
    }),
    definePublicRoute({
      method: 'GET',
      path: `${flow.prefix}/token`,
      group: 'auth',
      tag: flow.tag,
      summary: `Un jeton d’accès à l’API (5 minutes) pour la session ouverte par le cookie (${flow.who})`,
      description: 'La page le garde en mémoire seulement, et en redemande un quand l’API répond 401.',
      headers: CookieHeaders,
      responses: { 200: { description: '`{ access_token, token_type, expires_in }`' }, 401: { description: 'Pas de session' } },
      handle: async ({ headers, deps }) => {
        const found = await sessionOf(deps, headers.cookie);
        const access = found && flow.accessClaims(found.session);
        if (!found || !access || !(await isSessionOpen(deps.store, found.sid))) throw notSignedIn();
        // Its own jti: each audit event it writes names this very token.
        const accessToken = await (await found.auth.signer()).sign({ ...access.claims, jti: ulid() }, {
          audience: flow.audiences.api,
          lifetimeSeconds: ACCESS_SECONDS,
          ...(access.subject ? { subject: access.subject } : {}),
        });
        return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_SECONDS });
      },
    }),
    definePublicRoute({
      method: 'POST',
      path: `${flow.prefix}/logout`,
      group: 'auth',
      tag: flow.tag,
      summary: `Se déconnecter (${flow.who}) : la session prend fin partout, le cookie est effacé, puis celle du fournisseur d’identité`,
      description:
        '`endSessionUrl` est l’adresse de fin de session du fournisseur (`end_session_endpoint`, avec `id_token_hint` et `post_logout_redirect_uri` = la page) : la page y envoie le navigateur, pour que la connexion suivante redemande l’identifiant. Absente quand le fournisseur n’en a pas.',
      headers: CookieHeaders,
      responses: { 200: { description: '`{ loggedOut: true, endSessionUrl? }`' } },
      handle: async ({ headers, deps }) => {
        const { auth, upstream } = authOf(deps);
        const found = await sessionOf(deps, headers.cookie);
        if (found) await endSession(deps.store, found.sid);
        const endSessionUrl = await providerLogout(auth, upstream, found?.idToken);
        return { ...json(200, { loggedOut: true, ...(endSessionUrl ? { endSessionUrl } : {}) }), cookies: [clearCookie(flow.cookies.session, auth.secureCookies)] };
      },
    }),
  ];
}
