import { afterAll } from 'vitest';
import { AdministratorEntry } from '#domain/administrators.ts';
import { DEFAULT_QUOTAS, type DailyQuotas } from '#domain/quotas.ts';
import type { ProfessionalClaims } from '#domain/professional.ts';
import type { PivotIdentity } from '#domain/pivot-identity.ts';
import { routes } from '#api/routes.ts';
import type { TrustedIssuer } from '#domain/federation.ts';
import { createAuthenticator, createPersonAuthenticator } from '#http/auth.ts';
import { createHttpHandler } from '#http/handler.ts';
import type { ApiDeps } from '#http/route.ts';
import type { Store } from '#store/client.ts';
import { startApiServer } from '#local/api-server.ts';
import { createDevIssuer, type DevIssuer } from '#local/dev-issuer.ts';
import { TEST_PORTAL_POLICY, proClaims } from './fixtures.ts';
import { testStore } from './store.ts';
import type { OrganizationKind } from '#domain/organization.ts';

export const PORTAL_ORIGIN = 'https://portail.exemple.fr';
export const PORTAL_ISSUER = 'https://portail.exemple.fr/gps-tokens';
export const TEST_INVITATION_SECRET = 'test-invitation-secret-of-32-chars!';

export type Response = { status: number; headers: Headers; body: any };
export type RequestOptions = { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string | null };

/**
 * GPS's real HTTP stack on loopback (local server → middy handler → DynamoDB Local), with a
 * token issuer of its own: what a partner portal sees, nothing mocked.
 */
export async function testApi(
  options: {
    quotas?: Partial<DailyQuotas>;
    authorizedSirets?: string[];
    now?: () => Date;
    partners?: TrustedIssuer[];
    store?: Store;
    administrators?: string[];
    confidentialKinds?: OrganizationKind[];
    sensitiveNotes?: boolean;
  } = {},
) {
  const store = options.store ?? (await testStore(options.now ? { now: options.now } : {}));
  const issuer = await createDevIssuer(PORTAL_ISSUER);
  // The test portal also signs in persons (a département's personal space): its person tokens open their own space.
  const issuers = [issuer.trusted([PORTAL_ORIGIN], TEST_PORTAL_POLICY, { persons: true }), ...(options.partners ?? [])];
  const deps: ApiDeps = {
    store,
    authenticate: createAuthenticator(issuers),
    authenticatePerson: createPersonAuthenticator(issuers),
    issuers,
    joinPolicy: { authorizedSirets: new Set(options.authorizedSirets ?? []) },
    organizations: new Map(),
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    allowedOrigins: [PORTAL_ORIGIN],
    invitationSecret: TEST_INVITATION_SECRET,
    administrators: (options.administrators ?? []).map((entry) => AdministratorEntry.parse(entry)),
    ...(options.confidentialKinds ? { confidentialKinds: new Set(options.confidentialKinds) } : {}),
    ...(options.sensitiveNotes ? { sensitiveNotes: true } : {}),
  };
  const server = await startApiServer({ handler: createHttpHandler(routes, () => deps), routes });
  afterAll(server.close);

  async function request(method: string, path: string, { body, rawBody, headers = {}, token }: RequestOptions = {}): Promise<Response> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
  }

  /** A professional with a fresh token: `call(method, path, options)` speaks as them. */
  async function as(overrides: Partial<ProfessionalClaims> = {}) {
    const claims = proClaims(overrides);
    const token = await issuer.mint(claims);
    const me = (await request('GET', '/me', { token })).body as { id: string };
    return {
      claims,
      token,
      id: me.id,
      call: (method: string, path: string, options: RequestOptions = {}) => request(method, path, { token, ...options }),
    };
  }

  /** A person signed in to their own space (their FranceConnect pivot identity): `call` speaks as them. */
  async function asPerson(pivot: PivotIdentity) {
    const token = await issuer.mintPerson(pivot);
    return { pivot, token, call: (method: string, path: string, options: RequestOptions = {}) => request(method, path, { token, ...options }) };
  }

  return { store, issuer, url: server.url, request, as, asPerson };
}

export type Professional = Awaited<ReturnType<Awaited<ReturnType<typeof testApi>>['as']>>;
export type { DevIssuer };
