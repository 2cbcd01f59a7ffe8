import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStack } from '#local/stack.ts';
import { Navigator } from '#tests/support/navigator.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE = 'camille.martin@francetravail.demo';
const FAILED = '/app/?connexion=echec';

/** What GPS's logger writes while `act` runs (Powertools writes on stdout and stderr). */
async function logsOf<T>(act: () => Promise<T>): Promise<{ result: T; entries: Record<string, unknown>[]; lines: string[] }> {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.includes('"service":"gps"')));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const result = await act();
    return { result, entries: lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('la connexion à la page GPS qui échoue, et la déconnexion jusque chez le fournisseur (npm start, HTTP réel)', () => {
  let stack: Stack;
  let callbackUrl: string;

  beforeAll(async () => {
    stack = await startLocalStack();
    callbackUrl = `${stack.apiUrl}/auth/callback`;
  }, 120_000);
  afterAll(() => stack?.stop());

  const signInUpToCallback = async (browser = new Navigator(), options: { stopAtLogin?: boolean } = {}) => ({
    browser,
    ...(await browser.toCallback(`${stack.apiUrl}/auth/login`, callbackUrl, CAMILLE, options)),
  });

  /** A failure: back to the page with the query the page explains, no session, one warning that says why without the secrets of the exchange. */
  function expectFailure(response: Response, logs: Awaited<ReturnType<typeof logsOf>>, location: string, reason: string, secrets: string[]) {
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(location);
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('gps_session=') && !cookie.startsWith('gps_session=;'))).toBe(false);
    const warnings = logs.entries.filter((entry) => entry.message === 'sign_in_failed');
    expect(warnings).toEqual([expect.objectContaining({ level: 'WARN', failure: reason })]);
    expect(logs.entries.filter((entry) => entry.message === 'request_failed')).toEqual([]);
    for (const secret of [CAMILLE, ...secrets]) expect(logs.lines.join('\n')).not.toContain(secret);
  }

  it('un state modifié en chemin : retour à la page avec le message, pas de 500, un avertissement', async () => {
    const { browser, callback } = await signInUpToCallback();
    const code = callback!.searchParams.get('code')!;
    const tampered = new URL(callback!);
    tampered.searchParams.set('state', `${callback!.searchParams.get('state')}x`);

    const logs = await logsOf(() => browser.fetch(tampered));

    expectFailure(logs.result, logs, FAILED, 'response_invalid', [code, tampered.searchParams.get('state')!]);
    expect(logs.entries.find((entry) => entry.message === 'sign_in_failed')).toMatchObject({ step: 'callback', error: 'ClientError' });
  });

  it('un code rejoué (une vraie connexion, puis la même adresse de retour) : refusé sans 500, un avertissement', async () => {
    const { browser, callback } = await signInUpToCallback();
    const login = browser.jar(stack.apiUrl).get('gps_login')!;
    const first = await browser.fetch(callback!);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/app');
    const session = first.headers.getSetCookie().find((cookie) => cookie.startsWith('gps_session='))!;
    // The ID token rides in the session cookie, for the logout: it stays under the 4 KB browsers keep.
    expect(session.length).toBeLessThan(4096);

    // The same browser (or whoever copied its cookie and the address) comes back with the same code.
    browser.jar(stack.apiUrl).set('gps_login', login);
    const logs = await logsOf(() => browser.fetch(callback!));

    expectFailure(logs.result, logs, FAILED, 'code_rejected', [callback!.searchParams.get('code')!, callback!.searchParams.get('state')!]);
    expect(logs.entries.find((entry) => entry.message === 'sign_in_failed')).toMatchObject({ error: 'ResponseBodyError', oauthError: 'invalid_grant' });
  });

  it('sans le cookie de connexion (expiré, ou un autre navigateur) : le message, un avertissement', async () => {
    const { browser, callback } = await signInUpToCallback();
    browser.jar(stack.apiUrl).delete('gps_login');

    const logs = await logsOf(() => browser.fetch(callback!));

    expectFailure(logs.result, logs, FAILED, 'login_missing', [callback!.searchParams.get('code')!]);
  });

  it('le fournisseur répond par une erreur (connexion annulée) : le message qui le dit, un avertissement', async () => {
    const browser = new Navigator();
    await browser.fetch(`${stack.apiUrl}/auth/login`);

    const logs = await logsOf(() => browser.fetch(`${callbackUrl}?error=access_denied&error_description=${encodeURIComponent('camille a refusé')}&state=abc`));

    expectFailure(logs.result, logs, '/app/?connexion=refusee', 'provider_error', ['camille a refusé']);
    expect(logs.entries.find((entry) => entry.message === 'sign_in_failed')).toMatchObject({ oauthError: 'access_denied' });
  });

  it('« Se déconnecter » met fin aussi à la session du fournisseur : la connexion suivante redemande l’identifiant', async () => {
    const { browser, callback, askedLogin } = await signInUpToCallback();
    expect(askedLogin).toBe(true);
    expect((await browser.fetch(callback!)).headers.get('location')).toBe('/app');
    expect((await browser.fetch(`${stack.apiUrl}/auth/token`)).status).toBe(200);

    const logout = await browser.fetch(`${stack.apiUrl}/auth/logout`, { method: 'POST' });
    expect(logout.status).toBe(200);
    const { loggedOut, endSessionUrl } = (await logout.json()) as { loggedOut: boolean; endSessionUrl?: string };
    expect(loggedOut).toBe(true);
    expect((await browser.fetch(`${stack.apiUrl}/auth/token`)).status).toBe(401);
    const endSession = new URL(endSessionUrl!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${stack.oidcProvider.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.pageUrl}/`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The page goes there; the local provider signs out at once (its form submits itself) and sends back to the page.
    const confirm = await browser.fetch(endSession);
    expect(confirm.status).toBe(200);
    const back = await browser.submit(endSession, await confirm.text(), {});
    expect(back.href).toBe(`${stack.pageUrl}/`);

    const again = await signInUpToCallback(browser, { stopAtLogin: true });
    expect(again.askedLogin).toBe(true);
  });

  it('sans déconnexion, le fournisseur reconnaît la session (ce que le test précédent vérifie qu’on défait)', async () => {
    const { browser, callback } = await signInUpToCallback();
    await browser.fetch(callback!);
    expect((await signInUpToCallback(browser)).askedLogin).toBe(false);
  });

  // Last: it stops the provider.
  it('le fournisseur injoignable pendant l’échange du code : le message qui le dit, un avertissement, pas de 500', async () => {
    const { browser, callback } = await signInUpToCallback();
    await stack.oidcProvider.stop();

    const logs = await logsOf(() => browser.fetch(callback!));

    expectFailure(logs.result, logs, '/app/?connexion=indisponible', 'provider_unreachable', [callback!.searchParams.get('code')!]);
    expect(logs.entries.find((entry) => entry.message === 'sign_in_failed')).toMatchObject({ error: 'TypeError' });
  });
});
