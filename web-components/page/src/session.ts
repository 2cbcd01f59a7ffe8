import { call, type Problem } from '../../src/core/api.ts';

export type Me = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  jobTitle?: string;
  organization: { name: string; kind: string; siret: string; departement?: string };
  notifications: { memberJoined: boolean; joinRequested: boolean; referentReplaced: boolean; personNeeds?: boolean };
};

/** Who is signed in: the session cookie answers /auth/token, or nobody is. */
export async function currentUser(): Promise<Me | undefined> {
  const session = await fetch('/auth/token', { credentials: 'same-origin' });
  if (!session.ok) return undefined;
  return (await call<Me>('GET', '/me')).data;
}

/** Where the page is, less the `?connexion=` of a failed sign-in: once signed in, its message has no business coming back. */
function here(): string {
  const search = new URLSearchParams(location.search);
  search.delete('connexion');
  const query = search.toString();
  return `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
}

export const loginUrl = (returnTo = here()) => `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

/**
 * Ends GPS's session, and returns where the browser goes next so that the identity provider's
 * session ends too (its end-session URL, which comes back to the page); `undefined` when the
 * provider has none: GPS's session alone has ended.
 */
export async function logout(): Promise<string | undefined> {
  const response = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  if (!response.ok) return undefined;
  const { endSessionUrl } = (await response.json()) as { loggedOut: boolean; endSessionUrl?: string };
  return endSessionUrl && /^https?:\/\//.test(endSessionUrl) ? endSessionUrl : undefined;
}

export const api = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<T>(method, path, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) }).then(({ data }) => data);

export type { Problem };
