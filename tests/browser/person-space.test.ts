import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import type { TrustedIssuerRegistration } from '#domain/federation.ts';
import { DEMO_PERSON_ACCOUNTS, DEMO_PROFESSIONALS } from '#local/demo-data.ts';
import { createDevIssuer, type DevIssuer } from '#local/dev-issuer.ts';
import { startLocalStack } from '#local/stack.ts';
import { collectErrors, launchChromium, startHttpServer } from '#tests/support/browser.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;
type Served = Awaited<ReturnType<typeof startHttpServer>>;
type Login = (typeof DEMO_PERSON_ACCOUNTS)[number]['login'];

const [CAMILLE, KARIM, SOPHIE, THOMAS] = DEMO_PROFESSIONALS.map((pro) => pro.email) as [string, string, string, string];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };
const LEA_PIVOT = DEMO_PERSON_ACCOUNTS.find((person) => person.login === 'lea.dubois')!;

/** A département's personal space, registered to assert persons: it embeds `<gps-my-team>` on its own origin. */
const PORTAL_ISSUER = 'https://mon-espace.rhone.exemple.fr';

/**
 * The plain-language check of « Mon espace » (README, « L’espace de la personne »): what a
 * view says, sentence by sentence. Short sentences; no word of the trade, or only beside its
 * explanation; no median-dot forms; French dates and phone numbers.
 */
const MAX_WORDS = 25;
const JARGON: { word: RegExp; unless?: RegExp }[] = [
  { word: /référent de parcours/i },
  { word: /\bréférents?\b/i, unless: /coordonne (?:votre|maintenant votre) accompagnement/ },
  { word: /\bJSON\b/, unless: /avec un autre logiciel/ },
  { word: /\bfreins?\b/i },
  { word: /périphériques?/i },
  { word: /\bRGPD\b/ },
  { word: /\bSIRET\b/i },
  { word: /\baudit\b/i },
  { word: /groupe de suivi/i },
  { word: /\bmembres?\b/i },
  { word: /\bHMAC\b/ },
  { word: /\bjeton\b/i },
  { word: /\burn:/ },
];
function plainLanguageProblems(view: string, text: string): string[] {
  const problems: string[] = [];
  const sentences = text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  for (const sentence of sentences) {
    const words = sentence.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (words.length > MAX_WORDS) problems.push(`${view} : phrase de ${words.length} mots : « ${sentence} »`);
  }
  for (const { word, unless } of JARGON) if (word.test(text) && !(unless && unless.test(text))) problems.push(`${view} : jargon ${word} sans explication`);
  for (const dotted of text.match(/\p{L}·\p{L}+/gu) ?? []) problems.push(`${view} : point médian « ${dotted} »`);
  for (const wrong of text.match(/\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/g) ?? []) problems.push(`${view} : « ${wrong} » au lieu de « 1er »`);
  for (const phone of text.match(/\b0\d{9}\b/g) ?? []) problems.push(`${view} : numéro illisible ${phone}`);
  return problems;
}

/**
 * « Mon espace », the person's own space in the GPS page, against `npm start`'s stack and its
 * demo data: the demo persons sign in through the local provider as through FranceConnect
 * (their login, any password). One stack and one browser for the file; the tests run in this
 * order, each on what the demo data hold or what it makes itself.
 */
