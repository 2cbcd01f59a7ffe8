import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { ulid } from 'ulid';
import * as z from '#domain/zod.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import { ensureProfessional, registeredOrganization } from '#store/professionals.ts';
import { endSession, isSessionOpen, startSession } from '#store/sessions.ts';
import { HttpProblem } from '../http/problem.ts';
import { definePublicRoute, json, type Reply } from '../http/route.ts';
import { logger } from '../observability/logger.ts';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import { authOf, type AuthDeps, type AuthFunctionDeps } from './deps.ts';
import { toTokenClaims, type TokenSigner } from './token-signer.ts';
import { emailUnverified, endSessionUrl, oauthErrorCode, professionalFrom, providerFailure, upstreamConfiguration, type ProviderFailure } from './upstream.ts';

const LOGIN_COOKIE = 'gps_login';
const SESSION_COOKIE = 'gps_session';
const LOGIN_SECONDS = 600;
const SESSION_SECONDS = 8 * 3600;
/** Access tokens live five minutes, in the page's memory only: logging out outlives them by that much at most. */
export const ACCESS_SECONDS = 300;
const AUDIENCE = { login: 'gps-login', session: 'gps-session', api: 'gps-api' } as const;

const TAG = 'Connexion (page GPS)';
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

/** Only a path of the GPS page: never an open redirect to somewhere else. */
function returnPath(auth: AuthDeps, wanted: string | undefined): string {
  const page = new URL(auth.pageUrl);
  const target = wanted ? new URL(wanted, page) : page;
  return target.origin === page.origin && target.pathname.startsWith(page.pathname) ? `${target.pathname}${target.search}${target.hash}` : page.pathname;
}

const redirect = (location: string, cookies: string[] = []): Reply => ({ status: 302, headers: { Location: location }, cookies });

/**
 * Why a sign-in did not open a session, and what the page says of it (`?connexion=`, read by
 * web-components/page/src/app.ts): `echec` when what came back cannot be trusted (expired or
 * missing login cookie, modified state, code replayed or forged), `refusee` when the provider
 * said no, `indisponible` when it could not be reached.
 */
type SignInFailure = { reason: 'login_missing' | 'login_invalid' | 'provider_error' | 'no_code' | 'email_unverified' | ProviderFailure['reason'] } & Omit<Partial<ProviderFailure>, 'reason'>;
const PAGE_MESSAGE: Record<SignInFailure['reason'], 'echec' | 'refusee' | 'indisponible'> = {
  login_missing: 'echec',
  login_invalid: 'echec',
  no_code: 'echec',
  email_unverified: 'refusee',
  response_invalid: 'echec',
  code_rejected: 'echec',
  provider_error: 'refusee',
  provider_unreachable: 'indisponible',
};

/** Back to the page with its message, the login cookie cleared, and a warning that says why: no code, state, token or person in it. */
function signInFailed(auth: AuthDeps, step: 'login' | 'callback', failure: SignInFailure): Reply {
  const { reason, ...detail } = failure;
  // `failure`, not `reason`: the redaction hides `reason` (a member's reason for following a person).
  logger.warn({ message: 'sign_in_failed', step, failure: reason, ...detail });
  return redirect(`${new URL(auth.pageUrl).pathname}/?connexion=${PAGE_MESSAGE[failure.reason]}`, [clearCookie(LOGIN_COOKIE, auth.secureCookies)]);
}

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

const sessionOf = async (deps: AuthFunctionDeps, cookie: string | undefined) => {
  const auth = authOf(deps);
  const session = await verified(await auth.signer(), readCookie(cookie, SESSION_COOKIE), AUDIENCE.session);
  const sid = typeof session?.sid === 'string' ? session.sid : undefined;
  const idToken = typeof session?.id_token === 'string' ? session.id_token : undefined;
  return session && sid ? { sid, pro: ProfessionalClaims.parse(session.pro), idToken, auth } : undefined;
};

/** The provider's end-session URL for this ID token; `undefined` (GPS's logout only) when it has none or cannot be discovered now. */
async function providerLogout(auth: AuthDeps, idToken: string | undefined): Promise<string | undefined> {
  if (!idToken) return undefined;
  // The page's index (`/app/`), as every return to the page: register this very URI with the provider.
  const found = await orFailure(async () => endSessionUrl(await upstreamConfiguration(auth.upstream), idToken, `${auth.pageUrl}/`));
  if ('value' in found) return found.value?.href;
  const { reason, ...detail } = found.failure;
  logger.warn({ message: 'provider_logout_unavailable', failure: reason, ...detail });
  return undefined;
}

