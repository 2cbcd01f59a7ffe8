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

  it('une intégratrice est prévenue en français que les commandes de Swagger UI sont en anglais, marquées comme telles ; les descriptions restent en français', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    const note = page.locator('#gps-reference-langue');
    await expect.poll(() => note.isVisible()).toBe(true);
    expect(await note.innerText()).toContain('Try it out (essayer)');
    expect(await note.locator('[lang="en"]').allTextContents()).toContain('Try it out');

    const followUps = page.locator('#operations-Moi-getFollowUps');
    /** The language a screen reader reads a node of the operation in: its closest `lang`. */
    const langOf = (selector: string) => followUps.locator(selector).first().evaluate((node) => node.closest('[lang]')?.getAttribute('lang'));
    await followUps.getByRole('button').first().click();
    await expect.poll(() => langOf('.try-out__btn')).toBe('en');
    expect(await langOf('.opblock-section-header h4')).toBe('en');
    expect(await langOf('table.parameters thead')).toBe('en');
    expect(await langOf('.responses-table thead')).toBe('en');
    expect(await langOf('table.parameters tbody .parameters-col_description')).toBe('fr');
    expect(await langOf('.opblock-summary-description')).toBe('fr');
    // What Swagger UI draws later is marked too: « Try it out » brings « Execute ».
    await followUps.locator('.try-out__btn').click();
    await expect.poll(() => langOf('.btn.execute')).toBe('en');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.close();
  });

  it('sans JavaScript, la même référence se lit en HTML simple', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/docs`);
    expect(await page.locator('.gps-plain article').count()).toBeGreaterThan(20);
    expect(await page.getByRole('heading', { level: 2, name: 'Erreurs (RFC 9457)' }).count()).toBe(1);
    // No Swagger UI, no English controls: the note about them stays hidden.
    expect(await page.locator('#gps-reference-langue').isVisible()).toBe(false);
    await context.close();
  });
});