describe('« Mon espace » : la personne accompagnée dans la page GPS (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;
  let portalIssuer: DevIssuer;
  let jwks: Served;
  let portal: Served;
  let leaId: string;
  const people = new Map<string, Page>();

  /** A demo professional's call through the demo portal's token (to read what the page should show). */
  const pro = async (email: string, method: string, path: string, body?: unknown) => {
    const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(email)}`).then((r) => r.json());
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  /** A demo person's call with a person token of the demo portal. */
  const person = async (login: Login, path: string) => {
    const { access_token: token } = await fetch(`${stack.apiUrl}/dev/person-token?login=${login}`).then((r) => r.json());
    const response = await fetch(`${stack.apiUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  const mails = async () => {
    await stack.drainStream();
    return ((await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json())) as { emails: { subject: string; destination: { to: string[] } }[] }).emails;
  };

  /** Through the FranceConnect button, the provider's login and consent forms, as the person would. */
  async function signInAsPerson(page: Page, login: Login) {
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.pageUrl}/mon-espace`);
  }

  /** The person's « Mon espace », signed in once for the file, at the part and size asked. */
  async function as(login: Login, part = '', viewport = DESKTOP): Promise<Page> {
    let page = people.get(login);
    if (!page) {
      page = await (await browser.newContext({ viewport, locale: 'fr-FR' })).newPage();
      await page.goto(`${stack.pageUrl}/mon-espace`);
      await signInAsPerson(page, login);
      people.set(login, page);
    }
    await page.setViewportSize(viewport);
    await page.goto(`${stack.pageUrl}/mon-espace${part}`);
    await settled(page);
    return page;
  }

  /** A professional on the page, signed in through the provider's forms. */
  async function asProfessional(email: string, path: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' })).newPage();
    await page.goto(`${stack.pageUrl}${path}`);
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
    await page.locator('input[name=login]').fill(email);
    await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.pageUrl}${path}`);
    return page;
  }

  const anonymous = async (viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, locale: 'fr-FR' });
    return { context, page: await context.newPage() };
  };

  /** The view drawn: its title there, nothing still loading. */
  async function settled(page: Page) {
    await page.locator('main h1').waitFor();
    await expect.poll(async () => (await page.locator('[aria-busy="true"]').count()) + (await page.getByText(/^Chargement/).count()), { interval: 50, timeout: 15_000 }).toBe(0);
    await page.waitForTimeout(100);
  }

  /** axe-core (WCAG 2.0/2.1 A and AA), injected once per loaded document, violations only. */
  async function axeCheck(page: Page, state: string) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const violations = await page.evaluate(() =>
      (window as unknown as { axe: typeof axe }).axe
        .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
        .then((results) => results.violations.map((v) => `${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)),
    );
    expect(violations.map((violation) => `${state}: ${violation}`)).toEqual([]);
  }

  /** Moves inside the page as its links do, without reloading it. */
  const within = (page: Page, path: string) =>
    page.evaluate((to) => {
      history.pushState(null, '', to);
      window.dispatchEvent(new CustomEvent('gps-page-navigate', { detail: {} }));
    }, `/app${path}`);

  const fitsTheWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  /** What has the focus, through the widgets' shadow roots. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return { tag: element?.tagName.toLowerCase(), id: element?.id, text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim(), outline: element ? getComputedStyle(element).outlineStyle : '' };
    });

  /** Presses Tab (or Shift+Tab) until the focus is on what `wanted` names: the keyboard alone, no pointer, no `focus()`. */
  async function tabTo(page: Page, wanted: RegExp, { back = false, max = 80 } = {}) {
    // The document itself (focus nowhere yet, or Tab past the last element) names nothing, whatever its text says.
    const on = (now: Awaited<ReturnType<typeof focused>>) => now.tag !== 'body' && (wanted.test(now.text) || wanted.test(`#${now.id}`));
    const already = await focused(page);
    if (on(already)) return already;
    for (let press = 0; press < max; press += 1) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const now = await focused(page);
      if (on(now)) return now;
    }
    throw new Error(`${wanted} n’a pas reçu le focus en ${max} appuis sur Tab`);
  }

  /** The person portal's pages: `<gps-my-team>` and `<gps-my-needs>`, a token from its backend for `?personne=`. */
  const portalPages = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://portail');
    if (url.pathname === '/jeton-gps') {
      const account = DEMO_PERSON_ACCOUNTS.find((candidate) => candidate.login === url.searchParams.get('personne'));
      if (!account) return void response.writeHead(401).end();
      const { login, email, ...pivot } = account;
      const token = await portalIssuer.mintPerson(pivot, { lifetimeSeconds: 600 });
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ access_token: token, expires_in: 600 }));
      return;
    }
    if (url.pathname !== '/') return void response.writeHead(404).end();
    const login = url.searchParams.get('personne') ?? '';
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="${url.searchParams.get('lang') ?? 'fr'}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Mon espace personnel — Département du Rhône</title>
    <link rel="icon" href="data:," />
    <script type="module" src="${stack.apiUrl}/widgets/gps-widgets.js"></script>
  </head>
  <body>
    <main>
      <h1>Mon espace personnel</h1>
      <gps-config api-base="${stack.apiUrl}" token-url="/jeton-gps?personne=${encodeURIComponent(login)}"></gps-config>
      <gps-my-team></gps-my-team>
      <gps-my-needs></gps-my-needs>
    </main>
  </body>
