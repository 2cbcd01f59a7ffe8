import { AdministratorEntry } from '#domain/administrators.ts';
import { DEFAULT_CONFIDENTIAL_KINDS } from '#domain/confidentiality.ts';
import { Organization, OrganizationKind } from '#domain/organization.ts';
import { DailyQuotas } from '#domain/quotas.ts';
import { DEFAULT_PUBLIC_STATS_THRESHOLD, PublicStatsThreshold } from '#domain/public-stats.ts';
import * as z from '#domain/zod.ts';
import { TrustedIssuer } from '#domain/federation.ts';
import type { JWK } from 'jose';
import { createAuthenticator, createPersonAuthenticator } from '../http/auth.ts';
import type { AuthDeps, AuthFunctionDeps } from '../auth/deps.ts';
import { createTokenSigner, type TokenSigner } from '../auth/token-signer.ts';
import { json, parse, StoreEnvironment, storeOf } from './environment.ts';

const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

/** A JSON list in one variable, each entry checked by its schema; absent is empty. */
const jsonList = <S extends z.ZodType>(name: string, entry: S) => json(name, '[]', z.array(entry));

/** The issuer of the GPS page's own tokens, unless configured otherwise. */
export const SESSION_ISSUER = 'urn:gps:session';

const ApiEnvironment = StoreEnvironment.extend({
  GPS_TRUSTED_ISSUERS: jsonList('GPS_TRUSTED_ISSUERS', TrustedIssuer).pipe(z.array(z.any()).min(1, 'GPS_TRUSTED_ISSUERS : au moins un émetteur.')),
  GPS_AUTHORIZED_SIRETS: list,
  /** JSON object of daily quotas, each optional (see domain/quotas.ts for the defaults). */
  GPS_DAILY_QUOTAS: json('GPS_DAILY_QUOTAS', '{}', DailyQuotas),
  /** The operator's registry of establishments (JSON list), read first by the page's sign-in. */
  GPS_ORGANIZATIONS: jsonList('GPS_ORGANIZATIONS', Organization),
  GPS_ALLOWED_ORIGINS: list,
  /** `true` lets the santé and justice freins carry a note (see domain/person.ts); refused otherwise. */
  GPS_SENSITIVE_NOTES: z.enum(['true', 'false'], 'GPS_SENSITIVE_NOTES : true ou false.').default('false').transform((value) => value === 'true'),
  /** Comma-separated organization kinds shown to other members only as « un accompagnement confidentiel »; `aucun` for none. */
  GPS_CONFIDENTIAL_KINDS: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? [...DEFAULT_CONFIDENTIAL_KINDS] : value.trim() === 'aucun' ? [] : value.split(',').map((kind) => kind.trim())))
    .pipe(z.array(OrganizationKind)),
  /** Who may export and erase persons' data: `e-mail` (GPS's own sign-in) or `<issuer>#<e-mail>`. */
  GPS_ADMINISTRATORS: list.pipe(z.array(AdministratorEntry)),
  /** Below this count a cell of the public statistics is not published (« moins de 5 »). */
  GPS_PUBLIC_STATS_THRESHOLD: PublicStatsThreshold.default(DEFAULT_PUBLIC_STATS_THRESHOLD),
});

/** The sign-in of the GPS page, served by the `auth` function; all or nothing. */
const AuthEnvironment = z.object({
  GPS_PAGE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  GPS_AUTH_CALLBACK_URL: z.url(),
  GPS_OIDC_ISSUER: z.url(),
  GPS_OIDC_CLIENT_ID: z.string().min(1),
  GPS_OIDC_CLIENT_SECRET: z.string().min(1),
  GPS_OIDC_SCOPES: z.string().default('openid email profile phone'),
  GPS_OIDC_USERINFO_SIGNED_ALG: z.string().min(1).optional(),
  /** ES256 private key (JWK, JSON) signing GPS's session and access tokens; Secrets Manager on AWS. */
  GPS_SESSION_KEY: z.string().transform((value, ctx) => {
    try {
      return JSON.parse(value) as JWK;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'GPS_SESSION_KEY : JWK JSON attendue.' });
      return z.NEVER;
    }
  }),
  GPS_SESSION_ISSUER: z.string().min(1).default(SESSION_ISSUER),
});

