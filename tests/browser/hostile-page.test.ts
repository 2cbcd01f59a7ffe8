import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '#local/stack.ts';
import { collectErrors, launchChromium } from '#tests/support/browser.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE = 'camille.martin@francetravail.demo';

/** A partner's global stylesheet at its worst: everything red and huge, everything reverted, the card inline. */
const HOSTILE_CSS = `
  * { color: red !important; font-size: 40px !important; all: revert; }
  gps-person-card { display: inline; color: red; }
`;

/** The look of the widgets: inner elements (tag, then a selector in its shadow root), and what to compare. */
const LOOK: [string, string][] = [
  ['gps-person-card', '[part="card"]'],
  ['gps-person-card', '[part="name"]'],
  ['gps-person-card', '.identity'],
  ['gps-person-card', '[part="flags"]'],
  ['gps-person-card', '.badge'],
  ['gps-person-card', 'dt'],
  ['gps-person-card', 'h3'],
  ['gps-referent-list', 'h2'],
  ['gps-referent-list', '[part~="member"]'],
  ['gps-referent-list', '.name'],
  ['gps-referent-list', '.meta'],
  ['gps-referent-list', 'button'],
  ['gps-invite-button', '[part="button"]'],
  ['gps-invite-button', '[part="dialog"] h2'],
  ['gps-invite-button', '[part="dialog"] label'],
  ['gps-invite-button', '[part="dialog"] input'],
  ['gps-action-log', '[part="entry"]'],
  ['gps-action-log', 'label'],
  ['gps-action-log', 'textarea'],
  ['gps-follow-up-list', '[part="item"] button'],
  ['gps-follow-up-list', '.meta'],
  ['gps-join', 'label'],
  ['gps-situation-editor', 'fieldset'],
];
const PROPERTIES = [
  'color',
  'font-size',
  'line-height',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-transform',
  'text-align',
  'display',
  'visibility',
  'background-color',
  'border-top-color',
  'border-top-width',
  'padding-top',
  'margin-bottom',
];

/** The computed styles of each inner element, keyed `tag selector`. */
const look = (page: Page) =>
  page.evaluate(
    ([targets, properties]) =>
      Object.fromEntries(
        targets.map(([tag, selector]) => {
          const element = document.querySelector(tag)?.shadowRoot?.querySelector(selector);
          if (!element) return [`${tag} ${selector}`, 'missing'];
          const style = getComputedStyle(element);
          return [`${tag} ${selector}`, Object.fromEntries(properties.map((property) => [property, style.getPropertyValue(property)]))];
        }),
      ),
    [LOOK, PROPERTIES] as const,
  );

let sheets = 0;
/**
 * Adds a stylesheet the way a portal has one: a file of its own origin (the demo portal's
 * Content-Security-Policy allows no inline style), served here by the test.
 */
async function addStylesheet(page: Page, content: string) {
  const url = `/demo/test-portal-${(sheets += 1)}.css`;
  await page.route(`**${url}`, (route) => route.fulfill({ contentType: 'text/css', body: content }));
  await page.addStyleTag({ url });
}

const inner = (page: Page, tag: string, selector: string, property: string) =>
  page.evaluate(
    ([t, s, p]) => getComputedStyle(document.querySelector(t)!.shadowRoot!.querySelector(s)!).getPropertyValue(p),
    [tag, selector, property] as const,
  );

