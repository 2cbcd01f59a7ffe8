import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { TrustedIssuer } from '#domain/federation.ts';
import { testApi } from '#tests/support/api.ts';
import { startPartnerTokenEndpoint, type PortalUser } from '../../docs/examples/partner-token-endpoint.ts';

const ISSUER = 'https://rsa.departement.exemple.fr';
const PORTAL = 'https://rsa.departement.exemple.fr';
const AGENT: PortalUser = {
  email: 'nadia.benali@departement.exemple.fr',
  firstName: 'Nadia',
  lastName: 'Benali',
  jobTitle: 'Référente RSA',
  organization: { siret: '22690001700016', name: 'Département du Rhône', kind: 'conseil_departemental', departement: '69' },
};

describe('a département’s portal joins GPS with the README’s example backend', async () => {
  // The portal's session: a cookie it set itself when the agent signed in.
  const portal = await startPartnerTokenEndpoint({
    issuer: ISSUER,
    signedInUser: async (request) => (request.headers.cookie === 'session=nadia' ? AGENT : undefined),
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  const portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
  afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())));

  // Its registration, as the operator writes it in GPS_TRUSTED_ISSUERS.
  const registration = TrustedIssuer.parse({
    issuer: ISSUER,
    name: 'Portail RSA du département',
    audience: 'gps-api',
    kind: 'partner',
    jwksUrl: `${portalUrl}/.well-known/jwks.json`,
    allowedOrigins: [PORTAL],
    policy: { emailDomains: ['departement.exemple.fr'], sirenPrefixes: ['226900017'], organizationKinds: ['conseil_departemental'] },
  });
  const gps = await testApi({ partners: [registration] });

  it('mints a token for the signed-in agent that GPS accepts from the portal’s pages, its keys read from the JWKS URL', async () => {
    const answer = await fetch(`${portalUrl}/jeton-gps`, { headers: { cookie: 'session=nadia' } });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { access_token: token, expires_in: expiresIn } = (await answer.json()) as { access_token: string; expires_in: number };
    expect(expiresIn).toBe(600);

    const me = await gps.request('GET', '/me', { token, headers: { Origin: PORTAL } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: AGENT.email, firstName: 'Nadia', organization: { siret: AGENT.organization.siret, kind: 'conseil_departemental' } });

    const elsewhere = await gps.request('GET', '/me', { token, headers: { Origin: 'https://autre-site.exemple.fr' } });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.detail).toMatch(/depuis ce site/);
  });

  it('gives nobody a token without the portal’s session', async () => {
    expect((await fetch(`${portalUrl}/jeton-gps`)).status).toBe(401);
  });

  it('a token signed with another key, under the portal’s name, is refused', async () => {
    const impostor = await startPartnerTokenEndpoint({ issuer: ISSUER, signedInUser: async () => AGENT });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { access_token: forged } = (await (await fetch(`http://127.0.0.1:${(impostor.address() as AddressInfo).port}/jeton-gps`)).json()) as { access_token: string };
    impostor.close();
    const answer = await gps.request('GET', '/me', { token: forged, headers: { Origin: PORTAL } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });
});
