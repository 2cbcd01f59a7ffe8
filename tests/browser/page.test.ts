import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import axe from 'axe-core';
import { startLocalStack } from '#local/stack.ts';
import { ProfessionalClaims } from '#domain/professional.ts';
import { join } from '#store/follow-ups.ts';
import { ensureProfessional } from '#store/professionals.ts';
import { collectErrors, launchChromium } from '#tests/support/browser.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE = 'camille.martin@francetravail.demo';
const KARIM = 'karim.benali@rhone.demo';
const SOPHIE = 'sophie.lefebvre@ccas-villeurbanne.demo';
const THOMAS = 'thomas.nguyen@envie-rhone.demo';
const INES = 'ines.moreau@missionlocale-lyon.demo';
/** A demo person Camille follows with Karim (référent) and Sophie: contacts revealed, actions, a full journal. */
const LEA = { lastName: 'Dubois', firstName: 'Léa', birthDate: '1994-03-12' };
const ARTIFACTS = 'test-results';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };

/**
 * The standalone GPS page as professionals use it, against the `npm start` stack: one stack
 * and one browser for the whole file, one signed-in page per professional, reused from test
 * to test (signing in through the provider's forms is the slow part). Each test makes the
 * persons it changes through the API, so that the tests do not depend on one another's order.
 */
