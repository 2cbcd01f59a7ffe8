// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

const PERSON = '01JC0000000000000000000LEA';

async function search(join: HTMLElement) {
  const root = join.shadowRoot!;
  (root.querySelector('#lastName') as HTMLInputElement).value = 'Dubois';
  (root.querySelector('#firstName') as HTMLInputElement).value = 'Léa';
  (root.querySelector('#birthDate') as HTMLInputElement).value = '1994-03-12';
  root.querySelector('[part="form"]')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle(join);
}

describe('<gps-join>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('looks up the exact identity and says when nobody matches', async () => {
    const { calls } = fakeApi({ 'POST /persons/lookup': () => ({ body: { found: false } }) });
    const join = await mount('gps-join');
    await search(join);

    expect(calls[0]!.body).toEqual({ lastName: 'Dubois', firstName: 'Léa', birthDate: '1994-03-12' });
    expect(join.shadowRoot!.querySelector('[part="result"]')!.textContent).toContain('Aucune personne ne correspond exactement');
  });

  it('asks to join when the organization may not join directly, and tells the page', async () => {
    const { calls } = fakeApi({
      'POST /persons/lookup': () => ({ body: { found: true, personId: PERSON, joinMode: 'request' } }),
      [`POST /persons/${PERSON}/members`]: () => ({ status: 202, body: { status: 'pending' } }),
    });
    const seen = events(document.body, 'gps-joined');
    const join = await mount('gps-join');
    await search(join);
    const result = join.shadowRoot!.querySelector('form[part="result"]') as HTMLFormElement;
    expect(result.querySelector('button')!.textContent!.trim()).toBe('Demander à rejoindre le groupe');

    (result.querySelector('#reason') as HTMLInputElement).value = 'Parcours IAE';
    result.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle(join);

    expect(calls.at(-1)!.body).toEqual({ reason: 'Parcours IAE' });
    expect(seen.map((e) => e.detail)).toEqual([{ personId: PERSON, status: 'pending' }]);
    expect(join.shadowRoot!.querySelector('[part="result"]')!.textContent).toContain('Votre demande a été envoyée');
  });

  it('knows when I already follow the person', async () => {
    fakeApi({ 'POST /persons/lookup': () => ({ body: { found: true, personId: PERSON, myStatus: 'active', joinMode: 'direct' } }) });
    const join = await mount('gps-join');
    await search(join);
    expect(join.shadowRoot!.querySelector('[part="result"]')!.textContent).toBe('Vous suivez déjà cette personne.');
  });
});
