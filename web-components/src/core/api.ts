import { configured, type TokenProvider } from './config.ts';

/** An RFC 9457 problem as the GPS API sends it; `detail` is French. */
export type Problem = { type?: string; title?: string; status: number; detail: string; currentVersion?: number; errors?: { pointer: string; detail: string }[] };

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
}

/** `getToken`: another token than the page's configured one (the GPS page's « Mon espace » calls with the person's). */
export type CallOptions = { body?: unknown; headers?: Record<string, string>; apiBase?: string | undefined; getToken?: TokenProvider };
export type Answer<T> = { data: T; headers: Headers };

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { status: response.status, detail: `Le service GPS ne répond pas normalement (${response.status}).` };
  }
}

/**
 * One call to the GPS API with the page's token. A 401 means the token expired or was
 * revoked: the provider is asked for a fresh one, and the call is made once more.
 */
export async function call<T>(method: string, path: string, { body, headers = {}, apiBase, getToken }: CallOptions = {}): Promise<Answer<T>> {
  const settings = await configured();
  const token = getToken ?? settings.getToken;
  const send = async (forceRefresh: boolean) =>
    fetch(`${apiBase ?? settings.apiBase}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${await token({ forceRefresh })}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  let response: Response;
  try {
    response = await send(false);
    if (response.status === 401) response = await send(true);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError({ status: 0, detail: 'Le service GPS est injoignable. Vérifiez votre connexion et réessayez.' });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}
