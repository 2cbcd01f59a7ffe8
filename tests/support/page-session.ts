import type { Browser, BrowserContext, Page } from '@playwright/test';
import axe from 'axe-core';
import { expect } from 'vitest';
import type { Stack } from './stack.ts';

/**
 * What the GPS page's browser tests share (page.test.ts, person-space.test.ts, widgets.test.ts):
 * the demo portal's API calls, the provider's sign-in, and how a view is read once drawn.
 */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 800 };

/** A demo professional's call with the demo portal's token: to prepare a test's data, or read what the page should show. */
export async function callAs(stack: Stack, email: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(email)}`).then((r) => r.json());
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** Through ProConnect's button, the provider's own login and consent forms, as a professional would. */
export async function signInWithProConnect(page: Page, email: string) {
  await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
  await page.locator('input[name=login]').fill(email);
  await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** A fresh context, nobody signed in, in French. */
export async function anonymous(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  return { context, page: await context.newPage() };
}

/** What has the focus, through the widgets' shadow roots. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return { tag: element?.tagName.toLowerCase(), id: element?.id, text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim(), outline: element ? getComputedStyle(element).outlineStyle : '' };
  });

/** The view drawn: its title there, nothing still loading. */
export async function settled(page: Page) {
  await page.locator('main h1').waitFor();
  await expect.poll(async () => (await page.locator('[aria-busy="true"]').count()) + (await page.getByText(/^Chargement/).count()), { interval: 50, timeout: 15_000 }).toBe(0);
  await page.waitForTimeout(100);
}

/**
 * axe-core (WCAG 2.0/2.1 A and AA), as `expectNoAxeViolations` runs it, but injected once
 * per loaded document and asked for violations only: the page moves between views without
 * reloading, and a run costs a fraction of a fresh AxeBuilder's.
 */
export async function axeCheck(page: Page, state: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((results) => results.violations.map((v) => `${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)),
  );
  expect(violations.map((violation) => `${state}: ${violation}`)).toEqual([]);
}

/** Moves inside the page as its links do, without reloading it. */
export const within = (page: Page, path: string) =>
  page.evaluate((to) => {
    history.pushState(null, '', to);
    window.dispatchEvent(new CustomEvent('gps-page-navigate', { detail: {} }));
  }, `/app${path}`);

export const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
