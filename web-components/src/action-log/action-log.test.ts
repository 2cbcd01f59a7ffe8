// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

const PERSON = '01JC0000000000000000000LEA';
const action = (text: string) => ({
  id: '01JC0000000000000000000ACT',
  date: '2026-10-02',
  category: 'formation',
  text,
  author: { firstName: 'Camille', lastName: 'Martin', organizationName: 'France Travail' },
});

describe('<gps-action-log>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists what was undertaken, newest first, and adds an entry', async () => {
    const { calls } = fakeApi({
      [`GET /persons/${PERSON}/actions`]: () => ({ body: { items: [action('Inscription CACES')] } }),
      [`POST /persons/${PERSON}/actions`]: ({ body }) => ({ status: 201, body: { ...action(body.text), category: body.category } }),
    });
    const seen = events(document.body, 'gps-action-added');
    const log = await mount('gps-action-log', { 'person-id': PERSON });
    expect(log.shadowRoot!.querySelector('[part="entry"]')!.textContent).toContain('Formation');

    const form = log.shadowRoot!.querySelector('[part="form"]') as HTMLFormElement;
    (form.querySelector('#category') as HTMLSelectElement).value = 'emploi';
    (form.querySelector('#text') as HTMLTextAreaElement).value = '  Entretien chez Envie ';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle(log);

    expect(calls.at(-1)!.body).toMatchObject({ category: 'emploi', text: 'Entretien chez Envie' });
    expect([...log.shadowRoot!.querySelectorAll('[part="entry"]')].map((e) => e.textContent!.includes('Entretien chez Envie'))).toEqual([true, false]);
    expect(seen).toHaveLength(1);
  });
});
