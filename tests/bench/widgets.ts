import { DEMO_PROFESSIONALS } from '#local/demo-data.ts';
import { startLocalStack } from '#local/stack.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import { createPerson } from '#store/persons.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { launchChromium } from '#tests/support/browser.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { median, round } from './stats.ts';
import { sizeOf, type Size } from './sizes.ts';

const BUNDLE = new URL('../../web-components/dist/gps-widgets.js', import.meta.url).pathname;
const LOADS = 5;

/**
 * Runs in the page before any script: notes the first frame where the card shows the
 * person's name (the heading is only rendered once the API has answered). A string, not
 * a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const WATCH_CARD = `
  const watch = () => {
    const name = document.querySelector('gps-person-card')?.shadowRoot?.querySelector('[part="name"]');
    if (name?.textContent?.trim()) window.gpsCardAt = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
`;

export type WidgetFigures = Size & { scriptToCardMs: number; navigationToCardMs: number };

/**
 * The widget bundle's weight, and how long the demo portal of `npm start` (its own stack,
 * as tests/browser/widgets.test.ts opens it) takes from requesting the script to showing
 * a card: script download and start, token, `GET /persons/{id}`, render. Median of
 * fresh browser contexts (empty cache each time).
 */
export async function measureWidgets(): Promise<WidgetFigures> {
  const stack = await startLocalStack();
  const browser = await launchChromium();
  try {
    const claims = ProfessionalClaims.parse(DEMO_PROFESSIONALS[0]);
    const pro = await ensureProfessional(stack.store, claims, { registerOrganization: true });
    const person = await createPerson(stack.store, pro, newPerson(), { reason: 'Accompagnement vers l’emploi' });
    const scriptToCard: number[] = [];
    const navigationToCard: number[] = [];
    for (let load = 0; load < LOADS; load += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript({ content: WATCH_CARD });
      await page.goto(`${stack.apiUrl}/demo/?email=${encodeURIComponent(claims.email)}&person=${person.id}`);
      await page.waitForFunction(() => 'gpsCardAt' in window, undefined, { timeout: 30_000 });
      const times = await page.evaluate(() => ({
        cardAt: (window as unknown as { gpsCardAt: number }).gpsCardAt,
        scriptAt: performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/widgets/gps-widgets.js'))!.startTime,
      }));
      scriptToCard.push(times.cardAt - times.scriptAt);
      navigationToCard.push(times.cardAt);
      await context.close();
    }
    return { ...sizeOf(BUNDLE), scriptToCardMs: round(median(scriptToCard)), navigationToCardMs: round(median(navigationToCard)) };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
