import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TrustedIssuer } from '#domain/federation.ts';
import { createAuthenticator } from '#http/auth.ts';
import { HttpProblem } from '#http/problem.ts';
import { createDevIssuer } from '#local/dev-issuer.ts';
import { depsFromEnv } from '../../functions/config/api.ts';
import { TEST_PORTAL_POLICY, proClaims } from '#tests/support/fixtures.ts';

const PORTAL = 'https://portail.exemple.fr';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error) => (error instanceof HttpProblem ? `${error.status} ${error.message}` : `unexpected ${error}`),
  );

describe('token verification', async () => {
  const issuer = await createDevIssuer('https://portail.exemple.fr/jetons');
  const authenticate = createAuthenticator([issuer.trusted([PORTAL], TEST_PORTAL_POLICY)]);
  const claims = proClaims();

  it('maps a valid token to the professional it describes', async () => {
    const caller = await authenticate(`Bearer ${await issuer.mint(claims)}`, PORTAL);
    expect(caller.claims).toEqual(claims);
    expect(caller.issuer.kind).toBe('partner');
  });

  it('refuses a wrong audience, a token too old to be short-lived, another origin, and missing claims', async () => {
    expect(await refusal(authenticate(`Bearer ${await issuer.mint(claims, { audience: 'autre-api' })}`, PORTAL))).toMatch(/^401/);
    expect(
      await refusal(authenticate(`Bearer ${await issuer.mint(claims, { issuedAt: Math.floor(Date.now() / 1000) - 7200, lifetimeSeconds: 86400 })}`, PORTAL)),
    ).toMatch(/^401/);
    expect(await refusal(authenticate(`Bearer ${await issuer.mint(claims)}`, 'https://autre.exemple.fr'))).toBe(
      '401 Ce jeton ne peut pas être utilisé depuis ce site.',
    );
    expect(await refusal(authenticate('Bearer abc.def.ghi', PORTAL))).toBe('401 Jeton illisible.');
    expect(await refusal(authenticate('Basic dXNlcjpwYXNz', PORTAL))).toMatch(/^401 Un jeton/);
  });

  it('refuses a token that does not describe a professional and their organization', async () => {
    const withoutOrganization = await issuer.mint({ ...claims, organization: undefined } as never);
    expect(await refusal(authenticate(`Bearer ${withoutOrganization}`, PORTAL))).toMatch(/^401 Le jeton ne décrit pas/);
    const unknownKind = await issuer.mint({ ...claims, organization: { ...claims.organization, kind: 'inconnu' as never } });
    expect(await refusal(authenticate(`Bearer ${unknownKind}`, PORTAL))).toMatch(/^401 Le jeton ne décrit pas/);
  });

  describe('a partner publishing its keys at a JWKS URL', async () => {
    const server = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(issuer.jwks)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;

    it('is trusted through its JWKS URL', async () => {
      const remote = createAuthenticator([TrustedIssuer.parse({ issuer: issuer.issuer, audience: 'gps-api', kind: 'partner', jwksUrl, allowedOrigins: [PORTAL], policy: TEST_PORTAL_POLICY })]);
      expect((await remote(`Bearer ${await issuer.mint(claims)}`, undefined)).claims.email).toBe(claims.email);
    });
  });
});

describe('configuration', () => {
  it('fails loudly, in French, on a bad setting', () => {
    expect(() => depsFromEnv({ GPS_TABLE: 'gps', GPS_IDENTITY_SECRET: 'court', GPS_TRUSTED_ISSUERS: '[' })).toThrow(
      /GPS_IDENTITY_SECRET : 16 caractères au moins[\s\S]*GPS_TRUSTED_ISSUERS : JSON invalide/,
    );
  });

  it('allows the origins of the partners it trusts', async () => {
    const issuer = await createDevIssuer('https://portail.exemple.fr/jetons');
    const deps = depsFromEnv({
      GPS_TABLE: 'gps',
      GPS_IDENTITY_SECRET: 'un-secret-assez-long',
      GPS_INVITATION_SECRET: 'un-autre-secret-encore-plus-long-que-lui',
      GPS_TRUSTED_ISSUERS: JSON.stringify([issuer.trusted([PORTAL], TEST_PORTAL_POLICY)]),
      GPS_ALLOWED_ORIGINS: 'https://gps.exemple.fr',
      GPS_AUTHORIZED_SIRETS: '44306184100047, 12345678900011',
    });
    expect(deps.allowedOrigins).toEqual(['https://gps.exemple.fr', PORTAL]);
    expect([...deps.joinPolicy.authorizedSirets]).toEqual(['44306184100047', '12345678900011']);
  });

  it('publishes the public statistics at 5 and up unless told another threshold, a whole number from 2', async () => {
    const issuer = await createDevIssuer('https://portail.exemple.fr/jetons');
    const env = {
      GPS_TABLE: 'gps',
      GPS_IDENTITY_SECRET: 'un-secret-assez-long',
      GPS_INVITATION_SECRET: 'un-autre-secret-encore-plus-long-que-lui',
      GPS_TRUSTED_ISSUERS: JSON.stringify([issuer.trusted([PORTAL], TEST_PORTAL_POLICY)]),
    };
    expect(depsFromEnv(env).publicStatsThreshold).toBe(5);
    expect(depsFromEnv({ ...env, GPS_PUBLIC_STATS_THRESHOLD: '11' }).publicStatsThreshold).toBe(11);
    for (const bad of ['1', 'cinq', '2.5']) {
      expect(() => depsFromEnv({ ...env, GPS_PUBLIC_STATS_THRESHOLD: bad }), bad).toThrow(/GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000/);
    }
  });
});
