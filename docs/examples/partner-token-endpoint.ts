/**
 * What a partner portal's backend adds to let its pages embed the GPS widgets: a JWKS that GPS
 * reads, and an endpoint that mints a short-lived token for the professional signed in to the
 * portal. Node's http and `jose` only; adapt `signedInUser` to your own session.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Who is signed in to your portal, as you know them (your session, your directory). */
export type PortalUser = {
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  jobTitle?: string;
  organization: { siret: string; name: string; kind: string; departement?: string };
};

export type PartnerTokenOptions = {
  /** Your issuer, as registered with GPS (`GPS_TRUSTED_ISSUERS`). */
  issuer: string;
  /** Looks up your own session; undefined when nobody is signed in. */
  signedInUser: (request: IncomingMessage) => Promise<PortalUser | undefined>;
  /** In production, load your private key from your secrets; publish only the public one. */
  key?: { privateKey: CryptoKey; publicJwk: JWK };
};

const TOKEN_SECONDS = 600;

export async function startPartnerTokenEndpoint({ issuer, signedInUser, key }: PartnerTokenOptions): Promise<Server> {
  const { privateKey, publicJwk } = key ?? (await newKey());
  const jwks = JSON.stringify({ keys: [publicJwk] });

  const mint = (user: PortalUser) =>
    new SignJWT({
      email: user.email,
      given_name: user.firstName,
      family_name: user.lastName,
      ...(user.phone ? { phone_number: user.phone } : {}),
      ...(user.jobTitle ? { job_title: user.jobTitle } : {}),
      organization: user.organization,
    })
      .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid! })
      .setIssuer(issuer)
      .setAudience('gps-api')
      .setSubject(user.email)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_SECONDS}s`)
      .sign(privateKey);

  return createServer(async (request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' }).end(jwks);
      return;
    }
    if (request.url === '/jeton-gps' && request.method === 'GET') {
      const user = await signedInUser(request);
      if (!user) {
        response.writeHead(401).end();
        return;
      }
      // The widgets read { access_token, expires_in } (see <gps-config token-url>); never cache it.
      response
        .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end(JSON.stringify({ access_token: await mint(user), expires_in: TOKEN_SECONDS }));
      return;
    }
    response.writeHead(404).end();
  });
}

async function newKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid: 'portail-1', alg: 'ES256', use: 'sig' } };
}
