/**
 * How an embedding page tells the widgets where GPS is and how to get a token: once, for
 * every widget on the page, with `GPS.configure()` or a `<gps-config>` element.
 */
export type TokenProvider = (options: { forceRefresh: boolean }) => Promise<string>;
export type GpsSettings = { apiBase: string; getToken: TokenProvider };

let settings: GpsSettings | undefined;
let resolveReady: (value: GpsSettings) => void;
let ready = new Promise<GpsSettings>((resolve) => (resolveReady = resolve));

export function configure({ apiBase, getToken }: GpsSettings): void {
  settings = { apiBase: apiBase.replace(/\/+$/, ''), getToken };
  resolveReady(settings);
  ready = Promise.resolve(settings);
  window.dispatchEvent(new CustomEvent('gps-configured'));
}

/** Waits for the page to configure GPS: widgets may be on the page before the configuration. */
export const configured = (): Promise<GpsSettings> => (settings ? Promise.resolve(settings) : ready);

/**
 * A token provider for a portal backend endpoint that answers `{ access_token, expires_in }`
 * (same origin, its session cookie): the token is kept in memory only, until shortly before
 * it expires or the API refuses it.
 */
export function tokenFromEndpoint(url: string): TokenProvider {
  let cached: { token: string; until: number } | undefined;
  return async ({ forceRefresh }) => {
    if (!forceRefresh && cached && cached.until > Date.now()) return cached.token;
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`Jeton indisponible (${response.status}).`);
    const { access_token: token, expires_in: lifetime = 300 } = (await response.json()) as { access_token: string; expires_in?: number };
    cached = { token, until: Date.now() + Math.max(0, lifetime - 30) * 1000 };
    return token;
  };
}
