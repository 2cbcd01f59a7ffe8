// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { LEA, events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

async function save(editor: HTMLElement, summary: string) {
  const form = editor.shadowRoot!.querySelector('[part="form"]') as HTMLFormElement;
  (form.querySelector('#summary') as HTMLTextAreaElement).value = summary;
  form.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle(editor);
}

describe('<gps-situation-editor>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
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

  it('on a version conflict, says so, keeps what was typed and offers to reload', async () => {
    fakeApi({
      [`GET /persons/${LEA.id}`]: () => ({ body: LEA }),
      [`PATCH /persons/${LEA.id}`]: () => ({ status: 412, body: { status: 412, detail: 'Version périmée.', currentVersion: 4 } }),
    });
    const editor = await mount('gps-situation-editor', { 'person-id': LEA.id });
    await save(editor, 'Mon texte à ne pas perdre');

    const conflict = editor.shadowRoot!.querySelector('[part="conflict"]')!;
    expect(conflict.getAttribute('role')).toBe('alert');
    expect(conflict.textContent).toContain('Quelqu’un a modifié cette fiche pendant que vous l’éditiez');
    expect((editor.shadowRoot!.querySelector('#summary') as HTMLTextAreaElement).value).toBe('Mon texte à ne pas perdre');
    expect(conflict.querySelector('button')!.textContent).toBe('Recharger la fiche');
  });
});
