/**
 * Takes the README's screenshots of the page and the demo portal, with the demo data, in
 * Debian's Chromium: `npm run build:widgets && npx tsx scripts/readme-screenshots.ts`.
 * Writes docs/page-connexion-telephone.png (the signed-out home with the ProConnect button,
 * 375 px), docs/page-fiche-bureau.png (1280 px), docs/page-fiche-telephone.png (375 px),
 * docs/page-statistiques.png, docs/page-statistiques-publiques.png (signed out, 1280 px),
 * docs/widgets-demo-portal.png and docs/mon-espace-telephone.png (« Mon espace » of Léa
 * Dubois, signed in as a person, 375 px). It starts its own stack (no `npm start` needed).
 */
import { startLocalStack } from '#local/stack.ts';
import { launchChromium } from '#tests/support/browser.ts';

const CAMILLE = 'camille.martin@francetravail.demo';
const LEA = { lastName: 'Dubois', firstName: 'Léa', birthDate: '1994-03-12' };

const stack = await startLocalStack({ seed: true });
const browser = await launchChromium();
try {
  await stack.drainStream();
  // Signed out, on a phone: the sign-in with ProConnect's button, and the public statistics.
  const visitor = await (await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'fr-FR' })).newPage();
  await visitor.goto(`${stack.pageUrl}/`);
  await visitor.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
  await visitor.waitForTimeout(300);
  await visitor.screenshot({ path: 'docs/page-connexion-telephone.png', fullPage: false });
  await visitor.setViewportSize({ width: 1280, height: 900 });
  await visitor.goto(`${stack.pageUrl}/statistiques-publiques`);
  await visitor.locator('gps-page-public-stats canvas').nth(1).waitFor();
  await visitor.mouse.move(0, 0);
  await visitor.waitForTimeout(300);
  await visitor.screenshot({ path: 'docs/page-statistiques-publiques.png', fullPage: true });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${stack.pageUrl}/`);
  await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
  await page.locator('input[name=login]').fill(CAMILLE);
  await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${stack.pageUrl}/`);

  const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(CAMILLE)}`).then((r) => r.json());
  const { personId } = await fetch(`${stack.apiUrl}/persons/lookup`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(LEA),
  }).then((r) => r.json());

  const fiche = async (width: number, height: number, path: string) => {
    await page.setViewportSize({ width, height });
    await page.goto(`${stack.pageUrl}/personnes/${personId}`);
    await page.locator('gps-referent-list').getByRole('listitem').first().waitFor();
    await page.locator('gps-referent-list').getByRole('button', { name: 'Afficher les coordonnées de Karim Benali' }).click();
    await page.locator('gps-referent-list [part="contact"]').waitFor();
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path, fullPage: width < 600 ? false : true });
  };
  await fiche(1280, 900, 'docs/page-fiche-bureau.png');
  await fiche(375, 812, 'docs/page-fiche-telephone.png');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.pageUrl}/statistiques`);
  await page.locator('gps-page-stats canvas').nth(3).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/page-statistiques.png', fullPage: true });

  const portal = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await portal.goto(`${stack.apiUrl}/demo/?email=${encodeURIComponent(CAMILLE)}&person=${personId}`);
  await portal.locator('gps-referent-list').getByRole('listitem').first().waitFor();
  await portal.locator('gps-referent-list').getByRole('button', { name: /Afficher les coordonnées de/ }).first().click();
  await portal.locator('gps-action-log [part="entry"]').first().waitFor();
  await portal.waitForTimeout(300);
  await portal.screenshot({ path: 'docs/widgets-demo-portal.png', fullPage: true });

  // « Mon espace », as Léa Dubois sees it on her phone, signed in through the FranceConnect-like provider.
  const person = await (await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'fr-FR' })).newPage();
  await person.goto(`${stack.pageUrl}/mon-espace`);
  await person.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
  await person.locator('input[name=login]').fill('lea.dubois');
  await person.locator('input[name=password]').fill('mot-de-passe-de-demo');
  await person.getByRole('button', { name: 'Sign-in' }).click();
  await person.getByRole('button', { name: 'Continue' }).click();
  await person.waitForURL(`${stack.pageUrl}/mon-espace`);
  await person.locator('.gps-members li').first().waitFor();
  await person.evaluate(() => window.scrollTo(0, 0));
  await person.mouse.move(0, 0);
  await person.waitForTimeout(300);
  await person.screenshot({ path: 'docs/mon-espace-telephone.png', fullPage: false });
} finally {
  await browser.close();
  await stack.stop();
}
