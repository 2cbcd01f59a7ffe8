import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustedIssuerRegistration } from '#domain/federation.ts';
import type { ProfessionalClaims } from '#domain/professional.ts';
import { createDevIssuer, type DevIssuer } from '#local/dev-issuer.ts';
import { startLocalStack } from '#local/stack.ts';
import { collectErrors, launchChromium, startHttpServer } from '#tests/support/browser.ts';
import { newPerson } from '#tests/support/fixtures.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;
type Served = Awaited<ReturnType<typeof startHttpServer>>;

const ISSUER = 'https://insertion.metropole.exemple.fr';
const INES: ProfessionalClaims = {
  email: 'ines.garcia@tremplin-metropole.exemple.fr',
  firstName: 'Inès',
  lastName: 'Garcia',
  jobTitle: 'Conseillère en insertion',
  organization: { siret: '84512345600017', name: 'Association Tremplin Métropole', kind: 'association', departement: '69' },
};

/**
 * A partner portal of its own, on another origin than GPS, registered in GPS_TRUSTED_ISSUERS
 * as the README's onboarding says (its key, its JWKS URL, its policy, its origin): it embeds
 * the widget script from the local API and hands the widgets its own tokens. Nothing is mocked.
 */
describe('un portail partenaire inscrit dans GPS_TRUSTED_ISSUERS embarque les widgets depuis son origine (Chromium, pile locale)', () => {
  let partner: DevIssuer;
  let jwks: Served;
  let portal: Served;
  let elsewhere: Served;
  let stack: Stack;
  let browser: Browser;
  let personId: string;

  /** The portal's pages and its token endpoint (its backend mints for the professional signed in). */
  const portalPages = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://portail');
    if (url.pathname === '/jeton-gps') {
      const token = await partner.mint(INES, { lifetimeSeconds: 600 });
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ access_token: token, expires_in: 600 }));
      return;
    }
    if (url.pathname !== '/') return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>Portail Tremplin Métropole</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${stack.apiUrl}/widgets/gps-widgets.js"></script>
  </head>
  <body>
    <main>
      <h1>Mes accompagnements</h1>
      <gps-config api-base="${stack.apiUrl}" token-url="/jeton-gps"></gps-config>
      <gps-person-card person-id="${url.searchParams.get('person') ?? ''}"></gps-person-card>
    </main>
  </body>
</html>`);
  };

  const call = async (token: string, method: string, path: string, init: { body?: unknown; origin?: string } = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.origin ? { Origin: init.origin } : {}),
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: response.status, headers: response.headers, body: await response.json().catch(() => undefined) };
  };

  const open = async (): Promise<Page> => (await browser.newContext()).newPage();

  beforeAll(async () => {
    partner = await createDevIssuer(ISSUER);
    jwks = await startHttpServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(partner.jwks));
    });
    portal = await startHttpServer((request, response) => void portalPages(request, response));
    // The same pages on an origin no issuer declared.
    elsewhere = await startHttpServer((request, response) => void portalPages(request, response));
    const registration: TrustedIssuerRegistration = {
      issuer: ISSUER,
      audience: 'gps-api',
      kind: 'partner',
      name: 'Portail Tremplin Métropole',
      jwksUrl: `${jwks.url}/.well-known/jwks.json`,
      allowedOrigins: [portal.url],
      policy: { emailDomains: ['tremplin-metropole.exemple.fr'], sirets: [INES.organization.siret], organizationKinds: ['association'] },
    };
    stack = await startLocalStack({ trustedIssuers: [registration] });
    browser = await launchChromium();

    const created = await call(await partner.mint(INES), 'POST', '/persons', { body: { ...newPerson({ firstName: 'Yasmine', lastName: 'Haddad' }), reason: 'Accompagnement vers l’emploi' } });
    expect(created.status).toBe(201);
    personId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await Promise.all([jwks, portal, elsewhere].map((server) => server?.close()));
  });

  it('une inscription mal formée fait échouer le démarrage, avec l’erreur en français de la configuration', async () => {
    const withoutPolicy: TrustedIssuerRegistration = { issuer: 'https://autre-portail.exemple.fr', audience: 'gps-api', kind: 'partner', jwksUrl: `${jwks.url}/.well-known/jwks.json`, allowedOrigins: [portal.url] };
    // Started after all, it is stopped at once: nothing outlives the test.
    const started = startLocalStack({ trustedIssuers: [withoutPolicy] }).then((unexpected) => unexpected.stop().then(() => 'démarrée'));
    await expect(started).rejects.toThrow(
      /Configuration GPS invalide[\s\S]*émetteur https:\/\/autre-portail\.exemple\.fr : une politique \(policy\) est obligatoire/,
    );
  });

  it('le jeton du portail, ses clés lues à son URL JWKS, est accepté par l’API locale, CORS compris depuis son origine', async () => {
    const token = await partner.mint(INES);
    const me = await call(token, 'GET', '/me', { origin: portal.url });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: INES.email, organization: { siret: INES.organization.siret } });
    expect(me.headers.get('access-control-allow-origin')).toBe(portal.url);
  });

  it('un jeton du même portail pour une adresse hors de sa politique est refusé : 403 problem+json', async () => {
    const outside = await partner.mint({ ...INES, email: 'ines.garcia@gmail.com' });
    const me = await call(outside, 'GET', '/me', { origin: portal.url });
    expect(me.status).toBe(403);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.body.detail).toMatch(/ne peut pas parler pour une adresse e-mail du domaine « gmail\.com »/);
  });

  it('le script des widgets porte la règle CORS d’AWS : origine renvoyée seulement si elle est autorisée, Vary: Origin, pré-vérification', async () => {
    const script = `${stack.apiUrl}/widgets/gps-widgets.js`;
    const allowed = await fetch(script, { headers: { Origin: portal.url } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(portal.url);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const refused = await fetch(script, { headers: { Origin: elsewhere.url } });
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('vary')).toMatch(/Origin/);

    const preflight = await fetch(script, { method: 'OPTIONS', headers: { Origin: portal.url, 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(portal.url);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET/);

    // The GPS page's assets follow the same rule.
    const page = await fetch(`${stack.apiUrl}/app/`, { headers: { Origin: portal.url } });
    expect(page.headers.get('access-control-allow-origin')).toBe(portal.url);
  });

  it('la page du portail, sur son origine, charge le script de GPS et la fiche montre le nom de la personne', async () => {
    const page = await open();
    const errors = collectErrors(page);
    await page.goto(`${portal.url}/?person=${personId}`);
    await expect.poll(() => page.locator('gps-person-card').getByRole('heading', { level: 2 }).allTextContents(), { timeout: 15_000 }).toEqual(['Yasmine Haddad']);
    expect(errors).toEqual([]);
  });

  it('la même page servie depuis une origine non déclarée ne peut pas charger le script (CORS)', async () => {
    const page = await open();
    const errors = collectErrors(page);
    await page.goto(`${elsewhere.url}/?person=${personId}`);
    await expect.poll(() => errors.join('\n'), { timeout: 15_000 }).toMatch(/blocked by CORS policy/);
    expect(await page.evaluate(() => customElements.get('gps-person-card') === undefined)).toBe(true);
    expect(await page.locator('gps-person-card').textContent()).toBe('');
  });
});
