import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import * as z from '#domain/zod.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import { PivotIdentity } from '#domain/pivot-identity.ts';
import { refusalOf, type Provenance, type TrustedIssuer } from '#domain/federation.ts';
import { HttpProblem } from './problem.ts';

/**
 * The token contract: standard OpenID Connect claims plus the professional's organization.
 * Short-lived tokens only: `iat` is required and a token older than an hour is refused.
 */
export const TokenClaims = z.object({
  email: z.string(),
  given_name: z.string(),
  family_name: z.string(),
  phone_number: z.string().optional(),
  job_title: z.string().optional(),
  jti: z.string().min(1).max(200).optional(),
  organization: z.object({
    siret: z.string(),
    name: z.string(),
    kind: z.string(),
    departement: z.string().optional(),
  }),
});

/** A person token: the pivot identity FranceConnect gives (see domain/pivot-identity.ts), for their own audience. */
export const PersonTokenClaims = PivotIdentity.extend({ jti: z.string().min(1).max(200).optional() });

const MAX_TOKEN_AGE = '1h';
const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];

export type Caller = { claims: ProfessionalClaims; issuer: TrustedIssuer; provenance: Provenance };
export type Authenticate = (authorization: string | undefined, origin: string | undefined) => Promise<Caller>;
export type PersonTokenCaller = { pivot: PivotIdentity; issuer: TrustedIssuer; provenance: Provenance };
export type AuthenticatePerson = (authorization: string | undefined, origin: string | undefined) => Promise<PersonTokenCaller>;

type TokenKind = 'professional' | 'person';

const unauthenticated = (detail: string) =>
  new HttpProblem(401, 'unauthenticated', 'Authentification requise', detail, {}, {
    'WWW-Authenticate': 'Bearer realm="gps", error="invalid_token"',
  });

const WRONG_KIND: Record<TokenKind, string> = {
  professional: 'Ce jeton est celui d’une personne accompagnée : il n’ouvre que son propre espace (/my-file), aucune route des professionnels.',
  person: 'Ce jeton est celui d’un professionnel : l’espace de la personne n’accepte que le jeton de la personne elle-même.',
};

const audienceOf = (issuer: TrustedIssuer, kind: TokenKind) => (kind === 'professional' ? issuer.audience : issuer.personAudience);

/**
 * Verifies `Authorization: Bearer <JWT>` against the trusted issuers (keys cached per
 * issuer) for one kind of token. A token of the other kind, from an issuer that issues both,
 * is recognized and refused (403) rather than called invalid; one naming both audiences is
 * no token at all.
 */
function tokenVerifier(issuers: readonly TrustedIssuer[]) {
  // Built on an issuer's first token, not at cold start: a remote key set loads fetch (undici), ≈ 30 ms of every function's init.
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keySetOf = (issuer: TrustedIssuer) => {
    if (!keySets.has(issuer.issuer)) {
      keySets.set(
        issuer.issuer,
        issuer.jwks
          ? createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0])
          : createRemoteJWKSet(new URL(issuer.jwksUrl!), { cacheMaxAge: 10 * 60_000 }),
      );
    }
    return keySets.get(issuer.issuer)!;
  };

  return async (authorization: string | undefined, origin: string | undefined, kind: TokenKind): Promise<{ issuer: TrustedIssuer; payload: JWTPayload }> => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('Un jeton « Authorization: Bearer » est requis.');
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw unauthenticated('Jeton illisible.');
    }
    const issuer = issuers.find((candidate) => candidate.issuer === iss);
    if (!issuer) throw unauthenticated('Émetteur du jeton inconnu de GPS.');
    if (origin && issuer.allowedOrigins.length > 0 && !issuer.allowedOrigins.includes(origin)) {
      throw unauthenticated('Ce jeton ne peut pas être utilisé depuis ce site.');
    }
    const own = audienceOf(issuer, kind);
    const other = audienceOf(issuer, kind === 'person' ? 'professional' : 'person');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySetOf(issuer), {
        issuer: issuer.issuer,
        audience: [own, other].filter((audience): audience is string => Boolean(audience)),
        algorithms: ALGORITHMS,
        maxTokenAge: MAX_TOKEN_AGE,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: 30,
      }));
    } catch {
      throw unauthenticated('Jeton invalide ou expiré : reconnectez-vous.');
    }
    const audiences = [payload.aud ?? []].flat();
    const forOwn = own !== undefined && audiences.includes(own);
    if (forOwn && other !== undefined && audiences.includes(other)) {
      throw unauthenticated('Un jeton parle pour un professionnel ou pour une personne, jamais pour les deux : ce jeton nomme les deux audiences.');
    }
    if (!forOwn) throw new HttpProblem(403, 'wrong-token-kind', 'Jeton d’un autre type', WRONG_KIND[kind]);
    return { issuer, payload };
  };
}

/** Professionals' tokens: the claims must describe a professional its issuer may vouch for. */
export function createAuthenticator(issuers: readonly TrustedIssuer[]): Authenticate {
  const verify = tokenVerifier(issuers);
  return async (authorization, origin) => {
    const { issuer, payload } = await verify(authorization, origin, 'professional');
    const claims = TokenClaims.safeParse(payload);
    const professional = claims.success
      ? ProfessionalClaims.safeParse({
          email: claims.data.email,
          firstName: claims.data.given_name,
          lastName: claims.data.family_name,
          phone: claims.data.phone_number,
          jobTitle: claims.data.job_title,
          organization: claims.data.organization,
        })
      : undefined;
    if (!professional?.success) throw unauthenticated('Le jeton ne décrit pas un profil professionnel et sa structure.');
    const refusal = refusalOf(issuer, professional.data);
    if (refusal) throw new HttpProblem(403, 'outside-issuer-policy', 'Hors du périmètre de ce portail', refusal);
    const jti = claims.success ? claims.data.jti : undefined;
    return { claims: professional.data, issuer, provenance: { issuer: issuer.issuer, ...(jti ? { jti } : {}) } };
  };
}

/** Persons' tokens: only from an issuer registered with a `personAudience`, and only its pivot identity. */
export function createPersonAuthenticator(issuers: readonly TrustedIssuer[]): AuthenticatePerson {
  const verify = tokenVerifier(issuers);
  return async (authorization, origin) => {
    const { issuer, payload } = await verify(authorization, origin, 'person');
    const claims = PersonTokenClaims.safeParse(payload);
    if (!claims.success) throw unauthenticated('Le jeton ne décrit pas une personne : prénoms, nom de naissance et date de naissance sont requis.');
    const { jti, ...pivot } = claims.data;
    return { pivot, issuer, provenance: { issuer: issuer.issuer, ...(jti ? { jti } : {}) } };
  };
}
