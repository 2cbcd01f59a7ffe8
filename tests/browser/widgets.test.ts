import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '#local/stack.ts';
import { collectErrors, expectNoAxeViolations, launchChromium } from '#tests/support/browser.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE = 'camille.martin@francetravail.demo';

describe('le portail partenaire de démonstration embarque les widgets GPS (Chromium, pile de npm start)', () => {
  let stack: Stack;
  let browser: Browser;
  let personId: string;
  let outsider: { email: string; firstName: string; lastName: string };

  const api = async (email: string, method: string, path: string, body?: unknown) => {
    const { access_token: token } = await fetch(`${stack.apiUrl}/dev/token?email=${encodeURIComponent(email)}`).then((r) => r.json());
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  const portal = async (email: string, query = ''): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.apiUrl}/demo/?email=${encodeURIComponent(email)}${query}`);
    return page;
  };

  beforeAll(async () => {
    stack = await startLocalStack({ seed: true });
    browser = await launchChromium();
    // A person Camille follows with colleagues, and a demo professional outside the group.
    const mine = (await api(CAMILLE, 'GET', '/follow-ups?limit=50')).body.items as { personId: string }[];
    const professionals = (await fetch(`${stack.apiUrl}/dev/professionals`).then((r) => r.json())) as (typeof outsider)[];
    for (const { personId: candidate } of mine) {
      const members = (await api(CAMILLE, 'GET', `/persons/${candidate}/members`)).body as { proId: string; status: string; professional: { lastName: string } }[];
      const active = members.filter((m) => m.status === 'active');
      const free = professionals.find((p) => !members.some((m) => m.professional.lastName === p.lastName));
      if (active.length >= 2 && free) {
        personId = candidate;
        outsider = free;
        break;
      }
    }
    expect(personId).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('Camille voit la fiche, affiche le téléphone d’un collègue, invite un collègue qui retrouve ensuite la personne dans sa liste', async () => {
    const page = await portal(CAMILLE, `&person=${personId}`);
    const errors = collectErrors(page);
    const card = page.locator('gps-person-card');
    await expect.poll(() => card.getByRole('heading', { level: 2 }).textContent()).toMatch(/\S+ \S+/);

    const list = page.locator('gps-referent-list');
    await list.getByRole('button', { name: /Afficher les coordonnées de/ }).first().click();
    await expect.poll(() => list.locator('[part="contact"] a[href^="tel:"]').count()).toBe(1);

    await page.locator('gps-invite-button').getByRole('button', { name: 'Inviter un collègue' }).click();
    const dialog = page.locator('gps-invite-button').getByRole('dialog');
    await dialog.getByLabel('E-mail professionnel de votre collègue').fill(outsider.email);
    await dialog.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain(`Invitation envoyée à ${outsider.email}`);

    await stack.drainStream();
    const { emails } = await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json());
    // Other e-mails may reach them in the same drain (the answer to a request of theirs): the invitation is the one that invites.
    const email = emails.findLast((e: { destination: { to: string[] }; subject: string }) => e.destination.to.includes(outsider.email) && /vous invite à rejoindre un groupe de suivi/.test(e.subject));
    expect(email).toBeDefined();
    const token = /#([A-Za-z0-9_-]{43})/.exec(email.body.text)![1];
    expect((await api(outsider.email, 'POST', '/invitations/accept', { token })).status).toBe(201);

    const colleague = await portal(outsider.email);
    const name = await card.getByRole('heading', { level: 2 }).textContent();
    await expect.poll(() => colleague.locator('gps-follow-up-list').getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(name!.trim())]),
    );
    expect(errors).toEqual([]);
    // Two page loads, an e-mail through the stream, a second professional: room on a loaded machine.
  }, 60_000);

  it('le parcours d’invitation se fait entièrement au clavier', async () => {
    const page = await portal(CAMILLE, `&person=${personId}`);
    const invite = page.locator('gps-invite-button');
    await invite.getByRole('button', { name: 'Inviter un collègue' }).waitFor();

    await invite.getByRole('button', { name: 'Inviter un collègue' }).focus();
    await page.keyboard.press('Enter');
    const dialog = invite.getByRole('dialog');
    const email = dialog.getByLabel('E-mail professionnel de votre collègue');
    await expect.poll(() => email.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    await page.keyboard.type('pas-un-email');
    await page.keyboard.press('Enter');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByText(/Saisissez une adresse e-mail valide/).isVisible()).toBe(true);

    await email.fill('');
    await page.keyboard.type('collegue.clavier@exemple.fr');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bonjour, je te propose de rejoindre le suivi.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Invitation envoyée à collegue.clavier@exemple.fr');

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await invite.evaluate((host) => host.shadowRoot!.activeElement?.getAttribute('part'))).toBe('button');
  });

  it('une page qui charge le script deux fois ne casse pas', async () => {
    const page = await portal(CAMILLE, `&person=${personId}`);
    const errors = collectErrors(page);
    await page.locator('gps-person-card').getByRole('heading', { level: 2 }).waitFor();

    await page.addScriptTag({ type: 'module', url: '/widgets/gps-widgets.js?encore=1' });
    await page.addScriptTag({ type: 'module', url: '/widgets/gps-widgets.js' });
    await page.locator('gps-referent-list').evaluate((el) => (el as unknown as { load: () => Promise<void> }).load());

    expect(errors).toEqual([]);
    expect(await page.evaluate(() => typeof window.GPS?.configure)).toBe('function');
    expect(await page.locator('gps-referent-list').getByRole('listitem').count()).toBeGreaterThan(1);
  });

  it('en anglais avec lang="en"', async () => {
    const page = await portal(CAMILLE, `&person=${personId}&lang=en`);
    await expect.poll(() => page.locator('gps-invite-button').getByRole('button').first().textContent()).toBe('Invite a colleague');
    await expect.poll(() => page.locator('gps-referent-list').getByRole('heading').textContent()).toBe('The professionals who support this person');
  });

  describe('axe-core (WCAG 2.1 A/AA) : zéro violation dans chaque état', () => {
    it('chargement', async () => {
      const page = await (await browser.newContext()).newPage();
      // Hold the API's answers (for real, not faked) to look at the loading state.
      await page.route('**/persons/**', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.goto(`${stack.apiUrl}/demo/?email=${CAMILLE}&person=${personId}`);
      await page.locator('gps-person-card').getByRole('status').waitFor();
      await expectNoAxeViolations(page, 'chargement');
    });

    it('données', async () => {
      const page = await portal(CAMILLE, `&person=${personId}`);
      await page.locator('gps-action-log').getByRole('heading', { name: 'Ce qui a été entrepris' }).waitFor();
      await page.locator('gps-referent-list').getByRole('listitem').first().waitFor();
      await page.locator('gps-situation-editor').getByRole('button', { name: 'Enregistrer' }).waitFor();
      await expectNoAxeViolations(page, 'données');
    });

    it('vide', async () => {
      const page = await portal(CAMILLE);
      await page.locator('gps-follow-up-list').evaluate((el) => el.setAttribute('status', 'pending'));
      await page.locator('gps-follow-up-list').getByText('Aucune personne dans cette liste').waitFor();
      await expectNoAxeViolations(page, 'vide');
    });

    it('erreur', async () => {
      const page = await portal(CAMILLE, '&person=pas-un-identifiant');
      await page.locator('gps-person-card').getByRole('alert').waitFor();
      await expectNoAxeViolations(page, 'erreur');
    });

    it('dialogue ouvert', async () => {
      const page = await portal(CAMILLE, `&person=${personId}`);
      await page.locator('gps-invite-button').getByRole('button', { name: 'Inviter un collègue' }).click();
      await page.locator('gps-invite-button').getByRole('dialog').waitFor();
      await expectNoAxeViolations(page, 'dialogue');
    });
  });
});
