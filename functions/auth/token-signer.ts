import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { ProfessionalClaims } from '#domain/professional.ts';

/** The token contract: standard OpenID Connect claims plus `organization` (see README). */
export const toTokenClaims = (claims: ProfessionalClaims) => ({
  email: claims.email,
  given_name: claims.firstName,
  family_name: claims.lastName,
  ...(claims.phone ? { phone_number: claims.phone } : {}),
  ...(claims.jobTitle ? { job_title: claims.jobTitle } : {}),
  organization: claims.organization,
});

export type TokenSigner = {
  issuer: string;
  /** The public keys, for whoever verifies (GPS's API, as a trusted issuer). */
  jwks: { keys: JWK[] };
  sign: (payload: JWTPayload, options: { audience: string | string[]; lifetimeSeconds: number; subject?: string; issuedAt?: number }) => Promise<string>;
};

/** Signs short-lived ES256 JWTs with one key; `privateJwk` comes from configuration, or is made up (local). */
export async function createTokenSigner(issuer: string, options: { privateJwk?: JWK; kid?: string } = {}): Promise<TokenSigner> {
  const kid = options.kid ?? options.privateJwk?.kid ?? 'gps-1';
  const { privateKey, publicJwk } = options.privateJwk
    ? { privateKey: await importJWK(options.privateJwk, 'ES256'), publicJwk: publicPart(options.privateJwk) }
    : await generated();
  return {
    issuer,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    sign: (payload, { audience, lifetimeSeconds, subject, issuedAt }) => {
      const iat = issuedAt ?? Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(issuer).setAudience(audience).setIssuedAt(iat).setExpirationTime(iat + lifetimeSeconds);
      return (subject ? jwt.setSubject(subject) : jwt).sign(privateKey);
    },
  };
}

const publicPart = ({ kty, crv, x, y }: JWK): JWK => ({ kty, crv, x, y });

async function generated() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: publicPart(await exportJWK(publicKey)) };
}

/** A new ES256 private key as JWK, to put in configuration (Secrets Manager on AWS). */
export async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return exportJWK(privateKey);
}