describe('un portail à la feuille de style hostile ne restyle pas les widgets GPS (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;
  let personId: string;

  const api = async (path: string) => {
    const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(CAMILLE)}`).then((r) => r.json());
    return fetch(`${stack.apiUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
  };

  /** The demo portal showing a person with a referent, every widget loaded. */
  const portal = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.apiUrl}/demo/?email=${encodeURIComponent(CAMILLE)}&person=${personId}`);
    await page.locator('gps-person-card').getByRole('heading', { level: 2 }).waitFor();
    await page.locator('gps-referent-list').locator('[part~="referent"]').waitFor();
    await page.locator('gps-action-log').locator('[part="entry"]').first().waitFor();
    await page.locator('gps-follow-up-list').locator('[part="item"]').first().waitFor();
    await page.locator('gps-situation-editor').locator('fieldset').first().waitFor();
    return page;
  };

  beforeAll(async () => {
    stack = await startLocalStack({ seed: true });
    browser = await launchChromium();
    // A person Camille follows, with a referent (the badge) and actions already noted.
    const mine = (await api('/follow-ups?limit=50')).items as { personId: string }[];
    for (const { personId: candidate } of mine) {
      const members = (await api(`/persons/${candidate}/members`)) as { isReferent: boolean }[];
      const actions = (await api(`/persons/${candidate}/actions`)).items as unknown[];
      if (members.some((m) => m.isReferent) && actions.length > 0) {
        personId = candidate;
        break;
      }
    }
    expect(personId).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('les couleurs, tailles et la mise en page intérieure restent celles du thème malgré « * { … !important; all: revert } »', async () => {
    const page = await portal();
    const errors = collectErrors(page);
    const before = await look(page);
    expect(Object.values(before)).not.toContain('missing');
    expect(before['gps-person-card [part="name"]']).toMatchObject({ color: 'rgb(22, 22, 22)' }); // --gps-color-text's default

    await addStylesheet(page, HOSTILE_CSS);
    // The stylesheet does reach the host elements…
    expect(await page.locator('gps-person-card').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 0, 0)');
    expect(await page.locator('gps-person-card').evaluate((el) => getComputedStyle(el).display)).toBe('inline');
    expect(await page.locator('gps-referent-list').evaluate((el) => getComputedStyle(el).fontSize)).toBe('40px');

    // …and changes nothing inside: the same colours, sizes and layout, element by element.
    const after = await look(page);
    expect(after).toEqual(before);
    expect(after['gps-person-card [part="name"]']).toMatchObject({ color: 'rgb(22, 22, 22)' });
    expect(after['gps-person-card [part="card"]']).toMatchObject({ display: 'block' });
    expect(after['gps-person-card [part="flags"]']).toMatchObject({ display: 'flex' });
    // The portal's own theme (#person sets --gps-color-primary) still applies.
    expect(after['gps-invite-button [part="button"]']).toMatchObject({ 'background-color': 'rgb(106, 27, 154)' });

    // The inline host holds a card as wide as the column, not a line of text.
    const width = await page.locator('gps-person-card').evaluate((el) => el.shadowRoot!.querySelector('[part="card"]')!.getBoundingClientRect().width);
    const column = await page.locator('#widgets').evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(column);

    // Still readable: axe-core on the widgets themselves (the portal's own red text is its business).
    const { violations } = await new AxeBuilder({ page })
      .include('gps-follow-up-list')
      .include('gps-join')
      .include('#widgets')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(violations.map((v) => `${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('les propriétés personnalisées documentées et les ::part s’appliquent toujours', async () => {
    const page = await portal();
    await addStylesheet(page, HOSTILE_CSS);
    await addStylesheet(
      page,
      `
        #person { --gps-color-text: rgb(1, 2, 3); --gps-color-muted: rgb(4, 5, 6); --gps-color-primary: rgb(7, 8, 9); --gps-radius: 3px; --gps-spacing: 10px; }
        gps-referent-list::part(badge) { background-color: rgb(10, 11, 12); }
        gps-person-card::part(name) { text-decoration-line: underline; }
      `,
    );

    expect(await inner(page, 'gps-person-card', '[part="name"]', 'color')).toBe('rgb(1, 2, 3)');
    expect(await inner(page, 'gps-person-card', '.identity', 'color')).toBe('rgb(4, 5, 6)');
    expect(await inner(page, 'gps-person-card', '[part="card"]', 'padding-top')).toBe('10px');
    expect(await inner(page, 'gps-person-card', '[part="card"]', 'border-top-left-radius')).toBe('3px');
    expect(await inner(page, 'gps-invite-button', '[part="button"]', 'background-color')).toBe('rgb(7, 8, 9)');
    expect(await inner(page, 'gps-referent-list', '[part="badge"]', 'background-color')).toBe('rgb(10, 11, 12)');
    expect(await inner(page, 'gps-person-card', '[part="name"]', 'text-decoration-line')).toBe('underline');
  });

  it('la police reste celle de la page, la taille se règle par --gps-font-size', async () => {
    const page = await portal();
    await addStylesheet(page, `${HOSTILE_CSS} * { font-family: Georgia, serif !important; } #person { --gps-font-size: 20px; }`);

    expect(await inner(page, 'gps-person-card', '[part="name"]', 'font-family')).toBe('Georgia, serif');
    expect(await inner(page, 'gps-invite-button', '[part="button"]', 'font-family')).toBe('Georgia, serif');
    expect(await inner(page, 'gps-person-card', '.identity', 'font-size')).toBe('20px');
    expect(await inner(page, 'gps-person-card', '[part="name"]', 'font-size')).toBe('22.5px'); // 1.125em
  });
});
