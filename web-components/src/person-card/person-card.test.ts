// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { LEA, events, fakeApi, mount, settle, text } from '../../../tests/support/widgets.ts';
import { setLocale } from '../core/localization.ts';
import './define.ts';


describe('<gps-person-card>', () => {
  afterEach(async () => {
    document.body.innerHTML = '';
    await setLocale('fr');
  });

  it('shows the essentials of the situation, in French', async () => {
    fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: LEA }) });
    const card = await mount('gps-person-card', { 'person-id': LEA.id });

    expect(text(card)).toContain('Léa Dubois');
    expect(text(card)).toContain('Date de naissance : 12 mars 1994');
    expect(text(card)).toContain('Bénéficiaire du RSA');
    expect(text(card)).not.toContain('RQTH');
    const barriers = card.shadowRoot!.querySelector('[part="barriers"]')!;
    expect([...barriers.querySelectorAll('dt, dd')].map((node) => node.textContent)).toEqual(['Mobilité', 'Pas de permis B']);
    expect(card.shadowRoot!.querySelector('[part="name"]')!.textContent).toBe('Léa Dubois');
    expect(card.shadowRoot!.querySelector('a[href="tel:0612345678"]')!.textContent).toBe('06 12 34 56 78');
  });

  it('takes the version a widget of the page just saved, without reading it again', async () => {
    const { calls } = fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: LEA }) });
    const card = await mount('gps-person-card', { 'person-id': LEA.id });
    document.dispatchEvent(new CustomEvent('gps-person-updated', { detail: { person: { ...LEA, summary: 'Entrée en formation', version: 4 } } }));
    await settle(card);
    expect(text(card)).toContain('Entrée en formation');
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(1);
  });

  it('says when the person is not one of mine, and tells the page', async () => {
    fakeApi({});
    const seen = events(document.body, 'gps-error');
    const card = await mount('gps-person-card', { 'person-id': LEA.id });

    expect(text(card)).toBe('Cette personne ne fait pas partie des personnes que vous accompagnez.');
    expect(seen.at(-1)!.detail).toMatchObject({ status: 404 });
    expect(seen.at(-1)!.bubbles && seen.at(-1)!.composed).toBe(true);
  });

  it('shows the API’s French detail on an error, as an alert', async () => {
    fakeApi({ [`GET /persons/x`]: () => ({ status: 400, body: { status: 400, detail: 'Identifiant invalide.' } }) });
    const card = await mount('gps-person-card', { 'person-id': 'x' });

    expect(card.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('Identifiant invalide.');
  });

  it('reloads when its person-id changes', async () => {
    const { calls } = fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: LEA }), 'GET /persons/01JC0000000000000000000TOM': () => ({ body: { ...LEA, identity: { ...LEA.identity, firstName: 'Tom' } } }) });
    const card = await mount('gps-person-card', { 'person-id': LEA.id });
    card.setAttribute('person-id', '01JC0000000000000000000TOM');
    await settle(card);

    expect(calls.map((c) => c.path)).toEqual([`/persons/${LEA.id}`, '/persons/01JC0000000000000000000TOM']);
    expect(text(card)).toContain('Tom Dubois');
  });

  it('shows the needs the person wrote, marked as theirs, with where they are', async () => {
    const needs = [
      { id: '01JC000000000000000000NEE1', text: 'Passer le permis B.', category: 'mobilite', status: 'todo', createdAt: '2026-11-03T13:05:00.000Z', updatedAt: '2026-11-03T13:05:00.000Z' },
      { id: '01JC000000000000000000NEE2', text: 'Trouver une formation.', category: 'formation', status: 'done', createdAt: '2026-10-01T09:00:00.000Z', updatedAt: '2026-10-20T09:00:00.000Z' },
    ];
    fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: { ...LEA, needs } }) });
    const card = await mount('gps-person-card', { 'person-id': LEA.id });
    expect(text(card)).toContain('Besoins exprimés par la personne');
    const items = [...card.shadowRoot!.querySelectorAll('[part="needs"] li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'À faire Mobilité Passer le permis B. Écrit par la personne le 3 novembre 2026',
      'Fait Formation Trouver une formation. Écrit par la personne le 1er octobre 2026',
    ]);
    // A situation saved by a widget comes without the needs: the card keeps them.
    document.dispatchEvent(new CustomEvent('gps-person-updated', { detail: { person: { ...LEA, summary: 'Entrée en formation', version: 4 } } }));
    await settle(card);
    expect(card.shadowRoot!.querySelectorAll('[part="needs"] li')).toHaveLength(2);
  });

  it('shows no needs part when the person wrote none', async () => {
    fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: LEA }) });
    const card = await mount('gps-person-card', { 'person-id': LEA.id });
    expect(card.shadowRoot!.querySelector('[part="needs"]')).toBeNull();
    expect(text(card)).not.toContain('Besoins exprimés');
  });

  it('speaks English in a page whose language is English', async () => {
    fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: LEA }) });
    document.documentElement.lang = 'en';
    try {
      const card = await mount('gps-person-card', { 'person-id': LEA.id });
      await settle(card);
      expect(text(card)).toContain('Date of birth: 12 March 1994');
      expect(text(card)).toContain('RSA recipient');
      expect(text(card)).toContain('Barriers to employment');
    } finally {
      document.documentElement.lang = 'fr';
    }
  });
});