describe('la page GPS (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;
  const signedIn = new Map<string, Page>();

  /** A token of the demo portal for a demo professional: to prepare a test's data through the API. */
  const api = async (email: string, method: string, path: string, body?: unknown) => {
    const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(email)}`).then((r) => r.json());
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  let made = 0;
  /** A new person followed by `email`, with a first name of its own. */
  async function newPerson(email: string, extra: Record<string, unknown> = {}) {
    const firstName = ['Alice', 'Bruno', 'Céline', 'Damien', 'Elsa', 'Félix', 'Gaëlle', 'Hugo', 'Iris', 'Jules', 'Katia', 'Louis', 'Margot', 'Nadia', 'Oscar'][made]!;
    made += 1;
    const identity = { lastName: 'Essai', firstName, birthDate: `1990-01-${String(made + 10).padStart(2, '0')}`, ...((extra.identity as object) ?? {}) };
    const { status, body } = await api(email, 'POST', '/persons', { reason: 'Accompagnement vers l’emploi', ...extra, identity });
    expect(status).toBe(201);
    return { id: body.id as string, ...identity, name: `${identity.firstName} ${identity.lastName}` };
  }

  /** Through the provider's own login and consent forms, as a professional would. */
  async function signInOn(page: Page, email: string) {
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
    await page.locator('input[name=login]').fill(email);
    await page.locator('input[name=password]').fill('mot-de-passe-de-demo');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  /** The professional's page, signed in once for the file, at the size asked, on « Mes suivis » unless told. */
  async function as(email: string, path = '/', viewport = DESKTOP): Promise<Page> {
    let page = signedIn.get(email);
    if (!page) {
      page = await (await browser.newContext({ viewport, locale: 'fr-FR' })).newPage();
      await page.goto(`${stack.pageUrl}/`);
      await signInOn(page, email);
      await page.waitForURL(`${stack.pageUrl}/`);
      await page.locator('main h1').waitFor();
      signedIn.set(email, page);
    }
    await page.setViewportSize(viewport);
    await page.goto(`${stack.pageUrl}${path}`);
    await page.locator('main h1').waitFor();
    return page;
  }

  const anonymous = async (viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport, locale: 'fr-FR' });
    return { context, page: await context.newPage() };
  };

  /** What has the focus, through the widgets' shadow roots. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return { tag: element?.tagName.toLowerCase(), id: element?.id, text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim(), outline: element ? getComputedStyle(element).outlineStyle : '' };
    });

  /** The view drawn: its title there, nothing still loading. */
  async function settled(page: Page) {
    await page.locator('main h1').waitFor();
    await expect.poll(async () => (await page.locator('[aria-busy="true"]').count()) + (await page.getByText(/^Chargement/).count()), { interval: 50 }).toBe(0);
    await page.waitForTimeout(100);
  }

  /**
   * axe-core (WCAG 2.0/2.1 A and AA), as `expectNoAxeViolations` runs it, but injected once
   * per loaded document and asked for violations only: the page moves between views without
   * reloading, and a run costs a fraction of a fresh AxeBuilder's.
   */
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

  /** The join requests' inbox follows the table's stream: it is drained before reading it. */
  const inboxUpToDate = () => stack.drainStream();

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack({ seed: true }), launchChromium()]);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('je demande à rejoindre ; la collègue répond depuis la fiche où mène l’e-mail : « Refuser » demande une confirmation, « Accepter » m’ouvre la fiche', async () => {
    const person = await newPerson(CAMILLE);
    for (const email of [THOMAS, SOPHIE]) {
      const page = await as(email, '/rechercher');
      const join = page.locator('gps-join');
      await join.getByLabel('Nom de naissance').fill(person.lastName);
      await join.getByLabel('Prénom').fill(person.firstName);
      await join.getByLabel('Date de naissance').fill(person.birthDate);
      await join.getByRole('button', { name: 'Rechercher' }).click();
      await join.getByLabel(/Motif de votre accompagnement/).fill('Parcours en insertion');
      await join.getByRole('button', { name: 'Demander à rejoindre le groupe' }).click();
      await expect.poll(() => join.getByText('Votre demande a été envoyée').count()).toBe(1);
    }

    // My request waiting opens its own view, not an error.
    const thomas = await as(THOMAS, '/?liste=demandes');
    await thomas.locator('gps-follow-up-list').getByRole('button', { name: /Demande en attente de réponse/ }).first().click();
    await expect.poll(() => thomas.locator('main h1').textContent()).toBe('Votre demande attend une réponse');

    await inboxUpToDate();
    const camille = await as(CAMILLE, '/');
    await expect.poll(() => camille.getByRole('link', { name: /Demandes à traiter/ }).textContent()).toMatch(/Demandes à traiter\s*\(?\s*[2-9]/);
    // The notification e-mail's link: the person's page, where the buttons are.
    await camille.goto(`${stack.pageUrl}/personnes/${person.id}`);
    await camille.getByRole('button', { name: `Accepter la demande de Thomas Nguyen pour ${person.name}` }).waitFor();

    const refuse = camille.getByRole('button', { name: `Refuser la demande de Sophie Lefebvre pour ${person.name}` });
    await refuse.click();
    const dialog = camille.getByRole('dialog', { name: 'Refuser cette demande ?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await refuse.count()).toBe(1);
    await refuse.click();
    await camille.getByRole('dialog').getByRole('button', { name: 'Refuser la demande' }).click();
    await expect.poll(() => camille.getByText(`La demande de Sophie Lefebvre pour ${person.name} est refusée.`).count()).toBe(1);

    await camille.getByRole('button', { name: `Accepter la demande de Thomas Nguyen pour ${person.name}` }).click();
    await expect.poll(() => camille.getByText(`Thomas Nguyen fait maintenant partie du groupe de suivi de ${person.name}.`).count()).toBe(1);
    expect((await focused(camille)).text).toContain('Thomas Nguyen fait maintenant partie');
    await expect.poll(() => camille.locator('gps-referent-list').getByText('Thomas Nguyen').count()).toBe(1);

    await as(THOMAS, '/');
    await thomas.locator('gps-follow-up-list').getByRole('button', { name: new RegExp(person.name) }).click();
    await expect.poll(() => thomas.locator('main h1').textContent()).toContain(person.name);

    // La personne qui a demandé est prévenue : Thomas de l'acceptation, Sophie du refus, qu'elle retrouve dans « Demandes refusées ».
    await stack.drainStream();
    const mails = (await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json())).emails as { destination: { to: string[] }; subject: string; body: { text: string } }[];
    expect(mails.some((mail) => mail.destination.to.includes(THOMAS) && mail.subject === 'Votre demande pour rejoindre un groupe de suivi a été acceptée' && mail.body.text.includes(person.id))).toBe(true);
    const refusal = mails.findLast((mail) => mail.destination.to.includes(SOPHIE) && mail.subject === 'Votre demande pour rejoindre un groupe de suivi a été refusée')!;
    expect(refusal.body.text).not.toContain('Camille');
    const sophie = await as(SOPHIE, '/');
    await sophie.goto(/(http\S+\/app\/\?liste=refusees)/.exec(refusal.body.text)![1]!.replace(/^https?:\/\/[^/]+\/app/, stack.pageUrl));
    await sophie.locator('gps-follow-up-list').getByText(/Demande refusée le .* · Parcours en insertion/).first().waitFor();
    expect(await sophie.getByRole('link', { name: 'Demandes refusées' }).getAttribute('aria-current')).toBe('page');
  }, 90000);

  it('un accompagnement confidentiel ne montre ni nom, ni structure, ni rôle, ni motif ; chaque champ de texte libre dit que la personne peut le lire ; à 375 et 1280 px', async () => {
    const person = await newPerson(CAMILLE);
    const officer = await ensureProfessional(
      stack.store,
      ProfessionalClaims.parse({ email: 'nadia.berthelot@spip.demo', firstName: 'Nadia', lastName: 'Berthelot', jobTitle: 'Conseillère pénitentiaire d’insertion', organization: { siret: '17690001000013', name: 'SPIP du Rhône', kind: 'spip', departement: '69' } }),
      { registerOrganization: true },
    );
    await join(stack.store, officer, person.id, { reason: 'Suivi de la mesure de probation', role: 'CPIP', mode: 'direct', source: 'self' });

    for (const viewport of [DESKTOP, PHONE]) {
      const page = await as(CAMILLE, `/personnes/${person.id}`, viewport);
      const members = page.locator('gps-referent-list');
      await members.getByText('Un accompagnement confidentiel').waitFor();
      await members.getByRole('button', { name: /Demander à être contacté/ }).first().waitFor();
      const seen = await page.locator('main').innerText();
      for (const secret of ['Berthelot', 'Nadia', 'SPIP', 'pénitentiaire', 'probation', 'CPIP']) expect(seen).not.toContain(secret);
      expect(await fitsTheWidth(page)).toBe(true);
      await axeCheck(page, `accompagnement confidentiel (${viewport.width} px)`);
    }

    /** Every free-text field of the page and its widgets (shadow roots too), and the text of what describes it. */
    const freeTextFields = (page: Page) =>
      page.evaluate(() => {
        const found: { field: string; hint: string }[] = [];
        const walk = (root: Document | ShadowRoot) => {
          for (const field of root.querySelectorAll<HTMLTextAreaElement>('textarea')) {
            const hint = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => (root as ParentNode & { getElementById?: (id: string) => Element | null }).getElementById?.(id)?.textContent ?? root.querySelector(`#${CSS.escape(id)}`)?.textContent ?? '').join(' ');
            found.push({ field: field.id || field.name, hint });
          }
          for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
        };
        walk(document);
        return found;
      });
    const page = await as(CAMILLE, `/personnes/${person.id}`);
    await page.locator('gps-situation-editor').getByRole('button', { name: /Modifier/ }).first().click().catch(() => undefined);
    const onCard = await freeTextFields(page);
    await page.goto(`${stack.pageUrl}/personnes/${person.id}/actions`);
    await page.locator('main h1').waitFor();
    await settled(page);
    const onActions = await freeTextFields(page);
    await page.goto(`${stack.pageUrl}/rechercher`);
    await page.locator('main h1').waitFor();
    const onCreate = await freeTextFields(page);
    const fields = [...onCard, ...onActions, ...onCreate];
    expect(fields.length).toBeGreaterThanOrEqual(3);
    for (const { field, hint } of fields) expect(`${field}: ${hint}`).toMatch(/la personne.*aucun détail de santé, de justice ou de vie privée/i);
  }, 90000);

  it('après « Enregistrer », la fiche montre ce que GPS a enregistré ; mon texte est conservé en cas de conflit', async () => {
    const person = await newPerson(CAMILLE);
    const first = await as(CAMILLE, `/personnes/${person.id}`);
    const second = await first.context().newPage();
    await second.goto(`${stack.pageUrl}/personnes/${person.id}`);
    await second.locator('gps-situation-editor').getByLabel('Situation en quelques lignes').waitFor();

    const editor = first.locator('gps-situation-editor');
    await editor.getByLabel('Situation en quelques lignes').fill('Entrée en formation de cariste en janvier.');
    await editor.getByRole('checkbox', { name: 'Logement' }).check();
    await editor.getByLabel('Précision sur le frein « Logement » (facultatif)').fill('Hébergée chez sa sœur');
    await editor.getByLabel(/Code postal/).fill('69003');
    await editor.getByLabel('Commune').fill('Lyon');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    const card = first.locator('gps-person-card [part="card"]');
    await expect.poll(() => card.textContent()).toContain('Entrée en formation de cariste en janvier.');
    expect(await card.textContent()).toContain('Hébergée chez sa sœur');
    expect(await card.textContent()).toContain('69003 Lyon');
    expect((await focused(first)).text).toContain('Enregistré');

    const mine = second.locator('gps-situation-editor');
    await mine.getByLabel('Situation en quelques lignes').fill('Mon texte, que je ne veux pas perdre.');
    await mine.getByRole('button', { name: 'Enregistrer' }).click();
    const conflict = mine.locator('[part="conflict"]');
    await expect.poll(() => conflict.textContent()).toContain('Entrée en formation de cariste en janvier.');
    expect(await mine.getByLabel('Situation en quelques lignes').inputValue()).toBe('Mon texte, que je ne veux pas perdre.');
    await conflict.getByRole('button', { name: 'Reprendre la version enregistrée' }).click();
    await conflict.getByText('Votre texte sera effacé').waitFor();
    await conflict.getByRole('button', { name: 'Non, garder mon texte' }).click();
    expect(await mine.getByLabel('Situation en quelques lignes').inputValue()).toBe('Mon texte, que je ne veux pas perdre.');
    await mine.getByRole('button', { name: 'Enregistrer ma version' }).click();
    await expect.poll(() => second.locator('gps-person-card [part="card"]').textContent()).toContain('Mon texte, que je ne veux pas perdre.');
    expect(await mine.locator('[part="conflict"]').count()).toBe(0);
    await second.close();
  });

  it('je deviens référent de parcours à la place d’un collègue après confirmation, puis je ne le suis plus', async () => {
    const person = await newPerson(KARIM);
    await api(KARIM, 'PATCH', `/persons/${person.id}/members/me`, { isReferent: true });
    expect((await api(CAMILLE, 'POST', `/persons/${person.id}/members`, { reason: 'Accompagnement vers l’emploi' })).status).toBe(201);
    const page = await as(CAMILLE, `/personnes/${person.id}`);
    const members = page.locator('gps-referent-list');
    await members.getByRole('button', { name: 'Devenir référent de parcours' }).click();
    const dialog = members.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Karim Benali est aujourd’hui référent de parcours');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await members.locator('[part~="referent"]').textContent()).toContain('Karim Benali');
    await members.getByRole('button', { name: 'Devenir référent de parcours' }).click();
    await members.getByRole('dialog').getByRole('button', { name: 'Remplacer Karim Benali' }).click();
    await expect.poll(() => members.locator('[part~="referent"]').textContent()).toContain('Camille Martin');
    expect((await focused(page)).text).toBe('Vous êtes maintenant référent de parcours.');

    await members.getByRole('button', { name: 'Ne plus être référent de parcours' }).click();
    await members.getByRole('dialog').getByRole('button', { name: 'Ne plus être référent' }).click();
    await expect.poll(() => members.getByText('Vous n’êtes plus référent de parcours').count()).toBe(1);
    expect(await members.locator('[part~="referent"]').count()).toBe(0);
  });

  it('je quitte le suivi, la page le dit ; le suivi terminé s’ouvre sur sa propre page, d’où je le reprends', async () => {
    const person = await newPerson(CAMILLE);
    const page = await as(CAMILLE, `/personnes/${person.id}`);
    await page.locator('gps-referent-list').getByRole('button', { name: 'Mettre fin à mon suivi' }).click();
    await page.locator('gps-referent-list').getByRole('dialog').getByRole('button', { name: 'Mettre fin à mon suivi' }).click();
    await page.waitForURL(`${stack.pageUrl}/`);
    await expect.poll(async () => (await focused(page)).text).toContain(`Votre suivi de ${person.name} a pris fin`);

    await page.getByRole('link', { name: 'Historique' }).click();
    await page.waitForURL(`${stack.pageUrl}/?liste=historique`);
    await page.locator('gps-follow-up-list').getByRole('button', { name: new RegExp(person.name) }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe(`${person.name} : votre suivi a pris fin`);
    await page.getByLabel(/Motif de votre accompagnement/).fill('Reprise de l’accompagnement');
    await page.getByRole('button', { name: 'Reprendre le suivi' }).click();
    await expect.poll(async () => (await focused(page)).text).toContain(`Vous suivez de nouveau ${person.name}`);
    await page.locator('gps-person-card').getByRole('heading', { name: person.name }).waitFor();
  });

  it('j’ajoute une personne avec sa commune et ses freins ; les messages d’erreur sont ceux de GPS, en français', async () => {
    const page = await as(CAMILLE, '/rechercher');
    const join = page.locator('gps-join');
    await join.getByRole('button', { name: 'Rechercher' }).click();
    await join.getByText('Saisissez le nom de naissance de la personne.').waitFor();
    expect((await focused(page)).id).toBe('lastName');
    expect(await join.getByText('Format : jj/mm/aaaa').count()).toBe(1);

    const form = page.locator('gps-page-create');
    await form.getByRole('button', { name: 'Ajouter la personne' }).click();
    await form.getByText('Saisissez le prénom de la personne.').waitFor();
    expect((await focused(page)).id).toBe('new-lastName');
    await form.getByLabel('Nom de naissance').fill('Nouvelle');
    await form.getByLabel('Prénom').fill('Zoé');
    await form.getByLabel(/Date de naissance/).fill('1999-05-01');
    await form.getByLabel(/Code postal/).fill('69003');
    await form.getByLabel(/Commune/).fill('Lyon');
    await form.getByRole('checkbox', { name: 'Mobilité' }).check({ force: true });
    await form.getByLabel(/Motif de votre accompagnement/).fill('Accompagnement vers l’emploi');
    await form.getByRole('button', { name: 'Ajouter la personne' }).click();
    const card = page.locator('gps-person-card [part="card"]');
    await card.getByRole('heading', { name: 'Zoé Nouvelle' }).waitFor();
    expect(await card.textContent()).toContain('Mobilité');
    expect(await card.textContent()).toContain('69003 Lyon');
    expect(await card.textContent()).not.toContain('Aucun frein signalé');
    expect((await focused(page)).text).toContain('Le dossier de Zoé Nouvelle est créé');
  });

  it('je retrouve une personne par son identifiant France Travail, même si son nom est écrit autrement', async () => {
    const person = await newPerson(CAMILLE, { identity: { franceTravailId: '1234567A' } });
    const page = await as(THOMAS, '/rechercher');
    const join = page.locator('gps-join');
    await join.getByLabel('Nom de naissance').fill('Esai');
    await join.getByLabel('Prénom').fill(person.firstName);
    await join.getByLabel('Date de naissance').fill(person.birthDate);
    await join.getByLabel(/Identifiant France Travail/).fill('1234567a');
    await join.getByRole('button', { name: 'Rechercher' }).click();
    await join.getByText('Cette personne est suivie dans GPS.').waitFor();
  });

  it('j’invite un collègue : une adresse personnelle m’est signalée ; puis j’annule l’invitation en attente', async () => {
    const person = await newPerson(CAMILLE);
    const page = await as(CAMILLE, `/personnes/${person.id}`);
    const invite = page.locator('gps-invite-button');
    await invite.getByRole('button', { name: 'Inviter un collègue' }).click();
    const dialog = invite.getByRole('dialog');
    await dialog.getByLabel('E-mail professionnel de votre collègue').fill('collegue.perso@gmail.com');
    await dialog.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await dialog.getByText('« gmail.com » est une messagerie personnelle').waitFor();
    await dialog.getByRole('button', { name: 'Envoyer quand même' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Invitation envoyée à collegue.perso@gmail.com');
    await dialog.getByRole('button', { name: 'Fermer' }).last().click();

    const cancel = page.getByRole('button', { name: 'Annuler l’invitation envoyée à collegue.perso@gmail.com' });
    await cancel.click();
    await expect.poll(() => page.getByText('L’invitation envoyée à collegue.perso@gmail.com est annulée').count()).toBe(1);
    const invitations = (await api(CAMILLE, 'GET', `/persons/${person.id}/invitations`)).body as { status: string }[];
    expect(invitations.map((i) => i.status)).toEqual(['revoked']);
  });

  it('l’invitation reçue : déconnecté, la page dit ce qu’elle est ; connecté, je peux la refuser, ou l’accepter et la page me le dit', async () => {
    const person = await newPerson(CAMILLE);
    expect((await api(CAMILLE, 'POST', `/persons/${person.id}/invitations`, { email: INES })).status).toBe(201);
    await stack.drainStream();
    const { emails } = await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json());
    // The invitation, not another e-mail to Inès in the same drain (the answer to a request of hers).
    const email = emails.findLast((e: { destination: { to: string[] }; body: { text: string } }) => e.destination.to.includes(INES) && /\/app\/invitation#/.test(e.body.text));
    const link = /(http\S+\/app\/invitation#[A-Za-z0-9_-]{43})/.exec(email.body.text)![1]!;

    const { context, page } = await anonymous();
    await page.goto(link);
    await page.getByText('Un collègue vous invite à rejoindre le groupe de suivi').waitFor();
    await signInOn(page, INES);
    await page.getByText(`Camille Martin, de France Travail Lyon Part-Dieu, vous invite à rejoindre le groupe de suivi de ${person.name}`).waitFor();
    // Signing in left the token out of every URL but the page's own fragment.
    expect(page.url()).toBe(link);

    await page.getByRole('button', { name: 'Refuser l’invitation' }).click();
    await page.getByRole('dialog', { name: 'Refuser l’invitation ?' }).getByRole('button', { name: 'Refuser l’invitation' }).click();
    await expect.poll(async () => (await focused(page)).text).toContain('Vous avez refusé l’invitation. Camille Martin en est prévenu, et le lien ne sert plus.');
    await stack.drainStream();
    const told = (await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json())).emails.filter((e: { subject: string }) => e.subject === 'Votre invitation à rejoindre un groupe de suivi a été refusée');
    expect(told.at(-1).destination.to).toEqual([CAMILLE]);
    await page.reload();
    await page.getByText('Vous avez refusé cette invitation.').waitFor();

    // A new invitation, accepted this time.
    expect((await api(CAMILLE, 'POST', `/persons/${person.id}/invitations`, { email: INES })).status).toBe(201);
    await stack.drainStream();
    const linkOf = (e: { body: { text: string } }) => /(http\S+\/app\/invitation#[A-Za-z0-9_-]{43})/.exec(e.body.text)?.[1];
    await expect
      .poll(async () => (await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json())).emails.filter((e: { destination: { to: string[] }; body: { text: string } }) => e.destination.to.includes(INES) && linkOf(e) && linkOf(e) !== link).length)
      .toBe(1);
    const again = (await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json())).emails.find((e: { destination: { to: string[] }; body: { text: string } }) => e.destination.to.includes(INES) && linkOf(e) && linkOf(e) !== link);
    // Only the fragment differs from the page's address: a reload makes the page read the new token.
    await page.goto(linkOf(again)!);
    await page.reload();
    await page.getByRole('button', { name: 'Accepter et rejoindre le groupe' }).click();
    await expect.poll(async () => (await focused(page)).text).toContain(`Vous avez rejoint le groupe de suivi de ${person.name}`);
    await page.locator('gps-person-card').getByRole('heading', { name: person.name }).waitFor();
    await context.close();
    // Two invitations, each through the stream and SES local, and a refusal told by e-mail.
  }, 90_000);

  it('les onglets ont leur adresse : « Retour » et le rechargement gardent ma place ; fil d’Ariane et titre nomment la personne ; le journal dit l’heure et à qui', async () => {
    const page = await as(CAMILLE, '/');
    await page.locator('gps-follow-up-list').getByRole('button', { name: /Léa Dubois/ }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toContain('Léa Dubois');
    const file = page.url();
    expect(await page.getByRole('navigation', { name: 'vous êtes ici :' }).textContent()).toMatch(/Mes suivis\s*Léa Dubois/);
    expect(await page.title()).toBe('Léa Dubois — Fiche — GPS');

    await page.getByRole('link', { name: 'Journal des accès' }).click();
    await page.waitForURL(`${file}/journal`);
    expect((await focused(page)).text).toBe('Journal des accès');
    const journal = page.locator('gps-page-journal');
    await expect.poll(() => journal.textContent()).toMatch(/à \d{2} h \d{2}/);
    expect(await journal.textContent()).toMatch(/a affiché les coordonnées de Karim Benali/);
    await page.reload();
    await expect.poll(() => page.locator('gps-page-journal li').count()).toBeGreaterThan(0);
    await page.goBack();
    await page.waitForURL(file);
    await page.locator('gps-person-card').getByRole('heading', { name: 'Léa Dubois' }).waitFor();
    await page.goBack();
    await page.waitForURL(`${stack.pageUrl}/`);

    // The skip link « Contenu » leads to the view's title.
    await page.reload();
    await page.locator('gps-follow-up-list').getByRole('listitem').first().waitFor();
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Contenu');
    await page.keyboard.press('Enter');
    expect((await focused(page)).text).toBe('Mes suivis');
  });

  it('la version imprimable : la fiche, les professionnels et ce qui a été entrepris, rien d’interactif', async () => {
    const { body } = await api(CAMILLE, 'POST', '/persons/lookup', LEA);
    const page = await as(CAMILLE, `/personnes/${body.personId}/imprimer`);
    await page.locator('gps-action-log [part="entry"]').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const element of ['gps-person-card', 'gps-referent-list', 'gps-action-log']) expect(await page.locator(element).isVisible()).toBe(true);
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('button:visible, input:visible, textarea:visible, select:visible').count()).toBe(0);
    await page.emulateMedia({ media: 'screen' });
  });

  it('les statistiques : un titre clair, des graphiques sur toute la largeur, des légendes lisibles, les départements par leur nom', async () => {
    await stack.drainStream();
    const page = await as(CAMILLE, '/statistiques');
    await expect.poll(() => page.locator('gps-page-stats canvas').count()).toBe(10);
    expect(await page.locator('main h1').textContent()).toBe('Statistiques d’utilisation de GPS');
    const [chart, column] = await page.evaluate(() => [document.querySelector('.uplot')!.clientWidth, document.querySelector('gps-page-stats')!.clientWidth]);
    expect(chart / column).toBeGreaterThan(0.95);
    expect(await page.locator('.u-legend').first().textContent()).not.toContain('--');
    expect(await page.locator('gps-page-stats').textContent()).toContain('Rhône (69)');
    expect(await page.locator('gps-page-stats [role="region"][tabindex="0"]').count()).toBeGreaterThanOrEqual(2);
    // Each table by département or kind: its caption, a head cell per column, a row head per category.
    const byDepartement = page.getByRole('table', { name: 'Sur la période, par département de la structure' });
    expect(await byDepartement.getByRole('columnheader').allTextContents()).toEqual(['Département', 'Liens créés', 'Invitations envoyées', 'Invitations acceptées', 'Coordonnées affichées']);
    expect(await byDepartement.getByRole('rowheader').allTextContents()).toContain('Rhône (69)');
    const gaugesByKind = page.getByRole('table', { name: /au dernier décompte, par type des structures qui suivent$/ });
    expect((await gaugesByKind.getByRole('columnheader').allTextContents())[0]).toBe('Type de structure');
    expect(await gaugesByKind.getByRole('rowheader').count()).toBeGreaterThan(0);
  });

  it('les statistiques publiques, sans me connecter : depuis l’accueil et le pied de page, des agrégats où les petits nombres disent « moins de 5 », lisibles au clavier, à 375 px et à 1280 px', async () => {
    await stack.drainStream();
    const { context, page } = await anonymous(PHONE);
    const errors = collectErrors(page);
    const publicRequests: { url: string; authorization?: string; cookie?: string }[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/public/')) publicRequests.push({ url: request.url(), ...request.headers() });
    });
    await page.goto(`${stack.pageUrl}/`);
    await page.locator('main h1').waitFor();
    expect(await page.locator('footer').getByRole('link', { name: 'Statistiques publiques' }).count()).toBe(1);
    await page.locator('main').getByRole('link', { name: 'les statistiques publiques' }).click();
    await page.waitForURL(`${stack.pageUrl}/statistiques-publiques`);
    await expect.poll(() => page.locator('gps-page-public-stats canvas').count()).toBe(7);
    expect(await page.locator('main h1').textContent()).toBe('Statistiques publiques de GPS');
    // The figures come without a token or a cookie.
    expect(publicRequests.map(({ authorization, cookie }) => ({ authorization, cookie }))).toEqual([{ authorization: undefined, cookie: undefined }]);
    // The demo network is small: most cells are under the threshold, and say so in words.
    await page.locator('details summary').first().click();
    const table = page.locator('gps-page-public-stats details').first().getByRole('region');
    expect(await table.textContent()).toContain('moins de 5');
    expect(await table.textContent()).not.toMatch(/<\s*5/);
    expect(await page.locator('gps-page-public-stats [role="region"][tabindex="0"]').count()).toBeGreaterThanOrEqual(7);
    expect(await fitsTheWidth(page)).toBe(true);
    // By keyboard: the next Tab after a chart's « Voir les données » is its table, which scrolls with the arrows.
    await page.locator('details summary').nth(1).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('region');
    const csv = await page.evaluate(() => fetch('/public/stats.csv').then(async (r) => [r.headers.get('content-type'), await r.text()]));
    expect(csv[0]).toBe('text/csv; charset=utf-8');
    expect(csv[1]).toContain('moins de 5');
    // Every table open, at both widths: nothing axe-core objects to.
    for (const details of await page.locator('details').all()) await details.evaluate((element) => ((element as HTMLDetailsElement).open = true));
    await axeCheck(page, 'statistiques publiques à 375 px');
    expect(await fitsTheWidth(page)).toBe(true);
    await page.setViewportSize(DESKTOP);
    await page.waitForTimeout(200);
    await axeCheck(page, 'statistiques publiques à 1280 px');
    expect(errors.filter((error) => !/401/.test(error))).toEqual([]);
    await context.close();
  }, 60000);

  it('« Mes suivis » avec du nouveau : la case n’affiche que les suivis où quelque chose a changé depuis ma dernière visite, et l’adresse la garde', async () => {
    const busy = await newPerson(CAMILLE);
    const quiet = await newPerson(CAMILLE);
    expect((await api(KARIM, 'POST', `/persons/${busy.id}/members`, { reason: 'Accompagnement RSA' })).status).toBe(201);
    await stack.drainStream();
    const page = await as(CAMILLE, '/');
    const list = page.locator('gps-follow-up-list');
    await list.getByRole('button', { name: new RegExp(quiet.name) }).waitFor();
    // The DSFR draws the box on the label: the professional clicks there.
    await page.locator('label[for="avec-du-nouveau"]').click();
    await page.waitForURL(`${stack.pageUrl}/?nouveau=oui`);
    await list.getByRole('button', { name: new RegExp(busy.name) }).waitFor();
    expect(await list.getByRole('button', { name: new RegExp(quiet.name) }).count()).toBe(0);
    expect(await list.locator('[part="news"]').first().textContent()).toContain('Du nouveau');
    await page.reload();
    await list.getByRole('button', { name: new RegExp(busy.name) }).waitFor();
    expect(await page.getByLabel('Seulement les suivis avec du nouveau depuis ma dernière visite').isChecked()).toBe(true);
    await axeCheck(page, 'mes suivis avec du nouveau');
    await page.goBack();
    await page.waitForURL(`${stack.pageUrl}/`);
    await list.getByRole('button', { name: new RegExp(quiet.name) }).waitFor();
    expect(await page.getByLabel('Seulement les suivis avec du nouveau depuis ma dernière visite').isChecked()).toBe(false);
  }, 60000);

  it('aucun point médian, des dates en « 1er » et des numéros de téléphone lisibles', async () => {
    // Straight to Léa's file: the tests before this one made enough files for Camille to push hers off the first page of « Mes suivis ».
    const page = await as(CAMILLE, `/personnes/${(await api(CAMILLE, 'POST', '/persons/lookup', LEA)).body.personId}`);
    const members = page.locator('gps-referent-list');
    await members.getByRole('button', { name: 'Afficher les coordonnées de Karim Benali' }).click();
    await expect.poll(() => members.locator('[part="contact"]').textContent()).toContain('04 72 61 00 00');
    const texts: string[] = [];
    for (const path of ['/', '/rechercher', '/demandes', '/profil', '/statistiques']) {
      await page.goto(`${stack.pageUrl}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(300);
      texts.push(await page.locator('body').innerText());
    }
    for (const tab of ['', '/actions', '/journal']) {
      await page.goto(`${page.url().split('/personnes/')[0]}/personnes/${(await api(CAMILLE, 'POST', '/persons/lookup', LEA)).body.personId}${tab}`);
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(500);
      texts.push(await page.locator('body').innerText(), ...(await page.locator('gps-person-card, gps-referent-list, gps-situation-editor, gps-action-log').allInnerTexts()));
    }
    const dotted = texts.flatMap((text) => text.match(/\p{L}·\p{L}+/gu) ?? []);
    expect(dotted).toEqual([]);
    expect(texts.join(' ')).not.toMatch(/\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/);
  }, 60000);

  it('à 375 px : chaque vue tient dans la largeur, « Se déconnecter » et le profil sont dans le menu ; le portail de démonstration aussi', async () => {
    const page = await as(CAMILLE, '/', PHONE);
    const { body } = await api(CAMILLE, 'POST', '/persons/lookup', LEA);
    for (const path of ['/', '/?liste=historique', '/?liste=refusees', '/?nouveau=oui', '/rechercher', '/demandes', '/profil', '/statistiques', '/statistiques-publiques', `/personnes/${body.personId}`, `/personnes/${body.personId}/actions`, `/personnes/${body.personId}/journal`, `/personnes/${body.personId}/imprimer`]) {
      await page.goto(`${stack.pageUrl}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(400);
      expect(`${path}: ${await fitsTheWidth(page)}`).toBe(`${path}: true`);
    }
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    const menu = page.getByRole('dialog', { name: 'Menu' });
    await menu.getByRole('button', { name: 'Se déconnecter' }).waitFor({ state: 'visible' });
    expect(await menu.getByRole('link', { name: 'Camille Martin' }).isVisible()).toBe(true);
    await expect.poll(async () => (await focused(page)).text).toBe('Fermer');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await focused(page)).id).toBe('bouton-menu');

    const portal = await page.context().newPage();
    await portal.goto(`${stack.apiUrl}/demo/?email=${encodeURIComponent(CAMILLE)}&person=${body.personId}`);
    await portal.locator('gps-person-card').getByRole('heading', { level: 2 }).waitFor();
    expect(await fitsTheWidth(portal)).toBe(true);
    await portal.close();
    await page.setViewportSize(DESKTOP);
  }, 60000);

  it('axe-core (WCAG 2.1 A/AA) : zéro violation sur chaque vue et chaque état, à 375 px et à 1280 px', async () => {
    const lea = (await api(CAMILLE, 'POST', '/persons/lookup', LEA)).body.personId as string;
    const ended = await newPerson(CAMILLE);
    await api(CAMILLE, 'PATCH', `/persons/${ended.id}/members/me`, { ended: true });
    const waiting = await newPerson(CAMILLE);
    await api(THOMAS, 'POST', `/persons/${waiting.id}/members`, { reason: 'Parcours en insertion' });
    await api(CAMILLE, 'POST', `/persons/${waiting.id}/invitations`, { email: INES });
    await inboxUpToDate();

    const { context, page: visitor } = await anonymous();
    const response = await visitor.goto(`${stack.pageUrl}/`);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'self'; script-src 'self'; style-src 'self'");
    expect(response!.headers()['x-content-type-options']).toBe('nosniff');
    const camille = await as(CAMILLE, '/');
    const thomas = await as(THOMAS, '/');
    const errors = collectErrors(camille);

    /** Every view and state: [name, page, how to get there]. */
    const views: [string, Page, () => Promise<unknown>][] = [
      ['connexion', visitor, () => visitor.goto(`${stack.pageUrl}/`)],
      ['connexion échouée', visitor, () => visitor.goto(`${stack.pageUrl}/?connexion=echec`)],
      ['accessibilité', visitor, () => within(visitor, '/accessibilite')],
      ['mentions légales', visitor, () => within(visitor, '/mentions-legales')],
      ['données personnelles', visitor, () => within(visitor, '/donnees-personnelles')],
      ['page introuvable', visitor, () => within(visitor, '/nimporte-quoi')],
      ['statistiques publiques', visitor, async () => {
        await within(visitor, '/statistiques-publiques');
        await visitor.locator('gps-page-public-stats canvas').first().waitFor();
      }],
      ['invitation, déconnecté', visitor, () => visitor.goto(`${stack.pageUrl}/invitation#${'a'.repeat(43)}`)],
      ['mes suivis', camille, () => camille.goto(`${stack.pageUrl}/`)],
      ['historique', camille, () => within(camille, '/?liste=historique')],
      ['mes suivis avec du nouveau', camille, () => within(camille, '/?nouveau=oui')],
      ['demandes envoyées', thomas, () => thomas.goto(`${stack.pageUrl}/?liste=demandes`)],
      ['demandes refusées', thomas, () => within(thomas, '/?liste=refusees')],
      ['demande envoyée', thomas, () => within(thomas, `/personnes/${waiting.id}`)],
      ['suivi terminé', camille, () => within(camille, `/personnes/${ended.id}`)],
      ['rechercher', camille, () => within(camille, '/rechercher')],
      ['rechercher, erreurs', camille, async () => {
        await camille.locator('gps-join').getByRole('button', { name: 'Rechercher' }).click();
        await camille.locator('gps-page-create').getByRole('button', { name: 'Ajouter la personne' }).click();
      }],
      ['demandes à traiter', camille, () => within(camille, '/demandes')],
      ['demandes à traiter, confirmation du refus', camille, () => camille.getByRole('button', { name: /^Refuser la demande de Thomas Nguyen/ }).click()],
      ['profil', camille, () => within(camille, '/profil')],
      ['statistiques', camille, async () => {
        await within(camille, '/statistiques');
        await camille.locator('gps-page-stats canvas').first().waitFor();
      }],
      ['fiche', camille, () => within(camille, `/personnes/${lea}`)],
      ['fiche, confirmation de fin de suivi', camille, () => camille.locator('gps-referent-list').getByRole('button', { name: 'Mettre fin à mon suivi' }).click()],
      ['fiche avec demande et invitation en attente', camille, () => within(camille, `/personnes/${waiting.id}`)],
      ['ce qui a été entrepris', camille, () => within(camille, `/personnes/${lea}/actions`)],
      ['journal', camille, () => within(camille, `/personnes/${lea}/journal`)],
      ['version imprimable', camille, () => within(camille, `/personnes/${lea}/imprimer`)],
    ];
    for (const [name, page, open] of views) {
      await page.setViewportSize(DESKTOP);
      await open();
      await settled(page);
      await axeCheck(page, `${name} à 1280 px`);
      // The same state at the phone's width: the layout changes, not the page.
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(100);
      await axeCheck(page, `${name} à 375 px`);
      // A dialog the step opened closes before the next state.
      await page.keyboard.press('Escape');
    }
    await camille.setViewportSize(PHONE);
    await camille.goto(`${stack.pageUrl}/`);
    await camille.getByRole('button', { name: 'Menu' }).click();
    await camille.getByRole('dialog', { name: 'Menu' }).getByRole('button', { name: 'Se déconnecter' }).waitFor({ state: 'visible' });
    await axeCheck(camille, 'menu ouvert à 375 px');
    await camille.keyboard.press('Escape');
    await camille.setViewportSize(DESKTOP);
    await thomas.setViewportSize(DESKTOP);
    expect(errors.filter((error) => /Content Security Policy|Refused to/.test(error))).toEqual([]);
    await context.close();
  }, 300000);

  it('au clavier seul, la journée : se connecter, chercher, demander à rejoindre, répondre, ouvrir une fiche, afficher un contact, inviter, enregistrer, noter une action, quitter un suivi, se déconnecter', async () => {
    const mine = await newPerson(SOPHIE);
    expect((await api(THOMAS, 'POST', `/persons/${mine.id}/members`, { reason: 'Parcours en insertion' })).status).toBe(202);
    // Day and month alike: Chromium's date field follows the browser's own language (here English, mm/dd), not the page's.
    const theirs = await newPerson(KARIM, { identity: { birthDate: '1987-04-04' } });
    await inboxUpToDate();
    const { context, page } = await anonymous();
    const expectFocus = async (text: string | RegExp) => expect.poll(async () => (await focused(page)).text).toMatch(text);

    await page.goto(`${stack.pageUrl}/`);
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('input[name=login]').focus();
    await page.keyboard.type(SOPHIE);
    await page.keyboard.press('Tab');
    await page.keyboard.type('mot-de-passe-de-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stack.pageUrl}/`);
    await page.locator('main h1').waitFor();

    // Find a person and ask to join.
    await page.getByRole('link', { name: 'Rechercher ou ajouter une personne' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus('Rechercher ou ajouter une personne');
    await page.locator('gps-join').getByLabel('Nom de naissance').focus();
    await page.keyboard.type(theirs.lastName);
    await page.keyboard.press('Tab');
    await page.keyboard.type(theirs.firstName);
    await page.keyboard.press('Tab');
    await page.keyboard.type(theirs.birthDate.split('-').reverse().join(''));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('reason');
    await page.keyboard.type('Accompagnement social');
    await page.keyboard.press('Enter');
    await expectFocus(/Votre demande a été envoyée|Vous faites maintenant partie/);

    // Answer a request.
    await page.getByRole('link', { name: /Demandes à traiter/ }).focus();
    await page.keyboard.press('Enter');
    await expectFocus('Demandes à traiter');
    await page.getByRole('button', { name: `Accepter la demande de Thomas Nguyen pour ${mine.name}` }).focus();
    expect((await focused(page)).outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expectFocus(`Thomas Nguyen fait maintenant partie du groupe de suivi de ${mine.name}.`);

    // Open a file.
    await page.getByRole('link', { name: 'Mes suivis' }).first().focus();
    await page.keyboard.press('Enter');
    await expectFocus('Mes suivis');
    await page.locator('gps-follow-up-list').getByRole('button', { name: new RegExp(mine.name) }).focus();
    await page.keyboard.press('Enter');
    await expectFocus(new RegExp(`^${mine.name}`));

    // Reveal a contact.
    await page.locator('gps-referent-list').getByRole('button', { name: 'Afficher les coordonnées de Thomas Nguyen' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus(/thomas\.nguyen@envie-rhone\.demo/);

    // Invite.
    await page.locator('gps-invite-button').getByRole('button', { name: 'Inviter un collègue' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('email');
    await page.keyboard.type(INES);
    await page.keyboard.press('Enter');
    await expectFocus(`Invitation envoyée à ${INES}`);
    await page.keyboard.press('Escape');
    await expectFocus('Inviter un collègue');

    // Save the situation.
    await page.locator('gps-situation-editor').getByLabel('Situation en quelques lignes').focus();
    await page.keyboard.type('Reprise d’une formation en janvier.');
    await page.locator('gps-situation-editor').getByRole('button', { name: 'Enregistrer' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus('Enregistré : la fiche est à jour.');

    // Add an action.
    await page.getByRole('link', { name: 'Ce qui a été entrepris' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus('Ce qui a été entrepris');
    await page.locator('gps-action-log').getByLabel('Ce qui a été fait').focus();
    await page.keyboard.type('Rendez-vous avec l’assistante sociale du secteur.');
    await page.locator('gps-action-log').getByRole('button', { name: 'Ajouter' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus(/Rendez-vous avec l’assistante sociale du secteur/);

    // Leave a follow-up.
    await page.getByRole('link', { name: 'Fiche et accompagnants' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('gps-referent-list').getByRole('button', { name: 'Mettre fin à mon suivi' }).focus();
    await page.keyboard.press('Enter');
    await expectFocus('Mettre fin à mon suivi');
    await page.keyboard.press('Enter');
    await expectFocus(`Votre suivi de ${mine.name} a pris fin`);

    // Sign out.
    await page.getByRole('button', { name: 'Se déconnecter' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
    await context.close();
  }, 90000);

  it('je me connecte avec le bouton ProConnect officiel, sur l’invitation comme sur l’accueil, « Qu’est-ce que ProConnect ? » à côté', async () => {
    const { context, page } = await anonymous(PHONE);
    for (const path of [`/invitation#${'a'.repeat(43)}`, '/']) {
      await page.goto(`${stack.pageUrl}${path}`);
      const button = page.getByRole('link', { name: 'S’identifier avec ProConnect', exact: true });
      await button.waitFor();
      // ProConnect's button for a DSFR site: the DSFR's connect button, ProConnect for its brand.
      expect(await button.evaluate((a) => a.classList.contains('fr-connect') && a.parentElement!.classList.contains('fr-connect-group'))).toBe(true);
      expect(await button.getAttribute('href')).toMatch(/^\/auth\/login\?returnTo=/);
      const what = page.getByRole('link', { name: 'Qu’est-ce que ProConnect ?' });
      expect(await what.getAttribute('href')).toBe('https://proconnect.gouv.fr/');
      expect(await what.getAttribute('target')).toBe('_blank');
      expect(await what.getAttribute('title')).toContain('nouvelle fenêtre');
      expect(await page.getByText('Se connecter avec ProConnect').count()).toBe(0);
      expect(await fitsTheWidth(page)).toBe(true);
    }
    await signInOn(page, CAMILLE);
    await page.waitForURL(`${stack.pageUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Mes suivis' }).waitFor();
    await context.close();
  });

  it('aucune redirection ouverte, et un retour de connexion forgé ne connecte personne', async () => {
    const login = await fetch(`${stack.apiUrl}/auth/login?returnTo=${encodeURIComponent('https://pirate.example/app')}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(new RegExp(`^${stack.oidcProvider.issuer}/auth\\?.*code_challenge_method=S256`));
    const state = /gps_login=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]!;
    expect(JSON.parse(Buffer.from(state.split('.')[1]!, 'base64url').toString()).returnTo).toBe('/app');

    const forged = await fetch(`${stack.apiUrl}/auth/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/app/?connexion=echec');
  });

  it('un state modifié en chemin : la page dit en français ce qui s’est passé et propose de se reconnecter, qui réussit', async () => {
    const { context, page } = await anonymous();
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
    await signInOn(page, CAMILLE);
    await page.waitForURL(`${stack.pageUrl}/?connexion=echec`);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: 'La connexion n’a pas abouti' }).waitFor();
    expect(await alert.textContent()).toContain('aucune session n’a été ouverte');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(0);

    await page.unrouteAll();
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    // Back on the page signed in, without the failure's query.
    expect(page.url()).toBe(`${stack.pageUrl}/`);
    const session = (await context.cookies()).find((cookie) => cookie.name === 'gps_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/auth' });
    const token = () => fetch(`${stack.apiUrl}/auth/token`, { headers: { cookie: `gps_session=${session.value}` } }).then((r) => r.status);
    expect(await token()).toBe(200);

    // « Se déconnecter » on a shared workstation: the provider's session ends too, the next sign-in asks again; the old cookie is refused.
    await Promise.all([page.waitForURL((url) => url.origin === new URL(issuer).origin), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    await page.waitForURL(`${stack.pageUrl}/`);
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
    const afterLogout = await page.evaluate(async () => ({ token: (await fetch('/auth/token')).status, me: (await fetch('/me')).status }));
    expect(afterLogout).toEqual({ token: 401, me: 401 });
    await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
    await page.locator('input[name=login]').waitFor();
    expect(page.url()).toMatch(new RegExp(`^${stack.oidcProvider.issuer}/interaction/`));
    expect(await token()).toBe(401);
    expect((await fetch(`${stack.apiUrl}/auth/token`, { headers: { cookie: 'gps_session=forge.forge.forge' } })).status).toBe(401);
    await context.close();
  });

  it('chaque message d’échec de connexion, à 375 px et à 1280 px : lisible, sans défilement horizontal', async () => {
    const messages = [
      ['echec', 'La connexion n’a pas abouti'],
      ['refusee', 'La connexion a été annulée'],
      ['indisponible', 'ProConnect ne répond pas'],
      ['structure-inconnue', 'Votre structure n’est pas encore connue de GPS'],
    ] as const;
    const { context, page } = await anonymous();
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      for (const [query, title] of messages) {
        await page.goto(`${stack.pageUrl}/?connexion=${query}`);
        const alert = page.getByRole('alert');
        await alert.getByRole('heading', { name: title }).waitFor();
        expect(await alert.getByRole('heading', { name: title }).isVisible()).toBe(true);
        await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
        expect(await fitsTheWidth(page)).toBe(true);
      }
      await page.screenshot({ path: `${ARTIFACTS}/connexion-echec-${viewport.width}.png`, fullPage: true });
    }
    await context.close();
  });
});
