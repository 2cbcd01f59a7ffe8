import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '@playwright/test';
import { apiReference } from '#local/api-reference.ts';
import { legalPagesEndpoint } from '#local/legal-pages.ts';
import { expectNoAxeViolations, launchChromium, startHttpServer } from '#tests/support/browser.ts';
import { legalPages } from '../../functions/legal/pages.ts';
import { KNOWN_NON_CONFORMITIES, legalSettingsFrom } from '../../functions/legal/settings.ts';

const OPERATOR = JSON.stringify({
  publisher: { name: 'GIP Inclusion Rhône', address: '10 place Bellecour, 69002 Lyon', email: 'contact@gps.rhone.fr', publicationDirector: 'Claire Bernard, directrice' },
  dataProtection: { controller: 'GIP Inclusion Rhône', dpoEmail: 'dpo@gps.rhone.fr', dpoAddress: 'DPO, 10 place Bellecour, 69002 Lyon' },
  accessibility: { status: 'partiellement conforme', statementDate: '2027-03-01', audit: { date: '2027-02-15', by: 'Access42', rate: 87.5 }, contactEmail: 'accessibilite@gps.rhone.fr' },
});

describe('les pages légales, servies par GPS', () => {
  it('disent qui édite GPS, qui joindre pour ses données, et l’état d’accessibilité, d’après GPS_LEGAL', () => {
    const pages = legalPages(legalSettingsFrom(OPERATOR));
    expect(pages['/mentions-legales']).toContain('GIP Inclusion Rhône<br>10 place Bellecour, 69002 Lyon');
    expect(pages['/mentions-legales']).toContain('Claire Bernard, directrice');
    expect(pages['/donnees-personnelles']).toContain('href="mailto:dpo@gps.rhone.fr"');
    const accessibility = pages['/accessibilite'];
    expect(accessibility).toContain('<strong>partiellement conforme</strong>');
    expect(accessibility).toContain('établie le 1er mars 2027');
    expect(accessibility).toContain('réalisé le 15 février 2027 par Access42 révèle que 87,5 %');
    expect(accessibility).toContain('href="mailto:accessibilite@gps.rhone.fr"');
    expect(accessibility).toContain(KNOWN_NON_CONFORMITIES[0]!.slice(0, 40));
    expect(Object.values(pages).join('')).not.toMatch(/Informations d’exemple|·/);
  });

  it('sans GPS_LEGAL, annoncent des coordonnées d’exemple et une déclaration « non conforme » faute d’audit', () => {
    const pages = legalPages(legalSettingsFrom(undefined));
    for (const html of Object.values(pages)) expect(html).toContain('Informations d’exemple');
    expect(pages['/accessibilite']).toContain('<strong>non conforme</strong>');
    expect(() => legalSettingsFrom('{"accessibility":{"statementDate":"hier"}}')).toThrow(/GPS_LEGAL\.accessibility\.statementDate : Date attendue/);
  });

  describe('dans Chromium', () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof startHttpServer>>;
    beforeAll(async () => {
      const endpoints = [legalPagesEndpoint(legalSettingsFrom(undefined)), apiReference()];
      server = await startHttpServer(async (request, response) => {
        for (const endpoint of endpoints) if (await endpoint(request, response)) return;
        response.writeHead(404).end();
      });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('chaque page a sa CSP, se lit au clavier, sans violation axe et sans défilement horizontal à 375 comme à 1 280 pixels', async () => {
      for (const width of [375, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 800 } });
        const page = await context.newPage();
        for (const path of ['/mentions-legales', '/donnees-personnelles', '/accessibilite']) {
          const response = await page.goto(`${server.url}${path}`);
          expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
          // One layout and the same building blocks (headings, lists, addresses, the notice) on each page: axe on the
          // longest one, on the narrow screen, keeps the file to a few seconds.
          if (width === 375 && path === '/accessibilite') await expectNoAxeViolations(page, `${path} à ${width} px`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} à ${width} px`).toBe(true);
        }
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
        await context.close();
      }
    });
  });
});
