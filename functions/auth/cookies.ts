/** The few cookie rules GPS needs; the session cookie is HttpOnly, so no script can read it. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export type CookieOptions = { maxAgeSeconds: number; secure: boolean; sameSite: 'Strict' | 'Lax' };

/** Scoped to `/auth`: the API never sees the cookie, only the auth function does. */
export const setCookie = (name: string, value: string, { maxAgeSeconds, secure, sameSite }: CookieOptions) =>
  [`${name}=${encodeURIComponent(value)}`, 'Path=/auth', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', `SameSite=${sameSite}`, ...(secure ? ['Secure'] : [])].join('; ');

export const clearCookie = (name: string, secure: boolean) => setCookie(name, '', { maxAgeSeconds: 0, secure, sameSite: 'Lax' });