export const authRoutes = [
  definePublicRoute({
    method: 'GET',
    path: '/auth/jwks.json',
    group: 'auth',
    tag: TAG,
    summary: 'Les clés publiques des jetons de la page GPS (pour l’API, qui les vérifie)',
    responses: { 200: { description: 'JWKS' } },
    handle: async ({ deps }) => json(200, (await authOf(deps).signer()).jwks, { 'Cache-Control': 'public, max-age=300' }),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/auth/login',
    group: 'auth',
    tag: TAG,
    summary: 'Se connecter : redirige vers le fournisseur d’identité (OpenID Connect, code + PKCE)',
    query: z.strictObject({ returnTo: z.string().max(2048).optional() }),
    responses: { 302: { description: 'Vers le fournisseur d’identité' } },
    handle: async ({ query, deps }) => {
      const auth = authOf(deps);
      const discovered = await orFailure(() => upstreamConfiguration(auth.upstream));
      if ('failure' in discovered) return signInFailed(auth, 'login', discovered.failure);
      const config = discovered.value;
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: auth.callbackUrl,
        scope: auth.upstream.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const login = await (await auth.signer()).sign({ verifier, state, nonce, returnTo: returnPath(auth, query.returnTo) }, { audience: AUDIENCE.login, lifetimeSeconds: LOGIN_SECONDS });
      // Lax: the cookie must come back with the provider's redirect, a top-level navigation.
      return redirect(url.href, [setCookie(LOGIN_COOKIE, login, { maxAgeSeconds: LOGIN_SECONDS, secure: auth.secureCookies, sameSite: 'Lax' })]);
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: '/auth/callback',
    group: 'auth',
    tag: TAG,
    summary: 'Retour du fournisseur d’identité : ouvre la session GPS',
    query: z.looseObject({ code: z.string().max(4096).optional(), state: z.string().max(1024).optional(), error: z.string().max(200).optional() }),
    headers: CookieHeaders,
    responses: { 302: { description: 'Vers la page GPS, session ouverte' } },
    handle: async ({ query, headers, deps }) => {
      const auth = authOf(deps);
      const signer = await auth.signer();
      if (query.error) return signInFailed(auth, 'callback', { reason: 'provider_error', oauthError: oauthErrorCode(query.error) });
      const loginCookie = readCookie(headers.cookie, LOGIN_COOKIE);
      const login = await verified(signer, loginCookie, AUDIENCE.login);
      if (!login) return signInFailed(auth, 'callback', { reason: loginCookie ? 'login_invalid' : 'login_missing' });
      if (!query.code) return signInFailed(auth, 'callback', { reason: 'no_code' });
      const current = new URL(auth.callbackUrl);
      for (const [name, value] of Object.entries(query)) if (typeof value === 'string') current.searchParams.set(name, value);
      // The state, nonce and PKCE checks, the code exchange and the userinfo: what fails there is the provider's answer (or its absence), never a 500.
      const exchanged = await orFailure(async () => {
        const config = await upstreamConfiguration(auth.upstream);
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
      if (emailUnverified(exchanged.value.claims)) return signInFailed(auth, 'callback', { reason: 'email_unverified' });
      const claims = await professionalFrom(exchanged.value.claims, (siret) => registeredOrganization(deps.store, deps.organizations, siret));
      if (!claims) return redirect(`${new URL(auth.pageUrl).pathname}/?connexion=structure-inconnue`, [clearCookie(LOGIN_COOKIE, auth.secureCookies)]);
      await ensureProfessional(deps.store, claims, { registerOrganization: false });
      const sid = ulid();
      await startSession(deps.store, sid, claims.email, new Date(deps.store.now().getTime() + SESSION_SECONDS * 1000));
      // The ID token is kept for the logout (`id_token_hint`), so the provider ends its session too.
      const session = await signer.sign(
        { sid, pro: claims, id_token: exchanged.value.idToken },
        { audience: AUDIENCE.session, lifetimeSeconds: SESSION_SECONDS, subject: claims.email },
      );
      return redirect(String(login.returnTo), [
        setCookie(SESSION_COOKIE, session, { maxAgeSeconds: SESSION_SECONDS, secure: auth.secureCookies, sameSite: 'Strict' }),
        clearCookie(LOGIN_COOKIE, auth.secureCookies),
      ]);
    },
  }),
  definePublicRoute({
    method: 'GET',
    path: '/auth/token',
    group: 'auth',
    tag: TAG,
    summary: 'Un jeton d’accès à l’API (5 minutes) pour la session ouverte par le cookie',
    description: 'La page le garde en mémoire seulement, et en redemande un quand l’API répond 401.',
    headers: CookieHeaders,
    responses: { 200: { description: '`{ access_token, token_type, expires_in }`' }, 401: { description: 'Pas de session' } },
    handle: async ({ headers, deps }) => {
      const session = await sessionOf(deps, headers.cookie);
      if (!session || !(await isSessionOpen(deps.store, session.sid))) throw notSignedIn();
      // Its own jti: each audit event it writes names this very token.
      const accessToken = await (await session.auth.signer()).sign({ ...toTokenClaims(session.pro), jti: ulid() }, {
        audience: AUDIENCE.api,
        lifetimeSeconds: ACCESS_SECONDS,
        subject: session.pro.email,
      });
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ACCESS_SECONDS });
    },
  }),
  definePublicRoute({
    method: 'POST',
    path: '/auth/logout',
    group: 'auth',
    tag: TAG,
    summary: 'Se déconnecter : la session prend fin partout, le cookie est effacé, puis celle du fournisseur d’identité',
    description:
      '`endSessionUrl` est l’adresse de fin de session du fournisseur (`end_session_endpoint`, avec `id_token_hint` et `post_logout_redirect_uri` = la page) : la page y envoie le navigateur, pour que la connexion suivante redemande l’identifiant. Absente quand le fournisseur n’en a pas.',
    headers: CookieHeaders,
    responses: { 200: { description: '`{ loggedOut: true, endSessionUrl? }`' } },
    handle: async ({ headers, deps }) => {
      const auth = authOf(deps);
      const session = await sessionOf(deps, headers.cookie);
      if (session) await endSession(deps.store, session.sid);
      const endSessionUrl = await providerLogout(auth, session?.idToken);
      return { ...json(200, { loggedOut: true, ...(endSessionUrl ? { endSessionUrl } : {}) }), cookies: [clearCookie(SESSION_COOKIE, auth.secureCookies)] };
    },
  }),
];
