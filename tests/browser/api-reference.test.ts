import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { apiReference } from '#local/api-reference.ts';
import { collectErrors, launchChromium, startHttpServer } from '#tests/support/browser.ts';

/** The reference as `npm start` and CloudFront serve it: the page, its files and the document, under the page's CSP. */
describe('la référence de l’API (/docs)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    const endpoint = apiReference();
    server = await startHttpServer(async (request, response) => {
      if (!(await endpoint(request, response))) response.writeHead(404).end();
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('une intégratrice lit chaque route avec ses paramètres décrits et ses réponses, suit le lien d’un type d’erreur, sans rien de refusé par la CSP', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    // The `type` of a 412 problem: `/docs#probleme-stale-version`.
    const response = await page.goto(`${server.url}/docs#probleme-stale-version`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    // Swagger UI replaced the plain rendering: one block per operation.
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.gps-plain').count()).toBe(0);
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    // The anchor is still where the browser shows it, though the reference was drawn above it.
    const inView = () => page.locator('#probleme-stale-version').evaluate((node) => node.getBoundingClientRect().top >= 0 && node.getBoundingClientRect().bottom <= window.innerHeight);
    await expect.poll(inView).toBe(true);

    const followUps = page.locator('#operations-Moi-getFollowUps');
    await followUps.getByRole('button').first().click();
    await expect.poll(() => followUps.locator('.parameters').innerText()).toContain('Curseur opaque');
    expect(await followUps.locator('.parameters').innerText()).toContain('mes demandes en attente');
    expect(await followUps.locator('.responses-wrapper').innerText()).toContain('"items"');
    // The named views are listed.
    expect(await page.locator('.models').innerText()).toContain('Member');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sans JavaScript, la même référence se lit en HTML simple', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/docs`);
    expect(await page.locator('.gps-plain article').count()).toBeGreaterThan(20);
    expect(await page.getByRole('heading', { level: 2, name: 'Erreurs (RFC 9457)' }).count()).toBe(1);
    await context.close();
  });
});
