import { vi } from 'vitest';
import { configure } from '../../web-components/src/core/config.ts';

export const API = 'https://gps.exemple.test';

type Handler = (request: { method: string; path: string; body: any; headers: Record<string, string> }) => { status?: number; body?: unknown };

/**
 * Component tests isolate the widgets from the network: GPS is configured with a token
 * provider that counts its calls, and `fetch` answers from the given routes
 * (`'GET /persons/x'` → handler). Unknown routes answer 404 problem+json.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const tokens: boolean[] = [];
  const calls: { method: string; path: string; body: any; headers: Record<string, string> }[] = [];
  configure({
    apiBase: API,
    getToken: async ({ forceRefresh }) => {
      tokens.push(forceRefresh);
      return forceRefresh ? 'fresh-token' : 'token';
    },
  });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const path = url.slice(API.length);
    const method = init.method ?? 'GET';
    const headers = init.headers as Record<string, string>;
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body, headers });
    const handler = routes[`${method} ${path.split('?')[0]}`];
    const answer = handler ? handler({ method, path, body, headers }) : { status: 404, body: { status: 404, detail: 'Introuvable.' } };
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  return { calls, tokens };
}

/** Puts an element on the page and waits until it has loaded and rendered. */
export async function mount<T extends HTMLElement>(tag: string, attributes: Record<string, string> = {}): Promise<T> {
  const element = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await settle(element);
  return element;
}

export async function settle(element: HTMLElement) {
  for (let i = 0; i < 5; i += 1) {
    await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export const shadow = (element: HTMLElement) => element.shadowRoot!;
export const text = (element: HTMLElement) => shadow(element).textContent!.replace(/\s+/g, ' ').trim();

export function events(element: HTMLElement, name: string) {
  const seen: CustomEvent[] = [];
  document.addEventListener(name, (event) => event.composedPath().includes(element) && seen.push(event as CustomEvent));
  return seen;
}

/** A person as `GET /persons/{id}` returns her. */
export const LEA = {
  id: '01JC0000000000000000000LEA',
  identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' },
  contact: { city: 'Villeurbanne', postcode: '69100', phone: '06 12 34 56 78' },
  situation: { flags: { rsa: true, rqth: false }, barriers: { mobilite: { note: 'Pas de permis B' } } },
  summary: 'Cherche un poste en logistique.',
  version: 3,
};
