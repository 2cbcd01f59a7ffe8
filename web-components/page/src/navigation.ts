/**
 * Moving inside the page, without reloading it. The shell (`app.ts`) listens for
 * `gps-page-navigate` on `window`; the views and sections only call `navigate()`, so that
 * nothing imports the shell back.
 */
export const BASE = '/app';

export type Navigation = { flash?: string; replace?: boolean };

export const NAVIGATE = 'gps-page-navigate';

export function navigate(to: string, { flash, replace = false }: Navigation = {}): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new CustomEvent<Navigation>(NAVIGATE, { detail: { ...(flash ? { flash } : {}), replace } }));
}

/** Tells the shell that the requests waiting for me changed (its counter reads them again). */
export const REQUESTS_CHANGED = 'gps-page-requests-changed';
export const requestsChanged = () => window.dispatchEvent(new Event(REQUESTS_CHANGED));

/** Moves the focus to an element that is not focusable by itself (a message, a heading). */
export function focusOn(element: HTMLElement | null | undefined): void {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}
