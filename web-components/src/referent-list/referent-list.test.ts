// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

const PERSON = '01JC0000000000000000000LEA';
const ME = '01JC00000000000000000000ME';
const member = (proId: string, lastName: string, extra: Record<string, unknown> = {}) => ({
  proId,
  professional: { firstName: 'Camille', lastName },
  organization: { siret: '13000548100010', name: 'France Travail Lyon', kind: 'france_travail' },
  reason: 'Accompagnement',
  status: 'active',
  isReferent: false,
  certified: false,
  source: 'self',
  startedAt: '2026-09-01T10:00:00.000Z',
  ...extra,
});
const MEMBERS = [
  member('01JC0000000000000000000REF', 'Référente', { isReferent: true, role: 'Conseillère RSA' }),
  member(ME, 'Moi'),
  member('01JC0000000000000000000PEN', 'Attente', { status: 'pending' }),
  member('01JC0000000000000000000OLD', 'Ancien', { status: 'ended', endedAt: '2026-10-15T10:00:00.000Z', endReason: 'automatic' }),
];

describe('<gps-referent-list>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  const api = (extra = {}) =>
    fakeApi({
      [`GET /persons/${PERSON}/members`]: () => ({ body: MEMBERS }),
      'GET /me': () => ({ body: { id: ME } }),
      ...extra,
    });

  it('puts the referent first with a badge, then current, pending and past members with their dates', async () => {
    api();
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    const items = [...list.shadowRoot!.querySelectorAll('li')];

    expect(items.map((li) => li.getAttribute('part'))).toEqual(['member referent', 'member current', 'member pending', 'member past']);
    expect(items[0]!.querySelector('[part="badge"]')!.textContent).toBe('Référent de parcours');
    expect(items[0]!.textContent).toContain('Conseillère RSA');
    expect(items[3]!.textContent).toContain('Du 1er septembre 2026 au 15 octobre 2026 (sans activité depuis deux ans)');
  });

  it('shows a confidential member as « Un accompagnement confidentiel », with « Demander à être contacté » instead of the contact', async () => {
    const HIDDEN = '01JC0000000000000000000SPP';
    const { calls } = fakeApi({
      [`GET /persons/${PERSON}/members`]: () => ({ body: [...MEMBERS, { proId: HIDDEN, confidential: true, status: 'active', isReferent: false, startedAt: '2026-10-01T10:00:00.000Z' }] }),
      'GET /me': () => ({ body: { id: ME } }),
      [`POST /persons/${PERSON}/members/${HIDDEN}/contact-request`]: () => ({ status: 202, body: { sent: true } }),
    });
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    const item = list.shadowRoot!.querySelector('li[part~="confidential"]')!;

    expect(item.textContent).toContain('Un accompagnement confidentiel');
    expect(item.textContent).toContain('Depuis le 1er octobre 2026');
    expect([...item.querySelectorAll('button')].map((b) => b.textContent!.trim())).toEqual(['Demander à être contacté']);
    item.querySelector('button')!.click();
    await settle(list);

    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/persons/${PERSON}/members/${HIDDEN}/contact-request`]);
    expect(list.shadowRoot!.querySelector('li[part~="confidential"]')!.textContent).toContain('Demande envoyée : ce membre a reçu vos coordonnées par e-mail.');
  });

  it('shows a removal with its note, and the earlier periods of a member who rejoined', async () => {
    fakeApi({
      [`GET /persons/${PERSON}/members`]: () => ({
        body: [
          member(ME, 'Moi', { earlierPeriods: [{ startedAt: '2025-01-06T10:00:00.000Z', endedAt: '2025-06-30T10:00:00.000Z', endReason: 'manual' }] }),
          member('01JC0000000000000000000OUT', 'Retiré', { status: 'ended', endedAt: '2026-10-15T10:00:00.000Z', endReason: 'removed', endNote: 'Ne suit pas cette personne' }),
        ],
      }),
      'GET /me': () => ({ body: { id: ME } }),
    });
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    const [mine, removed] = [...list.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(mine).toContain('Périodes précédentes : Du 6 janvier 2025 au 30 juin 2025 (fin du suivi)');
    expect(removed).toContain('(retiré par un membre)');
    expect(removed).toContain('Motif du retrait : Ne suit pas cette personne');
  });

  it('hides contact details until « Afficher », then shows them and tells the page', async () => {
    const { calls } = api({ [`POST /persons/${PERSON}/members/01JC0000000000000000000REF/contact`]: () => ({ body: { email: 'ref@ft.fr', phone: '04 72 00 11 22' } }) });
    const seen = events(document.body, 'gps-contact-revealed');
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    expect(list.shadowRoot!.querySelector('[part="contact"]')).toBeNull();
    // Nobody reveals their own details, nor a pending requester's.
    expect(list.shadowRoot!.querySelectorAll('li button')).toHaveLength(2);

    (list.shadowRoot!.querySelector('li button') as HTMLButtonElement).click();
    await settle(list);

    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(list.shadowRoot!.querySelector('[part="contact"]')!.textContent).toContain('04 72 00 11 22');
    expect(seen.map((e) => e.detail)).toEqual([{ proId: '01JC0000000000000000000REF' }]);
  });

  it('lets an active member become the referent once they confirm replacing the current one, and tells the page', async () => {
    const { calls } = api({ [`PATCH /persons/${PERSON}/members/me`]: () => ({ body: {} }) });
    const seen = events(document.body, 'gps-referent-changed');
    const list = await mount('gps-referent-list', { 'person-id': PERSON });

    const button = [...list.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Devenir référent de parcours'))!;
    button.click();
    await settle(list);
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    const dialog = list.shadowRoot!.querySelector('dialog')!;
    expect(dialog.textContent).toContain('Camille Référente est aujourd’hui référent de parcours');
    (dialog.querySelector('[data-confirm]') as HTMLButtonElement).click();
    await settle(list);

    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ isReferent: true });
    expect(seen.map((e) => e.detail)).toEqual([{ personId: PERSON, proId: ME }]);
  });

  it('says on a member the person does not know, confidential or not, that the person said so', async () => {
    const HIDDEN = '01JC0000000000000000000SPP';
    fakeApi({
      [`GET /persons/${PERSON}/members`]: () => ({
        body: [
          member('01JC0000000000000000000REF', 'Référente', { isReferent: true, flaggedUnknownAt: '2026-11-03T13:05:00.000Z' }),
          member(ME, 'Moi'),
          { proId: HIDDEN, confidential: true, status: 'active', isReferent: false, startedAt: '2026-10-01T10:00:00.000Z', flaggedUnknownAt: '2026-11-04T09:00:00.000Z' },
        ],
      }),
      'GET /me': () => ({ body: { id: ME } }),
    });
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    const flags = [...list.shadowRoot!.querySelectorAll('li')].map((li) => li.querySelector('[part="flag"]')?.textContent ?? null);
    expect(flags).toEqual([
      'La personne dit ne pas connaître ce professionnel (signalé le 3 novembre 2026).',
      null,
      'La personne dit ne pas connaître ce professionnel (signalé le 4 novembre 2026).',
    ]);
  });

  it('shows an empty state', async () => {
    fakeApi({ [`GET /persons/${PERSON}/members`]: () => ({ body: [] }), 'GET /me': () => ({ body: { id: ME } }) });
    const list = await mount('gps-referent-list', { 'person-id': PERSON });
    expect(list.shadowRoot!.querySelector('[part="state"]')!.textContent).toBe('Personne ne suit encore cette personne.');
  });
});
