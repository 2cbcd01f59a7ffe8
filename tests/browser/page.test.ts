import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '#local/stack.ts';
import { collectErrors, expectNoAxeViolations, launchChromium } from '#tests/support/browser.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE = 'camille.martin@francetravail.demo';
const THOMAS = 'thomas.nguyen@envie-rhone.demo';
/** A demo person Camille follows alone. */
const OLIVIER = { lastName: 'Mercier', firstName: 'Olivier', birthDate: '1982-03-03' };
const ARTIFACTS = 'test-results';

describe('la page GPS, avec connexion OpenID Connect (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;

  /** Signs in through the local provider's own login form, as a professional would. */
  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${stack.pageUrl}/`);
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.locator('input[name=login]').fill(email);
    await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.pageUrl}/`);
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    stack = await startLocalStack({ seed: true });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('Thomas demande à rejoindre, Camille accepte, Thomas voit la fiche ; déconnecté, l’API le refuse', async () => {
    const thomas = await signIn(THOMAS);
    const errors = collectErrors(thomas);
    await thomas.getByRole('link', { name: 'Rechercher ou ajouter un bénéficiaire' }).click();
    const join = thomas.locator('gps-join');
    await join.getByLabel('Nom de naissance').fill(OLIVIER.lastName);
    await join.getByLabel('Prénom').fill(OLIVIER.firstName);
    await join.getByLabel('Date de naissance').fill(OLIVIER.birthDate);
    await join.getByRole('button', { name: 'Rechercher' }).click();
    await join.getByLabel(/Motif de votre accompagnement/).fill('Parcours en insertion');
    await join.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
    await expect.poll(() => join.getByText('Votre demande a été envoyée').count()).toBe(1);

    const camille = await signIn(CAMILLE);
    await camille.getByRole('link', { name: 'Demandes à traiter' }).click();
    // The requests' inbox follows the stream (about a second): Camille opens it as the e-mail arrives.
    const accept = camille.getByRole('button', { name: `Accepter la demande de Thomas Nguyen pour Olivier Mercier` });
    await expect.poll(async () => (await accept.count()) || (await camille.reload(), 0), { timeout: 15_000, interval: 1000 }).toBe(1);
    await accept.click();
    await expect.poll(() => camille.getByText('Thomas Nguyen fait maintenant partie du groupe de suivi.').count()).toBe(1);

    await thomas.getByRole('link', { name: 'Mes suivis' }).click();
    await thomas.locator('gps-follow-up-list').getByRole('button', { name: /Olivier Mercier/ }).click();
    await expect.poll(() => thomas.locator('gps-person-card').getByRole('heading', { level: 2 }).textContent()).toBe('Olivier Mercier');

    await thomas.getByRole('button', { name: 'Se déconnecter' }).click();
    await thomas.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    const afterLogout = await thomas.evaluate(async () => ({
      token: (await fetch('/auth/token')).status,
      me: (await fetch('/me')).status,
    }));
    expect(afterLogout).toEqual({ token: 401, me: 401 });
    // The strict CSP of the page refused nothing the page needs.
    expect(errors.filter((error) => /Content Security Policy|Refused to/.test(error))).toEqual([]);
  });

  it('la page de statistiques dessine le graphe social des données de démonstration', async () => {
    await stack.drainStream();
    const page = await signIn(CAMILLE);
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await expect.poll(() => page.locator('gps-page-stats canvas').count()).toBe(4);
    expect(await page.locator('gps-page-stats').getByRole('table').count()).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: `${ARTIFACTS}/statistiques.png`, fullPage: true });
  });

  it('axe-core (WCAG 2.1 A/AA) : zéro violation sur chaque page', async () => {
    const anonymous = await (await browser.newContext()).newPage();
    const response = await anonymous.goto(`${stack.pageUrl}/`);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'self'; script-src 'self'; style-src 'self'");
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');
    await anonymous.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    await expectNoAxeViolations(anonymous, 'connexion');
    for (const path of ['accessibilite', 'mentions-legales', 'donnees-personnelles', 'nimporte-quoi']) {
      await anonymous.goto(`${stack.pageUrl}/${path}`);
      await anonymous.locator('h1').waitFor();
      await expectNoAxeViolations(anonymous, path);
    }

    const page = await signIn(CAMILLE);
    const pages: [string, () => Promise<unknown>][] = [
      ['mes suivis', () => page.locator('gps-follow-up-list').getByRole('listitem').first().waitFor()],
      ['rechercher', () => page.getByRole('link', { name: 'Rechercher ou ajouter un bénéficiaire' }).click()],
      ['demandes', () => page.getByRole('link', { name: 'Demandes à traiter' }).click()],
      ['profil', () => page.getByRole('link', { name: 'Camille Martin' }).click()],
      ['statistiques', async () => {
        await page.getByRole('link', { name: 'Statistiques' }).click();
        await page.locator('gps-page-stats canvas').first().waitFor();
      }],
    ];
    for (const [name, open] of pages) {
      await open();
      await page.locator('main h1').waitFor();
      await expectNoAxeViolations(page, name);
    }
    await page.getByRole('link', { name: 'Mes suivis' }).click();
    await page.locator('gps-follow-up-list').getByRole('button').first().click();
    await page.locator('gps-referent-list').getByRole('listitem').first().waitFor();
    await expectNoAxeViolations(page, 'fiche');
    for (const tab of ['Ce qui a été entrepris', 'Journal des accès']) {
      await page.getByRole('button', { name: tab }).click();
      await page.waitForTimeout(300);
      await expectNoAxeViolations(page, tab);
    }
  });

  it('au clavier seul : chercher une personne et demander à rejoindre, puis accepter la demande', async () => {
    const sophie = await signIn('sophie.lefebvre@ccas-villeurbanne.demo');
    await sophie.getByRole('link', { name: 'Rechercher ou ajouter un bénéficiaire' }).focus();
    await sophie.keyboard.press('Enter');
    await sophie.locator('main h1').waitFor();
    await sophie.locator('gps-join').getByLabel('Nom de naissance').focus();
    await sophie.keyboard.type(OLIVIER.lastName);
    await sophie.keyboard.press('Tab');
    await sophie.keyboard.type(OLIVIER.firstName);
    await sophie.keyboard.press('Tab');
    await sophie.keyboard.type('03031982');
    await sophie.keyboard.press('Enter');
    const reason = sophie.locator('gps-join').getByLabel(/Motif de votre accompagnement/);
    await reason.waitFor();
    await expect.poll(() => reason.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await sophie.keyboard.type('Accompagnement social');
    await sophie.keyboard.press('Enter');
    await expect.poll(() => sophie.locator('gps-join').getByText('Votre demande a été envoyée').count()).toBe(1);

    const camille = await signIn(CAMILLE);
    await camille.getByRole('link', { name: 'Demandes à traiter' }).focus();
    await camille.keyboard.press('Enter');
    const accept = camille.getByRole('button', { name: 'Accepter la demande de Sophie Lefebvre pour Olivier Mercier' });
    await accept.focus();
    await camille.keyboard.press('Enter');
    await expect.poll(() => camille.getByText('Sophie Lefebvre fait maintenant partie du groupe de suivi.').count()).toBe(1);
  });

  it('la session : cookie HttpOnly et SameSite=Strict, rejeu refusé après déconnexion, aucune redirection ouverte', async () => {
    const page = await signIn(CAMILLE);
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'gps_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    const cookie = `gps_session=${session.value}`;
    const token = () => fetch(`${stack.apiUrl}/auth/token`, { headers: { cookie } }).then((r) => r.status);

    expect(await token()).toBe(200);
    expect((await fetch(`${stack.apiUrl}/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect(await token()).toBe(401);
    expect((await fetch(`${stack.apiUrl}/auth/token`, { headers: { cookie: 'gps_session=forge.forge.forge' } })).status).toBe(401);

    const login = await fetch(`${stack.apiUrl}/auth/login?returnTo=${encodeURIComponent('https://pirate.example/app')}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(new RegExp(`^${stack.oidcProvider.issuer}/auth\\?.*code_challenge_method=S256`));
    const state = /gps_login=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    expect(JSON.parse(Buffer.from(state.split('.')[1]!, 'base64url').toString()).returnTo).toBe('/app');

    const forged = await fetch(`${stack.apiUrl}/auth/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/app/?connexion=echec');
  });
});

describe('une connexion qui échoue, une déconnexion qui va jusqu’au fournisseur (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;

  const open = async (width: number): Promise<Page> => (await browser.newContext({ viewport: { width, height: 800 } })).newPage();

  /** Through the provider's own login and consent forms. */
  async function signIn(page: Page, email = CAMILLE) {
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.locator('input[name=login]').fill(email);
    await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  beforeAll(async () => {
    stack = await startLocalStack();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('un state modifié en chemin : la page dit en français ce qui s’est passé et propose de se reconnecter, qui réussit', async () => {
    const page = await open(1280);
    await page.goto(`${stack.pageUrl}/`);
    // Someone rewrites the provider's answer on its way back to GPS. Playwright routes only the
    // first request of a redirect chain: the consent's POST is answered here, its redirects followed by hand.
    const issuer = stack.oidcProvider.issuer;
    await page.route(
      (url) => url.origin === issuer && url.pathname.startsWith('/interaction/'),
      async (route) => {
        if (route.request().method() !== 'POST' || !route.request().postData()?.includes('prompt=consent')) return route.continue();
        const consent = await route.fetch({ maxRedirects: 0 });
        const resume = await page.context().request.get(new URL(consent.headers().location!, issuer).href, { maxRedirects: 0 });
        const callback = new URL(resume.headers().location!);
        expect(callback.href.startsWith(`${stack.apiUrl}/auth/callback?`)).toBe(true);
        callback.searchParams.set('state', 'modifie-en-chemin');
        return route.fulfill({ status: 303, headers: { location: callback.href } });
      },
    );
    await signIn(page);
    await page.waitForURL(`${stack.pageUrl}/?connexion=echec`);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'La connexion n’a pas abouti' }).waitFor();
    expect(await alert.textContent()).toContain('aucune session n’a été ouverte');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);

    await page.unrouteAll();
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    // Back on the page signed in, without the failure's query.
    expect(page.url()).toBe(`${stack.pageUrl}/`);
  });

  it('chaque message d’échec, à 375 px et à 1280 px : lisible, sans défilement horizontal, zéro violation axe-core', async () => {
    const messages = [
      ['echec', 'La connexion n’a pas abouti'],
      ['refusee', 'La connexion a été annulée'],
      ['indisponible', 'ProConnect ne répond pas'],
      ['structure-inconnue', 'Votre structure n’est pas encore connue de GPS'],
    ] as const;
    for (const width of [375, 1280]) {
      const page = await open(width);
      // The real way there for the first: a callback GPS cannot trust (no login cookie, a forged code).
      await page.goto(`${stack.apiUrl}/auth/callback?code=forge&state=forge`);
      await page.waitForURL(`${stack.pageUrl}/?connexion=echec`);
      for (const [query, title] of messages) {
        if (query !== 'echec') await page.goto(`${stack.pageUrl}/?connexion=${query}`);
        const alert = page.getByRole('alert');
        await alert.getByRole('heading', { name: title }).waitFor();
        expect(await alert.getByRole('heading', { name: title }).isVisible()).toBe(true);
        await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await expectNoAxeViolations(page, `connexion=${query} à ${width} px`);
      }
      await page.goto(`${stack.pageUrl}/?connexion=echec`);
      await page.getByRole('alert').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/connexion-echec-${width}.png`, fullPage: true });
    }
  });

  it('« Se déconnecter » sur un poste partagé : la session du fournisseur prend fin aussi, la connexion suivante redemande l’identifiant', async () => {
    const page = await open(1280);
    await page.goto(`${stack.pageUrl}/`);
    await signIn(page);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    // Through the provider's end of session, and back to the page.
    await page.waitForURL(`${stack.pageUrl}/`);
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).click();
    await page.locator('input[name=login]').waitFor();
    expect(page.url()).toMatch(new RegExp(`^${stack.oidcProvider.issuer}/interaction/`));
  });
});