</html>`);
  };

  const openPortal = async (login: Login, viewport = DESKTOP, lang = 'fr') => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.addInitScript(() => {
      const seen: { type: string; detail: unknown }[] = [];
      (window as unknown as { gpsEvents: typeof seen }).gpsEvents = seen;
      for (const type of ['gps-member-flagged', 'gps-need-written', 'gps-need-updated', 'gps-error']) document.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
    });
    await page.goto(`${portal.url}/?personne=${login}&lang=${lang}`);
    return page;
  };
  const portalEvents = (page: Page) => page.evaluate(() => (window as unknown as { gpsEvents: { type: string; detail: unknown }[] }).gpsEvents);

  beforeAll(async () => {
    portalIssuer = await createDevIssuer(PORTAL_ISSUER);
    jwks = await startHttpServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(portalIssuer.jwks));
    });
    portal = await startHttpServer((request, response) => void portalPages(request, response));
    const registration: TrustedIssuerRegistration = {
      issuer: PORTAL_ISSUER,
      audience: 'gps-api',
      personAudience: 'gps-person-api',
      kind: 'partner',
      name: 'Mon espace personnel du Rhône',
      jwksUrl: `${jwks.url}/.well-known/jwks.json`,
      allowedOrigins: [portal.url],
      policy: { emailDomains: ['rhone.exemple.fr'], sirets: ['22690001700012'], organizationKinds: ['conseil_departemental'] },
    };
    [stack, browser] = await Promise.all([startLocalStack({ seed: true, trustedIssuers: [registration] }), launchChromium()]);
    leaId = (await pro(CAMILLE, 'POST', '/persons/lookup', { firstName: 'Léa', lastName: 'Dubois', birthDate: LEA_PIVOT.birthdate })).body.personId;
    expect(leaId).toBeDefined();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await Promise.all([jwks, portal].map((server) => server?.close()));
  });

  it('déconnectée, la page explique l’espace ; la personne s’identifie avec le bouton FranceConnect officiel ; l’accueil et le pied de page y mènent', async () => {
    const { context, page } = await anonymous(PHONE);
    await page.goto(`${stack.pageUrl}/`);
    await page.getByRole('heading', { name: 'Un professionnel vous accompagne ?' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Mon espace' }).click();
    await page.waitForURL(`${stack.pageUrl}/mon-espace`);
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).waitFor();
    expect(await page.locator('main h1').textContent()).toBe('Mon espace');
    expect(await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).getAttribute('href')).toBe(`/auth/person/login?returnTo=${encodeURIComponent('/app/mon-espace')}`);
    // The DSFR's FranceConnect button, and FranceConnect's « Qu’est-ce que FranceConnect ? » in a new window.
    expect(await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).evaluate((a) => a.classList.contains('fr-connect') && a.parentElement!.classList.contains('fr-connect-group'))).toBe(true);
    const what = page.getByRole('link', { name: 'Qu’est-ce que FranceConnect ?' });
    expect(await what.getAttribute('href')).toBe('https://franceconnect.gouv.fr/');
    expect(await what.getAttribute('target')).toBe('_blank');
    // The professionals' sign-in has no business here.
    expect(await page.getByRole('link', { name: /ProConnect/ }).count()).toBe(0);
    expect(await page.getByRole('contentinfo').getByRole('link', { name: 'Un professionnel vous accompagne ? Mon espace' }).count()).toBe(1);
    expect(await fitsTheWidth(page)).toBe(true);
    await context.close();
  });

  it('Léa se connecte avec FranceConnect : son équipe, son référent d’abord et expliqué, les téléphones en liens', async () => {
    const page = await as('lea.dubois');
    expect(page.url()).toBe(`${stack.pageUrl}/mon-espace`);
    expect(await page.locator('main h1').textContent()).toMatch(/^Mon espace\s*Léa Dubois$/);
    expect(await page.title()).toBe('Mon équipe — Mon espace — GPS');
    const members = page.locator('.gps-members').first().locator(':scope > li');
    expect(await members.locator('h3').allTextContents()).toEqual(['Karim Benali', 'Camille Martin', 'Sophie Lefebvre']);
    const referent = members.first();
    expect(await referent.textContent()).toContain('Référent');
    expect(await referent.textContent()).toContain('C’est la personne qui coordonne votre accompagnement.');
    expect(await referent.textContent()).toContain('Département du Rhône');
    expect(await referent.textContent()).toMatch(/Vous accompagne depuis le \d{1,2}(er)? \p{L}+ \d{4}\./u);
    const phone = referent.getByRole('link', { name: '04 72 61 00 00' });
    expect(await phone.getAttribute('href')).toBe('tel:0472610000');
    expect(await referent.getByRole('link', { name: 'karim.benali@rhone.demo' }).getAttribute('href')).toBe('mailto:karim.benali@rhone.demo');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBeGreaterThan(0);
  });

  it('« Ce qui a été fait » : les actions notées par son équipe, la plus récente d’abord, avec qui les a notées', async () => {
    const page = await as('lea.dubois', '/ce-qui-a-ete-fait');
    const { body: file } = await person('lea.dubois', '/my-file');
    const items = page.locator('.gps-actions > li');
    expect(await items.count()).toBe(file.actions.length);
    expect(file.actions.length).toBeGreaterThanOrEqual(3);
    expect(await items.first().textContent()).toContain(file.actions[0].text);
    expect(await page.locator('.gps-actions').textContent()).toContain('Noté par Camille Martin, France Travail Lyon Part-Dieu.');
  });

  it('« Qui a consulté mon dossier » : la lecture récente d’un professionnel, en une phrase datée, et les coordonnées affichées', async () => {
    expect((await pro(THOMAS, 'POST', '/persons/lookup', { firstName: 'Léa', lastName: 'Dubois', birthDate: LEA_PIVOT.birthdate })).status).toBe(200);
    expect((await pro(CAMILLE, 'GET', `/persons/${leaId}`)).status).toBe(200);
    const page = await as('lea.dubois', '/consultations');
    const lines = page.locator('gps-page-my-journal li');
    await lines.first().waitFor();
    expect(await lines.first().textContent()).toMatch(/^Le \d{1,2}(er)? \p{L}+ à \d{2} h \d{2}, Camille Martin, France Travail Lyon Part-Dieu, a consulté votre dossier\./u);
    const journal = await page.locator('gps-page-my-journal').textContent();
    expect(journal).toMatch(/Thomas Nguyen, Envie Rhône, a cherché votre dossier et l’a trouvé\./);
    expect(journal).toMatch(/a affiché les coordonnées de Karim Benali\./);
    expect(journal).not.toContain('urn:');
  });

  it('Léa écrit un besoin ; son texte survit à une erreur ; son référent le lit sur sa fiche et reçoit l’e-mail qu’il a demandé', async () => {
    const page = await as('lea.dubois', '/besoins');
    const need = `Trouver une solution de garde le mercredi (${Date.now() % 10_000}).`;
    const field = page.getByLabel('Ce dont j’ai besoin, ou ce sur quoi je travaille');
    await field.fill(need);
    await page.getByLabel('Thème').selectOption('gardeEnfants');
    await page.getByRole('radio', { name: 'En cours' }).check({ force: true });
    // GPS cannot be reached once: the text stays where it was typed.
    await page.route('**/my-file/needs', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, detail: 'Le service GPS est momentanément indisponible. Réessayez.' }) }), { times: 1 });
    await page.getByRole('button', { name: 'Envoyer à mon équipe' }).click();
    await page.getByRole('alert').getByText('Le service GPS est momentanément indisponible').waitFor();
    expect(await field.inputValue()).toBe(need);
    await page.getByRole('button', { name: 'Envoyer à mon équipe' }).click();
    await expect.poll(async () => (await focused(page)).text).toBe('C’est noté. Votre équipe peut maintenant lire ce besoin.');
    expect(await field.inputValue()).toBe('');
    const written = page.locator('.gps-needs > li').first();
    expect(await written.textContent()).toContain(need);
    expect(await written.textContent()).toContain('En cours');
    expect(await written.textContent()).toContain('Garde d’enfants');

    const karim = await asProfessional(KARIM, `/personnes/${leaId}`);
    const card = karim.locator('gps-person-card');
    await card.getByRole('heading', { name: 'Besoins exprimés par la personne' }).waitFor({ timeout: 15_000 });
    const item = card.locator('[part="needs"] li').first();
    expect(await item.textContent()).toContain(need);
    expect(await item.textContent()).toMatch(/Écrit par la personne le \d/);
    // His choice, in « Mon profil » (the demo data tick it for him).
    await within(karim, '/profil');
    expect(await karim.getByRole('checkbox', { name: 'Quand une personne que je suis écrit un besoin dans son espace' }).isChecked()).toBe(true);
    await karim.context().close();

    // Karim asked for it (the demo data's opt-in); Camille did not.
    await expect.poll(async () => (await mails()).filter((mail) => mail.subject === 'Une personne que vous accompagnez a écrit un besoin dans GPS').flatMap((mail) => mail.destination.to), { timeout: 20_000 }).toContain(KARIM);
    expect((await mails()).filter((mail) => mail.subject.includes('a écrit un besoin')).flatMap((mail) => mail.destination.to)).not.toContain(CAMILLE);
  }, 120_000);

  it('changer un besoin : « Annuler » après un changement demande d’abord ; « Enregistrer » le met à jour', async () => {
    const page = await as('lea.dubois', '/besoins');
    const first = page.locator('.gps-needs > li').first();
    const text = (await first.locator('p[id^="besoin-"]').textContent())!;
    await first.getByRole('button', { name: 'Modifier' }).click();
    const field = page.getByLabel('Mon besoin');
    await field.fill(`${text} Avant la rentrée.`);
    await page.getByRole('button', { name: 'Annuler' }).click();
    const dialog = page.getByRole('dialog', { name: 'Abandonner vos changements ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await field.inputValue()).toBe(`${text} Avant la rentrée.`);
    await page.locator('.gps-needs').getByRole('radio', { name: 'Fait' }).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(async () => (await focused(page)).text).toBe('C’est enregistré. Votre équipe voit la nouvelle version.');
    expect(await page.locator('.gps-needs > li').first().textContent()).toContain('Avant la rentrée.');
    expect(await page.locator('.gps-needs > li').first().textContent()).toContain('Fait');
  });

  it('« Je ne connais pas ce professionnel » : confirmé, le membre est signalé sur la fiche que voient les autres', async () => {
    const page = await as('lea.dubois');
    const sophie = page.locator('.gps-members > li', { has: page.getByRole('heading', { name: 'Sophie Lefebvre' }) });
    await sophie.getByRole('button', { name: 'Je ne connais pas ce professionnel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vous ne connaissez pas Sophie Lefebvre ?' });
    await dialog.getByRole('button', { name: 'Oui, je confirme' }).click();
    await expect.poll(async () => (await focused(page)).text).toMatch(/vous avez dit ne pas connaître ce professionnel\. Votre équipe le voit\./);
    expect(await sophie.getByRole('button', { name: 'Je ne connais pas ce professionnel' }).count()).toBe(0);

    const camille = await asProfessional(CAMILLE, `/personnes/${leaId}`);
    const flagged = camille.locator('gps-referent-list').locator('li', { hasText: 'Sophie Lefebvre' });
    await expect.poll(() => flagged.locator('[part="flag"]').textContent(), { timeout: 15_000 }).toMatch(/^La personne dit ne pas connaître ce professionnel \(signalé le \d/);
    expect(await camille.locator('gps-referent-list').locator('[part="flag"]').count()).toBe(1);
    await camille.getByRole('link', { name: 'Journal des accès' }).click();
    await expect.poll(() => camille.locator('gps-page-journal').textContent()).toMatch(/La personne a dit, dans son espace, ne pas connaître Sophie Lefebvre/);
    await camille.context().close();
    // The référent is told, always.
    await expect.poll(async () => (await mails()).filter((mail) => mail.subject === 'Une personne dit ne pas connaître un membre de son groupe de suivi').flatMap((mail) => mail.destination.to), { timeout: 20_000 }).toContain(KARIM);
  }, 120_000);

  it('« Mes données » : le fichier téléchargé tient tout ce que GPS sait d’elle, et la page lisible le dit aussi', async () => {
    // Read before the export, which adds itself to the journal.
    const { body: file } = await person('lea.dubois', '/my-file');
    const { body: journal } = await person('lea.dubois', '/my-file/journal?limit=100');
    const page = await as('lea.dubois', '/donnees');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le fichier' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^mes-donnees-gps-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));

    expect(Object.keys(data).sort()).toEqual(['actions', 'audit', 'exportedAt', 'followUps', 'identityGuards', 'invitations', 'joinRequests', 'person', 'professionals', 'profileHistory'].sort());
    expect(data.person.identity).toMatchObject(file.identity);
    expect(data.actions.map((a: { id: string }) => a.id).sort()).toEqual(file.actions.map((a: { id: string }) => a.id).sort());
    expect(data.person.needs.map((n: { id: string }) => n.id).sort()).toEqual(file.needs.map((n: { id: string }) => n.id).sort());
    expect(data.followUps.map((l: { proId: string }) => l.proId)).toEqual(expect.arrayContaining([...file.team, ...file.formerTeam].map((m: { proId: string }) => m.proId)));
    const audit = new Set(data.audit.map((event: { id: string }) => event.id));
    expect(journal.items.filter((entry: { id: string }) => !audit.has(entry.id))).toEqual([]);
    expect(data.audit.map((event: { kind: string }) => event.kind)).toEqual(expect.arrayContaining(['need_written', 'member_flagged_unknown', 'card_read', 'contact_revealed']));

    await page.getByRole('link', { name: 'Voir mes données' }).click();
    await page.waitForURL(`${stack.pageUrl}/mon-espace/donnees/imprimer`);
    await settled(page);
    const readable = (await page.locator('gps-page-my-data').textContent())!.replace(/\s+/g, ' ');
    for (const action of file.actions) expect(readable).toContain(action.text);
    for (const need of file.needs) expect(readable).toContain(need.text);
    for (const member of file.team) expect(readable).toContain(`${member.firstName} ${member.lastName}`);
    expect(readable).toContain('Date de naissance : 12 mars 1994');
    expect(readable).toContain('vous avez écrit un besoin');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('button:visible').count()).toBe(0);
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('sans dossier, ou née un autre jour que Léa Dubois : un message clair, rien du dossier de Léa', async () => {
    for (const login of ['paul.martin', 'lea.dubois-1995'] as const) {
      const page = await as(login, '', PHONE);
      await page.getByRole('heading', { name: 'Nous n’avons pas trouvé de dossier à votre nom' }).waitFor();
      const main = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
      expect(main).toContain('Si un professionnel vous accompagne, demandez-lui de vérifier ces informations dans GPS.');
      expect(main).not.toMatch(/Karim Benali|Dubois|Ce qui a été fait/);
      expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBeGreaterThan(0);
      expect(await fitsTheWidth(page)).toBe(true);
    }
  }, 60_000);

  it('chaque échec de connexion dit en mots simples ce qui s’est passé et propose de réessayer, à 375 et 1280 px', async () => {
    const { context, page } = await anonymous();
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const [query, title] of [['echec', 'La connexion n’a pas abouti'], ['refusee', 'La connexion a été annulée'], ['indisponible', 'FranceConnect ne répond pas']] as const) {
        await page.goto(`${stack.pageUrl}/mon-espace?connexion=${query}`);
        await page.getByRole('alert').getByRole('heading', { name: title }).waitFor();
        await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).waitFor();
        expect(await fitsTheWidth(page)).toBe(true);
      }
    }
    // A real refusal of the provider comes back here with its message.
    const refused = await fetch(`${stack.apiUrl}/auth/person/callback?error=access_denied&state=x`, { redirect: 'manual' });
    expect(refused.headers.get('location')).toMatch(/^\/app\/mon-espace\?connexion=(refusee|echec)$/);
    await context.close();
  });

  it('axe-core : aucune violation et pas de défilement horizontal, à 1280 et à 375 px, sur chaque vue de « Mon espace » ; des phrases simples', async () => {
    const { context, page: visitor } = await anonymous();
    const lea = await as('lea.dubois');
    const paul = await as('paul.martin');
    const errors = collectErrors(lea);
    const views: [string, Page, () => Promise<unknown>][] = [
      ['accueil de Mon espace', visitor, () => visitor.goto(`${stack.pageUrl}/mon-espace`)],
      ['connexion échouée', visitor, () => visitor.goto(`${stack.pageUrl}/mon-espace?connexion=refusee`)],
      ['sans dossier', paul, () => paul.goto(`${stack.pageUrl}/mon-espace`)],
      ['mon équipe', lea, () => lea.goto(`${stack.pageUrl}/mon-espace`)],
      ['mon équipe, confirmation', lea, () => lea.getByRole('button', { name: 'Je ne connais pas ce professionnel' }).first().click()],
      ['ce qui a été fait', lea, () => within(lea, '/mon-espace/ce-qui-a-ete-fait')],
      ['qui a consulté mon dossier', lea, () => within(lea, '/mon-espace/consultations')],
      ['mes besoins', lea, () => within(lea, '/mon-espace/besoins')],
      ['mes besoins, erreur', lea, () => lea.getByRole('button', { name: 'Envoyer à mon équipe' }).click()],
      ['mes besoins, modification', lea, () => lea.locator('.gps-needs').getByRole('button', { name: 'Modifier' }).first().click()],
      ['mes données', lea, () => within(lea, '/mon-espace/donnees')],
      ['toutes mes données', lea, () => within(lea, '/mon-espace/donnees/imprimer')],
    ];
    const problems: string[] = [];
    for (const [name, page, open] of views) {
      await page.setViewportSize(DESKTOP);
      await open();
      await settled(page);
      await axeCheck(page, `${name} à 1280 px`);
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(100);
      await axeCheck(page, `${name} à 375 px`);
      expect(await fitsTheWidth(page), `${name} : défilement horizontal à 375 px`).toBe(true);
      problems.push(...plainLanguageProblems(name, await page.locator('main').innerText()));
      await page.keyboard.press('Escape');
    }
    expect(problems).toEqual([]);
    expect(errors.filter((error) => /Content Security Policy|Refused to/.test(error))).toEqual([]);
    await context.close();
  }, 300_000);

  it('au clavier seul : se connecter, écrire un besoin, ouvrir puis refermer une confirmation, télécharger ses données, se déconnecter', async () => {
    const { context, page } = await anonymous();
    await page.goto(`${stack.pageUrl}/mon-espace`);
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).waitFor();
    await tabTo(page, /S’identifier avec FranceConnect/);
    expect((await focused(page)).outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.locator('input[name=login]').waitFor();
    // The provider's own form (not GPS's): its login field has the focus, or takes it with Tab.
    for (let press = 0; press < 5 && (await page.evaluate(() => document.activeElement?.getAttribute('name'))) !== 'login'; press += 1) await page.keyboard.press('Tab');
    await page.keyboard.type('aicha.traore');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mot-de-passe-de-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Continue' }).waitFor();
    // The provider's consent button has the focus already (autofocus), or takes it with Tab.
    await tabTo(page, /^Continue$/, { max: 10 });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.pageUrl}/mon-espace`);
    await settled(page);

    await tabTo(page, /^Mes besoins$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Écrire un besoin' }).waitFor();
    expect((await focused(page)).text).toBe('Mes besoins');
    await tabTo(page, /#new-text/);
    await page.keyboard.type('Prendre des cours de français le soir.');
    await tabTo(page, /#new-category/, { max: 3 });
    await page.keyboard.press('ArrowUp');
    await tabTo(page, /Envoyer à mon équipe/, { max: 6 });
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('C’est noté. Votre équipe peut maintenant lire ce besoin.');
    expect(await page.locator('.gps-needs > li').first().textContent()).toContain('Prendre des cours de français le soir.');

    await tabTo(page, /^Mon équipe$/, { back: true });
    await page.keyboard.press('Enter');
    await tabTo(page, /^Je ne connais pas ce professionnel$/);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).text).toBe('Oui, je confirme');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).text).toBe('Je ne connais pas ce professionnel');
    expect(await page.locator('[id^="signale-"]').count()).toBe(0);

    await tabTo(page, /^Mes données$/, { back: true });
    await page.keyboard.press('Enter');
    await tabTo(page, /^Télécharger le fichier$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    await tabTo(page, /^Voir mes données$/, { back: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.pageUrl}/mon-espace/donnees/imprimer`);
    // The link went with its part: the focus is on the new part's title, not lost.
    await expect.poll(async () => (await focused(page)).text).toBe('Toutes mes données');

    await tabTo(page, /^Se déconnecter$/, { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/auth/person/token')).status)).toBe(401);
    await context.close();
  }, 120_000);

  describe('<gps-my-team> et <gps-my-needs> sur le portail d’un département, inscrit pour parler pour ses usagers', () => {
    it('Léa connectée au portail voit son équipe, son référent d’abord, son téléphone en lien ; elle écrit un besoin et le portail l’apprend', async () => {
      const page = await openPortal('lea.dubois');
      const errors = collectErrors(page);
      const team = page.locator('gps-my-team');
      await expect.poll(() => team.locator('[part~="member"] h3').allTextContents(), { timeout: 20_000 }).toEqual(expect.arrayContaining(['Karim Benali', 'Camille Martin', 'Sophie Lefebvre']));
      expect(await team.locator('[part~="member"] h3').first().textContent()).toBe('Karim Benali');
      expect(await team.locator('[part~="referent"] [part="badge"]').textContent()).toBe('Référent');
      expect(await team.locator('[part~="referent"] a[href="tel:0472610000"]').textContent()).toBe('04 72 61 00 00');
      // Sophie was flagged from the page: the widget says so, with no button to flag her again.
      const sophie = team.locator('[part~="member"]', { hasText: 'Sophie Lefebvre' });
      expect(await sophie.locator('[part="flag"]').textContent()).toBe('Vous avez dit ne pas connaître ce professionnel. Votre équipe le voit.');

      const needs = page.locator('gps-my-needs');
      await needs.getByLabel(/Ce dont j’ai besoin/).fill('Préparer un entretien d’embauche.');
      await needs.getByLabel('Thème').selectOption('emploi');
      await needs.getByRole('button', { name: 'Envoyer à mon équipe' }).click();
      await expect.poll(() => needs.getByRole('status').textContent()).toContain('C’est noté. Votre équipe peut maintenant le lire.');
      expect(await needs.locator('[part="need"]').first().textContent()).toContain('Préparer un entretien d’embauche.');
      const events = await portalEvents(page);
      expect(events.map((event) => event.type)).toEqual(['gps-need-written']);
      expect(events[0]!.detail).toMatchObject({ need: { text: 'Préparer un entretien d’embauche.', category: 'emploi', status: 'todo' } });

      // The person's journal names the portal the need came through.
      const { body: journal } = await person('lea.dubois', '/my-file/journal?limit=5');
      expect(journal.items.find((entry: { kind: string }) => entry.kind === 'need_written').portal).toBe('Mon espace personnel du Rhône');
      expect(errors).toEqual([]);
    }, 60_000);

    it('Aïcha signale depuis le portail un professionnel qu’elle ne connaît pas : confirmé, signalé, et le portail l’apprend', async () => {
      const page = await openPortal('aicha.traore');
      const team = page.locator('gps-my-team');
      const first = team.locator('[part~="member"]').first();
      await first.getByRole('button', { name: 'Je ne connais pas ce professionnel' }).click({ timeout: 20_000 });
      await first.getByRole('button', { name: 'Oui, je confirme' }).click();
      await expect.poll(() => first.locator('[part="flag"]').count()).toBe(1);
      const events = await portalEvents(page);
      expect(events.map((event) => event.type)).toEqual(['gps-member-flagged']);
      expect(events[0]!.detail).toMatchObject({ proId: expect.any(String), flaggedUnknownAt: expect.any(String) });
      // No référent for Aïcha: no badge to show.
      expect(await team.locator('[part="badge"]').count()).toBe(0);
    }, 60_000);

    it('sans dossier, les deux widgets le disent simplement, et le portail reçoit gps-error 404', async () => {
      const page = await openPortal('paul.martin');
      await expect.poll(() => page.locator('gps-my-team [part="state"]').textContent(), { timeout: 20_000 }).toMatch(/^Nous n’avons pas trouvé de dossier à votre nom\./);
      await expect.poll(() => page.locator('gps-my-needs [part="state"]').textContent()).toMatch(/^Nous n’avons pas trouvé de dossier à votre nom\./);
      expect((await portalEvents(page)).map((event) => [event.type, (event.detail as { status: number }).status])).toEqual([
        ['gps-error', 404],
        ['gps-error', 404],
      ]);
    });

    it('axe-core : aucune violation à 1280 et 375 px, sans défilement horizontal ; en anglais avec lang="en"', async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        const page = await openPortal('lea.dubois', viewport);
        await page.locator('gps-my-team [part~="referent"]').waitFor({ timeout: 20_000 });
        await page.locator('gps-my-needs [part="form"]').waitFor();
        await axeCheck(page, `portail à ${viewport.width} px`);
        expect(await fitsTheWidth(page)).toBe(true);
        await page.context().close();
      }
      const english = await openPortal('lea.dubois', DESKTOP, 'en');
      await expect.poll(() => english.locator('gps-my-team h2').first().textContent(), { timeout: 20_000 }).toBe('My team');
      // Each widget loads the file on its own: the needs form may come after the team.
      await expect.poll(() => english.locator('gps-my-needs').getByRole('button', { name: 'Send to my team' }).count(), { timeout: 20_000 }).toBe(1);
      await english.context().close();
    }, 90_000);
  });
});
