import type { JWK } from 'jose';
import { ulid } from 'ulid';
import { createTokenSigner, toTokenClaims } from '../auth/token-signer.ts';
import type { ProfessionalClaims } from '#domain/professional.ts';
import type { PivotIdentity } from '#domain/pivot-identity.ts';
import { AssertionPolicy, TrustedIssuer } from '#domain/federation.ts';
import type * as z from '#domain/zod.ts';

export const DEV_AUDIENCE = 'gps-api';
/** The audience of its person tokens (a département's personal space signing in its users). */
export const DEV_PERSON_AUDIENCE = 'gps-person-api';
const KEY_ID = 'dev-1';

export type DevIssuer = {
  issuer: string;
  jwks: { keys: JWK[] };
  /** Its registration, as an operator writes it: the origins it serves and what it may assert. */
  trusted: (allowedOrigins: string[], policy: z.input<typeof AssertionPolicy>, options?: { persons?: boolean }) => TrustedIssuer;
  mint: (claims: ProfessionalClaims, options?: { lifetimeSeconds?: number; audience?: string; issuedAt?: number }) => Promise<string>;
  /** A person token: their pivot identity, for the person audience (or another, to test refusals). */
  mintPerson: (pivot: PivotIdentity, options?: { lifetimeSeconds?: number; audience?: string | string[] }) => Promise<string>;
};

/**
 * A token issuer for local use, standing in for a partner portal's backend: it signs the
 * same short-lived ES256 tokens GPS expects from any partner (see README, token contract).
 */
export async function createDevIssuer(issuer: string): Promise<DevIssuer> {
  const signer = await createTokenSigner(issuer, { kid: KEY_ID });
  return {
    issuer,
    jwks: signer.jwks,
    trusted: (allowedOrigins, policy, { persons = false } = {}) =>
      TrustedIssuer.parse({ issuer, audience: DEV_AUDIENCE, ...(persons ? { personAudience: DEV_PERSON_AUDIENCE } : {}), kind: 'partner', jwks: signer.jwks, allowedOrigins, policy }),
    mint: (claims, { lifetimeSeconds = 900, audience = DEV_AUDIENCE, issuedAt } = {}) =>
      signer.sign({ ...toTokenClaims(claims), jti: ulid() }, { audience, lifetimeSeconds, subject: claims.email, ...(issuedAt === undefined ? {} : { issuedAt }) }),
    mintPerson: (pivot, { lifetimeSeconds = 900, audience = DEV_PERSON_AUDIENCE } = {}) => signer.sign({ ...pivot, jti: ulid() }, { audience, lifetimeSeconds }),
  };
}

export { toTokenClaims };
