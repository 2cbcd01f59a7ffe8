// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { LEA, events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

async function save(editor: HTMLElement, summary: string) {
  const form = editor.shadowRoot!.querySelector('[part="form"]') as HTMLFormElement;
  const field = form.querySelector('#summary') as HTMLTextAreaElement;
  field.value = summary;
  field.dispatchEvent(new Event('input'));
  await settle(editor);
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle(editor);
}

describe('<gps-situation-editor>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('warns on every free-text field that the person may read it, and asks no details on the santé and juridique freins', async () => {
    fakeApi({ [`GET /persons/${LEA.id}`]: () => ({ body: { ...LEA, situation: { flags: {}, barriers: { sante: {}, logement: { note: 'Hébergée chez sa sœur' } } } } }) });
    const editor = await mount('gps-situation-editor', { 'person-id': LEA.id });
    const form = editor.shadowRoot!.querySelector('[part="form"]')!;
    const hintOf = (id: string) => form.querySelector(`#${form.querySelector(`#${id}`)!.getAttribute('aria-describedby')}`)!.textContent;

    expect(hintOf('summary')).toBe('La personne peut lire ce que vous écrivez ici : n’y notez aucun détail de santé, de justice ou de vie privée.');
    expect(hintOf('note-logement')).toBe(hintOf('summary'));
    expect(form.querySelector('#note-sante')).toBeNull();
    expect(form.textContent).toContain('Le frein est noté, sans précision');
  });

  it('saves with the version it read (If-Match) and tells the page', async () => {
    const { calls } = fakeApi({
      [`GET /persons/${LEA.id}`]: () => ({ body: LEA }),
      [`PATCH /persons/${LEA.id}`]: ({ body }) => ({ body: { ...LEA, ...body, version: 4 } }),
    });
    const seen = events(document.body, 'gps-person-updated');
    const editor = await mount('gps-situation-editor', { 'person-id': LEA.id });
    await save(editor, 'Formation CACES en janvier.');

    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers['If-Match']).toBe('"3"');
    expect(patch.body.summary).toBe('Formation CACES en janvier.');
    expect(patch.body.situation.flags).toMatchObject({ rsa: true, rqth: false });
    expect(seen[0]!.detail.person.version).toBe(4);
  });

  it('on a version conflict, shows the saved version beside what was typed, keeps it, and saves it over that version', async () => {
    let reads = 0;
    const { calls } = fakeApi({
      [`GET /persons/${LEA.id}`]: () => ({ body: reads++ === 0 ? LEA : { ...LEA, summary: 'Leur version', version: 4 } }),
      [`PATCH /persons/${LEA.id}`]: ({ headers }) =>
        headers['If-Match'] === '"3"'
          ? { status: 412, body: { status: 412, detail: 'Version périmée.', currentVersion: 4 } }
          : { body: { ...LEA, summary: 'Mon texte à ne pas perdre', version: 5 } },
    });
    const editor = await mount('gps-situation-editor', { 'person-id': LEA.id });
    await save(editor, 'Mon texte à ne pas perdre');

    const conflict = editor.shadowRoot!.querySelector('[part="conflict"]')!;
    expect(conflict.getAttribute('role')).toBe('alert');
    expect(conflict.textContent).toContain('Quelqu’un a modifié cette fiche pendant que vous l’éditiez');
    expect(conflict.textContent).toContain('Leur version');
    expect((editor.shadowRoot!.querySelector('#summary') as HTMLTextAreaElement).value).toBe('Mon texte à ne pas perdre');
    // Taking their version asks first.
    (conflict.querySelector('button') as HTMLButtonElement).click();
    await settle(editor);
    expect(editor.shadowRoot!.querySelector('[part="conflict"]')!.textContent).toContain('Votre texte sera effacé');
    expect((editor.shadowRoot!.querySelector('#summary') as HTMLTextAreaElement).value).toBe('Mon texte à ne pas perdre');

    const form = editor.shadowRoot!.querySelector('[part="form"]') as HTMLFormElement;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle(editor);
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.headers['If-Match'])).toEqual(['"3"', '"4"']);
    expect(editor.shadowRoot!.querySelector('[part="conflict"]')).toBeNull();
  });
});
