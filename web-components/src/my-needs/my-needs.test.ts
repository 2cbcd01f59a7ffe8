// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle, text } from '../../../tests/support/widgets.ts';
import './define.ts';

const NEED = { id: '01JC000000000000000000NEED', text: 'Trouver une solution de garde le mercredi.', category: 'gardeEnfants', status: 'in_progress', createdAt: '2026-11-03T13:05:00.000Z', updatedAt: '2026-11-03T13:05:00.000Z' };
const FILE = { personId: '01JC0000000000000000000LEA', identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' }, team: [], formerTeam: [], actions: [], needs: [NEED] };

const type = (needs: HTMLElement, selector: string, value: string) => {
  const field = needs.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(selector)!;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (needs: HTMLElement) => needs.shadowRoot!.querySelector<HTMLFormElement>('[part="form"]')!.requestSubmit();

describe('<gps-my-needs>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists my needs with where I am and their theme, newest first', async () => {
    fakeApi({ 'GET /my-file': () => ({ body: FILE }) });
    const needs = await mount('gps-my-needs');
    const item = needs.shadowRoot!.querySelector('[part="need"]')!;
    expect([...item.querySelectorAll('.badge')].map((b) => b.textContent)).toEqual(['En cours', 'Garde d’enfants']);
    expect(item.textContent).toContain('Trouver une solution de garde le mercredi.');
    expect(item.textContent).toContain('Écrit le 3 novembre 2026');
    // The themes: the freins, then employment, training, anything else.
    const themes = [...needs.shadowRoot!.querySelectorAll('#need-category option')].map((o) => o.getAttribute('value'));
    expect(themes).toEqual(['mobilite', 'logement', 'gardeEnfants', 'sante', 'langue', 'numerique', 'finances', 'juridique', 'emploi', 'formation', 'autre']);
  });

  it('writes a need: sent to GPS, at the top of the list, said, and told to the page', async () => {
    const written = { ...NEED, id: '01JC000000000000000000NEW1', text: 'Passer le permis B.', category: 'mobilite', status: 'todo' };
    const { calls } = fakeApi({ 'GET /my-file': () => ({ body: FILE }), 'POST /my-file/needs': () => ({ status: 201, body: written }) });
    const seen = events(document.body, 'gps-need-written');
    const needs = await mount('gps-my-needs');

    type(needs, '#need-text', '  Passer le permis B.  ');
    needs.shadowRoot!.querySelector<HTMLSelectElement>('#need-category')!.value = 'mobilite';
    submit(needs);
    await settle(needs);

    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ text: 'Passer le permis B.', category: 'mobilite', status: 'todo' });
    expect([...needs.shadowRoot!.querySelectorAll('[part="need"]')].map((li) => li.querySelector('[id^="need-"]')!.textContent)).toEqual(['Passer le permis B.', NEED.text]);
    expect(needs.shadowRoot!.querySelector<HTMLTextAreaElement>('#need-text')!.value).toBe('');
    expect(needs.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('C’est noté. Votre équipe peut maintenant le lire.');
    expect(seen.map((e) => e.detail)).toEqual([{ need: written }]);
  });

  it('an empty need is not sent: the field says why and takes the focus', async () => {
    const { calls } = fakeApi({ 'GET /my-file': () => ({ body: FILE }) });
    const needs = await mount('gps-my-needs');
    submit(needs);
    await settle(needs);
    const field = needs.shadowRoot!.querySelector('#need-text')!;
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(needs.shadowRoot!.querySelector('#need-error')!.textContent).toBe('Écrivez votre besoin en quelques mots.');
    expect(needs.shadowRoot!.activeElement).toBe(field);
  });

  it('keeps what I typed when GPS refuses it, with GPS’s message under the field', async () => {
    fakeApi({
      'GET /my-file': () => ({ body: FILE }),
      'POST /my-file/needs': () => ({ status: 400, body: { status: 400, detail: 'Requête invalide.', errors: [{ pointer: '/text', detail: 'Le texte fait 300 caractères au plus.' }] } }),
    });
    const needs = await mount('gps-my-needs');
    type(needs, '#need-text', 'Un texte que je ne veux pas retaper.');
    submit(needs);
    await settle(needs);

    expect(needs.shadowRoot!.querySelector<HTMLTextAreaElement>('#need-text')!.value).toBe('Un texte que je ne veux pas retaper.');
    expect(needs.shadowRoot!.querySelector('#need-error')!.textContent).toBe('Le texte fait 300 caractères au plus.');
    expect(needs.shadowRoot!.activeElement?.id).toBe('need-text');
  });

  it('keeps what I typed when GPS cannot be reached, and says it', async () => {
    fakeApi({ 'GET /my-file': () => ({ body: FILE }), 'POST /my-file/needs': () => ({ status: 429, body: { status: 429, detail: 'Vous avez écrit beaucoup aujourd’hui : réessayez demain.' } }) });
    const seen = events(document.body, 'gps-error');
    const needs = await mount('gps-my-needs');
    type(needs, '#need-text', 'Mon texte.');
    submit(needs);
    await settle(needs);
    expect(needs.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('Vous avez écrit beaucoup aujourd’hui : réessayez demain.');
    expect(needs.shadowRoot!.querySelector<HTMLTextAreaElement>('#need-text')!.value).toBe('Mon texte.');
    expect(seen.map((e) => e.detail.status)).toEqual([429]);
  });

  it('changes where I am with a need', async () => {
    const { calls } = fakeApi({
      'GET /my-file': () => ({ body: FILE }),
      [`PATCH /my-file/needs/${NEED.id}`]: ({ body }) => ({ body: { ...NEED, ...body, updatedAt: '2026-11-20T09:00:00.000Z' } }),
    });
    const seen = events(document.body, 'gps-need-updated');
    const needs = await mount('gps-my-needs');
    const item = needs.shadowRoot!.querySelector('[part="need"]')!;
    const select = item.querySelector('select')!;
    expect(needs.shadowRoot!.getElementById(select.getAttribute('aria-describedby')!)!.textContent).toBe(NEED.text);
    select.value = 'done';
    item.querySelector('form')!.requestSubmit();
    await settle(needs);

    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ status: 'done' });
    expect(needs.shadowRoot!.querySelector('[part="need"] .badge')!.textContent).toBe('Fait');
    expect(seen.map((e) => (e.detail.need as { status: string }).status)).toEqual(['done']);
  });

  it('says plainly that no file matches the person signed in', async () => {
    fakeApi({ 'GET /my-file': () => ({ status: 404, body: { status: 404, detail: 'Aucun dossier GPS ne correspond à votre identité.' } }) });
    const needs = await mount('gps-my-needs');
    expect(text(needs)).toContain('Nous n’avons pas trouvé de dossier à votre nom.');
    expect(needs.shadowRoot!.querySelector('form')).toBeNull();
  });
});
