import { readdirSync, readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { emailUnverified, endSessionUrl, oauthErrorCode, professionalFrom, providerFailure } from '../../functions/auth/upstream.ts';

const ORGANIZATION = { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail', departement: '69' } as const;

describe('what an identity provider says, as GPS claims', () => {
  it('takes only the e-mails its provider verified', () => {
    expect(emailUnverified({ email: 'x@ft.fr', email_verified: false })).toBe(true);
    expect(emailUnverified({ email: 'x@ft.fr', email_verified: 'false' })).toBe(true);
    expect(emailUnverified({ email: 'x@ft.fr', email_verified: true })).toBe(false);
    expect(emailUnverified({ email: 'x@ft.fr' })).toBe(false);
  });

  it('reads ProConnect’s claims (usual_name, siret) and finds the organization GPS knows', async () => {
    const looked: string[] = [];
    const claims = await professionalFrom(
      { sub: 'x', email: 'camille@francetravail.fr', given_name: 'Camille', usual_name: 'Martin', siret: '130 005 481 00010', phone_number: null },
      async (siret) => {
        looked.push(siret);
        return ORGANIZATION;
      },
    );

    expect(looked).toEqual(['13000548100010']);
    expect(claims).toEqual({ email: 'camille@francetravail.fr', firstName: 'Camille', lastName: 'Martin', organization: ORGANIZATION });
  });

  it('refuses a professional whose organization GPS does not know', async () => {
    expect(await professionalFrom({ email: 'x@asso.fr', given_name: 'A', usual_name: 'B', siret: '40000000000013' }, async () => undefined)).toBeUndefined();
  });

  it('never takes the organization a provider sends itself: it vouches for the e-mail, the registry for the organization', async () => {
    const claimed = { ...ORGANIZATION, name: 'Structure prétendue', kind: 'siae' };
    const fromRegistry = await professionalFrom({ email: 'x@ft.fr', given_name: 'A', family_name: 'B', siret: ORGANIZATION.siret, organization: claimed }, async () => ORGANIZATION);
    expect(fromRegistry?.organization).toEqual(ORGANIZATION);
    expect(fromRegistry?.lastName).toBe('B');
    expect(await professionalFrom({ email: 'x@ft.fr', given_name: 'A', family_name: 'B', organization: claimed }, async () => undefined)).toBeUndefined();
  });
});

describe('when the provider fails, and at logout', () => {
  const PROVIDER = { issuer: 'https://idp.exemple.fr', authorization_endpoint: 'https://idp.exemple.fr/authorize', token_endpoint: 'https://idp.exemple.fr/token' };

  it('builds the provider’s end-session URL with the ID token and the page as post-logout redirect', () => {
    const config = new oidc.Configuration({ ...PROVIDER, end_session_endpoint: 'https://idp.exemple.fr/session/end' }, 'gps-page', 'secret');
    const url = endSessionUrl(config, 'header.payload.signature', 'https://gps.exemple.fr/app')!;
    expect(`${url.origin}${url.pathname}`).toBe('https://idp.exemple.fr/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({ id_token_hint: 'header.payload.signature', post_logout_redirect_uri: 'https://gps.exemple.fr/app', client_id: 'gps-page' });
  });

  it('has no end-session URL when the provider has no end_session_endpoint: logging out ends GPS’s session only', () => {
    expect(endSessionUrl(new oidc.Configuration(PROVIDER, 'gps-page', 'secret'), 'header.payload.signature', 'https://gps.exemple.fr/app')).toBeUndefined();
  });

  it('tells the provider’s failures from bugs, and keeps only what a log may say', () => {
    expect(providerFailure(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }))).toEqual({ reason: 'provider_unreachable', error: 'TypeError' });
    expect(providerFailure(Object.assign(new oidc.ClientError('operation timed out'), { code: 'OAUTH_TIMEOUT' }))).toMatchObject({ reason: 'provider_unreachable' });
    expect(providerFailure(Object.assign(new oidc.ClientError('unexpected JSON attribute value encountered'), { code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON' }))).toEqual({
      reason: 'response_invalid',
      error: 'ClientError',
      errorCode: 'OAUTH_JSON_ATTRIBUTE_COMPARISON',
    });
    // A bug in GPS is no provider failure: it stays a 500, logged as an error.
    expect(providerFailure(new TypeError('Cannot read properties of undefined'))).toBeUndefined();
    expect(providerFailure(new Error('boom'))).toBeUndefined();
    expect(oauthErrorCode('invalid_grant')).toBe('invalid_grant');
    expect(oauthErrorCode('camille.martin@francetravail.fr a refusé')).toBe('other');
  });
});

describe('imports point one way', () => {
  it('functions/http/ imports nothing from functions/auth/ (the auth routes build on the HTTP stack, not the reverse)', () => {
    const dir = new URL('../../functions/http/', import.meta.url);
    const offending = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => `${file}: ${m[1]}`))
      .filter((line) => /(\.\.\/auth\/|#auth\/|functions\/auth\/)/.test(line));
    expect(offending).toEqual([]);
  });
});
