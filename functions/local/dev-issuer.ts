import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { ProfessionalClaims } from '#domain/professional.ts';
import type { TrustedIssuer } from '#http/auth.ts';

export const DEV_AUDIENCE = 'gps-api';
const KEY_ID = 'dev-1';

export type DevIssuer = {
  issuer: string;
  jwks: { keys: JWK[] };
  trusted: (allowedOrigins?: string[]) => TrustedIssuer;
  mint: (claims: ProfessionalClaims, options?: { lifetimeSeconds?: number; audience?: string; issuedAt?: number }) => Promise<string>;
};

/**
 * A token issuer for local use, standing in for a partner portal's backend: it signs the
 * same short-lived ES256 tokens GPS expects from any partner (see README, token contract).
 */
export async function createDevIssuer(issuer: string): Promise<DevIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' }] };
  return {
    issuer,
    jwks,
    trusted: (allowedOrigins = []) => ({ issuer, audience: DEV_AUDIENCE, kind: 'partner', jwks, allowedOrigins }),
    mint: (claims, { lifetimeSeconds = 900, audience = DEV_AUDIENCE, issuedAt } = {}) => {
      const iat = issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT(toTokenClaims(claims))
        .setProtectedHeader({ alg: 'ES256', kid: KEY_ID })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.email)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetimeSeconds)
        .sign(privateKey);
    },
  };
}

/** The token contract: standard OpenID Connect claims plus `organization`. */
export const toTokenClaims = (claims: ProfessionalClaims) => ({
  email: claims.email,
  given_name: claims.firstName,
  family_name: claims.lastName,
  ...(claims.phone ? { phone_number: claims.phone } : {}),
  ...(claims.jobTitle ? { job_title: claims.jobTitle } : {}),
  organization: claims.organization,
});