/** The persons' sign-in (FranceConnect, or any provider of its « identité pivot »), beside the page's; all or nothing. */
const PersonAuthEnvironment = z.object({
  GPS_PERSON_OIDC_ISSUER: z.url(),
  GPS_PERSON_OIDC_CLIENT_ID: z.string().min(1),
  GPS_PERSON_OIDC_CLIENT_SECRET: z.string().min(1),
  GPS_PERSON_OIDC_SCOPES: z.string().default('openid given_name family_name birthdate preferred_username'),
  /** FranceConnect asks for `eidas1`. */
  GPS_PERSON_OIDC_ACR_VALUES: z.string().min(1).optional(),
  GPS_PERSON_OIDC_USERINFO_SIGNED_ALG: z.string().min(1).optional(),
  /** Registered with the provider; `/auth/person/callback` beside the page's callback when absent. */
  GPS_PERSON_AUTH_CALLBACK_URL: z.url().optional(),
});

function personAuthFromEnv(env: NodeJS.ProcessEnv, pageCallbackUrl: string): AuthDeps['person'] {
  if (!env.GPS_PERSON_OIDC_ISSUER) return undefined;
  const config = parse(PersonAuthEnvironment, env);
  return {
    upstream: {
      issuer: config.GPS_PERSON_OIDC_ISSUER,
      clientId: config.GPS_PERSON_OIDC_CLIENT_ID,
      clientSecret: config.GPS_PERSON_OIDC_CLIENT_SECRET,
      scopes: config.GPS_PERSON_OIDC_SCOPES,
      allowHttp: config.GPS_PERSON_OIDC_ISSUER.startsWith('http://'),
      ...(config.GPS_PERSON_OIDC_USERINFO_SIGNED_ALG ? { signedUserInfoAlg: config.GPS_PERSON_OIDC_USERINFO_SIGNED_ALG } : {}),
      ...(config.GPS_PERSON_OIDC_ACR_VALUES ? { acrValues: config.GPS_PERSON_OIDC_ACR_VALUES } : {}),
    },
    callbackUrl: config.GPS_PERSON_AUTH_CALLBACK_URL ?? new URL('person/callback', pageCallbackUrl).href,
  };
}

function authFromEnv(env: NodeJS.ProcessEnv): AuthDeps | undefined {
  if (!env.GPS_OIDC_ISSUER) return undefined;
  const config = parse(AuthEnvironment, env);
  const person = personAuthFromEnv(env, config.GPS_AUTH_CALLBACK_URL);
  let signer: Promise<TokenSigner> | undefined;
  return {
    signer: () => (signer ??= createTokenSigner(config.GPS_SESSION_ISSUER, { privateJwk: config.GPS_SESSION_KEY })),
    upstream: {
      issuer: config.GPS_OIDC_ISSUER,
      clientId: config.GPS_OIDC_CLIENT_ID,
      clientSecret: config.GPS_OIDC_CLIENT_SECRET,
      scopes: config.GPS_OIDC_SCOPES,
      allowHttp: config.GPS_OIDC_ISSUER.startsWith('http://'),
      ...(config.GPS_OIDC_USERINFO_SIGNED_ALG ? { signedUserInfoAlg: config.GPS_OIDC_USERINFO_SIGNED_ALG } : {}),
    },
    callbackUrl: config.GPS_AUTH_CALLBACK_URL,
    ...(person ? { person } : {}),
    pageUrl: config.GPS_PAGE_URL,
    secureCookies: config.GPS_AUTH_CALLBACK_URL.startsWith('https://'),
  };
}

export function depsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthFunctionDeps {
  const config = parse(ApiEnvironment, env);
  const auth = authFromEnv(env);
  return {
    ...(auth ? { auth } : {}),
    store: storeOf(config),
    authenticate: createAuthenticator(config.GPS_TRUSTED_ISSUERS),
    authenticatePerson: createPersonAuthenticator(config.GPS_TRUSTED_ISSUERS),
    joinPolicy: { authorizedSirets: new Set(config.GPS_AUTHORIZED_SIRETS) },
    issuers: config.GPS_TRUSTED_ISSUERS,
    quotas: config.GPS_DAILY_QUOTAS,
    organizations: new Map(config.GPS_ORGANIZATIONS.map((organization) => [organization.siret, organization])),
    allowedOrigins: [...new Set([...config.GPS_ALLOWED_ORIGINS, ...config.GPS_TRUSTED_ISSUERS.flatMap((issuer) => issuer.allowedOrigins)])],
    invitationSecret: config.GPS_INVITATION_SECRET,
    administrators: config.GPS_ADMINISTRATORS,
    confidentialKinds: new Set(config.GPS_CONFIDENTIAL_KINDS),
    sensitiveNotes: config.GPS_SENSITIVE_NOTES,
    publicStatsThreshold: config.GPS_PUBLIC_STATS_THRESHOLD,
  };
}
