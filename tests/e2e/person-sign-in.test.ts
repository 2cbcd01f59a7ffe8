import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROFESSIONALS } from '#local/demo-data.ts';
import { startLocalStack } from '#local/stack.ts';
import { Navigator } from '#tests/support/navigator.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * A person signs in to their own space through the local provider as through FranceConnect,
 * over real HTTP, against `npm start`'s stack with its demo data: their file is found by their
 * identity, or not at all, and the two sign-ins (professionals', persons') never mix.
 */
describe('la connexion de la personne à son espace (fournisseur local façon FranceConnect, HTTP réel)', () => {
  let stack: Stack;
  let callbackUrl: string;

  beforeAll(async () => {
    stack = await startLocalStack({ seed: true });
    callbackUrl = `${stack.apiUrl}/auth/person/callback`;
  }, 180_000);
  afterAll(() => stack?.stop());

  /** Signs `login` in as a person; returns the browser and a fresh person access token. */
  async function signIn(login: string) {
    const browser = new Navigator();
    const { callback } = await browser.toCallback(`${stack.apiUrl}/auth/person/login`, callbackUrl, login);
    const back = await browser.fetch(callback!);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/app/mon-espace');
    const token = await browser.fetch(`${stack.apiUrl}/auth/person/token`);
    expect(token.status).toBe(200);
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const api = (path: string) => fetch(`${stack.apiUrl}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } });
    return { browser, accessToken, api };
  }

  it('Léa Dubois, « Léa Marie » pour FranceConnect, retrouve son dossier : son référent d’abord, ses actions', async () => {
    const { api } = await signIn('lea.dubois');

    const file = await api('/my-file');

    expect(file.status).toBe(200);
    const body = (await file.json()) as { identity: unknown; team: { email: string; isReferent: boolean }[]; actions: unknown[] };
    expect(body.identity).toEqual({ firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' });
    expect(body.team[0]).toMatchObject({ isReferent: true, email: DEMO_PROFESSIONALS[1]!.email });
    expect(body.actions.length).toBeGreaterThanOrEqual(3);
  });

  it('Aïcha, née Konaté, retrouve le dossier créé sous son nom d’usage (Traoré)', async () => {
    const { api } = await signIn('aicha.traore');
    const file = await api('/my-file');
    expect(file.status).toBe(200);
    expect(((await file.json()) as { identity: { lastName: string } }).identity.lastName).toBe('Traoré');
  });

  it('sans dossier, ou avec une autre date de naissance : un message clair, rien d’autre', async () => {
    for (const login of ['paul.martin', 'lea.dubois-1995']) {
      const { api } = await signIn(login);
      const file = await api('/my-file');
      expect(file.status).toBe(404);
      expect(((await file.json()) as { detail: string }).detail).toMatch(/^Aucun dossier GPS ne correspond à votre identité/);
    }
  });

  it('les deux connexions ne se mêlent pas : la session de la personne ne donne aucun jeton de professionnel, son jeton n’ouvre aucune route des professionnels', async () => {
    const { browser, accessToken } = await signIn('lea.dubois');

    expect((await browser.fetch(`${stack.apiUrl}/auth/token`)).status).toBe(401);
    const lookup = await fetch(`${stack.apiUrl}/persons/lookup`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' }),
    });
    expect(lookup.status).toBe(403);
    expect(((await lookup.json()) as { type: string }).type).toBe('/docs#probleme-wrong-token-kind');
  });

  it('se déconnecter met fin à la session de la personne, jusque chez le fournisseur, et revient à son espace', async () => {
    const { browser } = await signIn('lea.dubois');

    const logout = await browser.fetch(`${stack.apiUrl}/auth/person/logout`, { method: 'POST' });
    const { endSessionUrl } = (await logout.json()) as { endSessionUrl?: string };

    expect((await browser.fetch(`${stack.apiUrl}/auth/person/token`)).status).toBe(401);
    expect(new URL(endSessionUrl!).searchParams.get('post_logout_redirect_uri')).toBe(`${stack.pageUrl}/mon-espace`);
  });
});
