// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle, text } from '../../../tests/support/widgets.ts';
import { setLocale } from '../core/localization.ts';
import './define.ts';

const member = (proId: string, firstName: string, lastName: string, extra: Record<string, unknown> = {}) => ({
  proId,
  firstName,
  lastName,
  jobTitle: 'Conseillère emploi',
  organization: { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail' },
  reason: 'Accompagnement vers l’emploi',
  isReferent: false,
  startedAt: '2026-09-01T10:00:00.000Z',
  email: `${firstName.toLowerCase()}@exemple.fr`,
  ...extra,
});
const CAMILLE = member('01JC00000000000000000CAMIL', 'Camille', 'Martin', { phone: '04 72 00 11 22' });
const KARIM = member('01JC000000000000000000KARI', 'Karim', 'Benali', {
  isReferent: true,
  role: 'Référent RSA',
  phone: '0472610000',
  organization: { siret: '22690001700012', name: 'Département du Rhône', kind: 'conseil_departemental' },
});
const OLD = member('01JC0000000000000000000OLD', 'Paul', 'Ancien', { endedAt: '2026-10-15T10:00:00.000Z', endReason: 'manual' });
const FILE = {
  personId: '01JC0000000000000000000LEA',
  identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' },
  // Not the référent first: the widget puts them first whatever the order.
  team: [CAMILLE, KARIM],
  formerTeam: [OLD],
  actions: [],
  needs: [],
};

describe('<gps-my-team>', () => {
  afterEach(async () => {
    document.body.innerHTML = '';
    await setLocale('fr');
  });

  it('shows my team, the référent first and explained, with phone and e-mail as links, then those who followed me before', async () => {
    const { calls } = fakeApi({ 'GET /my-file': () => ({ body: FILE }) });
    const team = await mount('gps-my-team');
    const items = [...team.shadowRoot!.querySelectorAll('li')];

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /my-file']);
    expect(items.map((li) => li.getAttribute('part'))).toEqual(['member referent', 'member current', 'member past']);
    expect(items[0]!.querySelector('h3')!.textContent).toBe('Karim Benali');
    expect(items[0]!.querySelector('[part="badge"]')!.textContent).toBe('Référent');
    expect(text(team)).toContain('C’est la personne qui coordonne votre accompagnement.');
    expect(items[0]!.textContent).toContain('Département du Rhône · Référent RSA');
    expect(items[0]!.textContent).toContain('Depuis le 1er septembre 2026');
    const phone = items[0]!.querySelector<HTMLAnchorElement>('a[href^="tel:"]')!;
    expect([phone.getAttribute('href'), phone.textContent]).toEqual(['tel:0472610000', '04 72 61 00 00']);
    expect(items[0]!.querySelector('a[href="mailto:karim@exemple.fr"]')).not.toBeNull();
    expect(items[2]!.textContent).toContain('Du 1er septembre 2026 au 15 octobre 2026');
    expect(team.shadowRoot!.querySelectorAll('h2')[1]!.textContent).toBe('Les professionnels qui vous accompagnaient avant');
  });

  it('« Je ne connais pas ce professionnel » asks first, then flags the member and tells the page', async () => {
    const { calls } = fakeApi({
      'GET /my-file': () => ({ body: FILE }),
      [`POST /my-file/team/${CAMILLE.proId}/unknown`]: () => ({ body: { ...CAMILLE, flaggedUnknownAt: '2026-11-03T13:05:00.000Z' } }),
    });
    const seen = events(document.body, 'gps-member-flagged');
    const team = await mount('gps-my-team');
    const camille = () => team.shadowRoot!.querySelector('li[part~="current"]')!;

    const flag = camille().querySelector('button')!;
    expect(flag.textContent!.trim()).toBe('Je ne connais pas ce professionnel');
    // Its accessible description names the member: several buttons on the page say the same.
    expect(team.shadowRoot!.getElementById(flag.getAttribute('aria-describedby')!)!.textContent).toBe('Camille Martin');
    flag.click();
    await settle(team);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(camille().textContent).toContain('Votre équipe verra que vous ne connaissez pas Camille Martin. Vous confirmez ?');

    // « Annuler » puts the button back, focused.
    [...camille().querySelectorAll('button')].find((b) => b.textContent === 'Annuler')!.click();
    await settle(team);
    expect(team.shadowRoot!.activeElement?.id).toBe(`flag-${CAMILLE.proId}`);

    camille().querySelector('button')!.click();
    await settle(team);
    [...camille().querySelectorAll('button')].find((b) => b.textContent === 'Oui, je confirme')!.click();
    await settle(team);

    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/my-file/team/${CAMILLE.proId}/unknown`]);
    expect(camille().querySelector('[part="flag"]')!.textContent).toBe('Vous avez dit ne pas connaître ce professionnel. Votre équipe le voit.');
    expect(camille().querySelector('button')).toBeNull();
    expect(team.shadowRoot!.activeElement?.getAttribute('part')).toBe('flag');
    expect(seen.map((e) => e.detail)).toEqual([{ proId: CAMILLE.proId, flaggedUnknownAt: '2026-11-03T13:05:00.000Z' }]);
  });

  it('a failed flag says GPS’s message and tells the page with gps-error', async () => {
    fakeApi({
      'GET /my-file': () => ({ body: FILE }),
      [`POST /my-file/team/${CAMILLE.proId}/unknown`]: () => ({ status: 429, body: { status: 429, detail: 'Trop de changements aujourd’hui : réessayez demain.' } }),
    });
    const seen = events(document.body, 'gps-error');
    const team = await mount('gps-my-team');
    team.shadowRoot!.querySelector<HTMLButtonElement>('li[part~="current"] button')!.click();
    await settle(team);
    [...team.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Oui, je confirme')!.click();
    await settle(team);

    expect(team.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('Trop de changements aujourd’hui : réessayez demain.');
    expect(seen.map((e) => e.detail.status)).toEqual([429]);
    expect(team.shadowRoot!.querySelectorAll('li')).toHaveLength(3);
  });

  it('says plainly that no file matches the person signed in', async () => {
    fakeApi({
      'GET /my-file': () => ({ status: 404, body: { type: '/docs#probleme-no-file', title: 'Aucun dossier', status: 404, detail: 'Aucun dossier GPS ne correspond à votre identité.' } }),
    });
    const seen = events(document.body, 'gps-error');
    const team = await mount('gps-my-team');
    expect(team.shadowRoot!.querySelector('[part="state"]')!.textContent).toMatch(/^Nous n’avons pas trouvé de dossier à votre nom\. Si un professionnel vous accompagne, demandez-lui/);
    expect(seen.map((e) => e.detail.status)).toEqual([404]);
  });

  it('speaks English with lang="en"', async () => {
    fakeApi({ 'GET /my-file': () => ({ body: FILE }) });
    document.documentElement.lang = 'en';
    try {
      const team = await mount('gps-my-team');
      await settle(team);
      expect(team.shadowRoot!.querySelector('h2')!.textContent).toBe('My team');
      expect(text(team)).toContain('This is the person who coordinates your support.');
      expect(text(team)).toContain('Since 1 September 2026');
    } finally {
      document.documentElement.lang = 'fr';
    }
  });
});
