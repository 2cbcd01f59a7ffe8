import { ApiError, call } from '../../src/core/api.ts';
import type { TokenProvider } from '../../src/core/config.ts';

/**
 * The session of the person followed, in « Mon espace »: their own cookie (FranceConnect in
 * production, the demo provider locally), apart from the professionals' (`session.ts`). The
 * access token lives in memory only, like the professionals' one; every call of « Mon
 * espace » carries it, never the professional's.
 */
const TOKEN_URL = '/auth/person/token';

let cached: { token: string; until: number } | undefined;

/** The person's token, fresh from their session cookie; a 401 ApiError once no session is open. */
export const personToken: TokenProvider = async ({ forceRefresh }) => {
  if (!forceRefresh && cached && cached.until > Date.now()) return cached.token;
  const response = await fetch(TOKEN_URL, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    cached = undefined;
    throw new ApiError({
      status: response.status === 401 ? 401 : 0,
      detail: response.status === 401 ? 'Votre connexion est terminée. Connectez-vous pour voir votre espace.' : 'Le service GPS ne répond pas. Réessayez dans quelques minutes.',
    });
  }
  const { access_token: token, expires_in: lifetime = 300 } = (await response.json()) as { access_token: string; expires_in?: number };
  cached = { token, until: Date.now() + Math.max(0, lifetime - 30) * 1000 };
  return token;
};

/** A call of « Mon espace », with the person's token. */
export const personApi = <T>(method: string, path: string, body?: unknown) =>
  call<T>(method, path, { ...(body === undefined ? {} : { body }), getToken: personToken }).then(({ data }) => data);

/** Where « S’identifier avec FranceConnect » goes: back to the same place of « Mon espace » once signed in. */
export const personLoginUrl = (returnTo: string) => `/auth/person/login?returnTo=${encodeURIComponent(returnTo)}`;

/**
 * Tells the shell whether a person is signed in (its header then offers « Se déconnecter »).
 * « Mon espace » says it once it knows.
 */
export const PERSON_CHANGED = 'gps-page-person-changed';
let signedIn = false;
export const personSignedIn = () => signedIn;
export function setPersonSignedIn(value: boolean): void {
  if (value === signedIn) return;
  signedIn = value;
  window.dispatchEvent(new Event(PERSON_CHANGED));
}

/**
 * Ends the person's session, then the provider's when it has an end-session URL (the browser
 * goes there, and comes back to the page): on a shared computer, the next person signs in anew.
 */
export async function personLogout(): Promise<string | undefined> {
  cached = undefined;
  const response = await fetch('/auth/person/logout', { method: 'POST', credentials: 'same-origin' });
  signedIn = false;
  if (!response.ok) return undefined;
  const { endSessionUrl } = (await response.json().catch(() => ({}))) as { endSessionUrl?: string };
  return endSessionUrl && /^https?:\/\//.test(endSessionUrl) ? endSessionUrl : undefined;
}

/** « Se déconnecter » in « Mon espace »: the sessions end, and the page comes back to the landing of « Mon espace ». */
export async function leavePersonSpace(): Promise<void> {
  const endSessionUrl = await personLogout();
  location.assign(endSessionUrl ?? '/app/mon-espace');
}
