// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

const PERSON = '01JC0000000000000000000LEA';

async function fillAndSend(button: HTMLElement, email: string, message = '') {
  const root = button.shadowRoot!;
  (root.querySelector('[part="button"]') as HTMLButtonElement).click();
  await settle(button);
  (root.querySelector('#email') as HTMLInputElement).value = email;
  (root.querySelector('#message') as HTMLTextAreaElement).value = message;
  root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  await settle(button);
}

describe('<gps-invite-button>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('opens a labelled modal dialog with the e-mail field focused', async () => {
    fakeApi({});
    const button = await mount('gps-invite-button', { 'person-id': PERSON });
    (button.shadowRoot!.querySelector('[part="button"]') as HTMLButtonElement).click();
    await settle(button);
    const dialog = button.shadowRoot!.querySelector('dialog')!;

    expect(dialog.open).toBe(true);
    expect(button.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Inviter un collègue dans le groupe de suivi');
    expect(button.shadowRoot!.activeElement?.id).toBe('email');
  });

  it('refuses an invalid e-mail without calling GPS', async () => {
    const { calls } = fakeApi({});
    const button = await mount('gps-invite-button', { 'person-id': PERSON });
    await fillAndSend(button, 'pas-un-email');

    const email = button.shadowRoot!.querySelector('#email')!;
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(button.shadowRoot!.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toMatch(/adresse e-mail valide/);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('sends the invitation, shows the result and tells the page', async () => {
    const invitation = { id: '01JC0000000000000000000INV', email: 'thomas@envie.fr', expiresAt: '2026-12-07T00:00:00.000Z' };
    const { calls } = fakeApi({ [`POST /persons/${PERSON}/invitations`]: () => ({ status: 201, body: invitation }) });
    const seen = events(document.body, 'gps-invite-sent');
    const button = await mount('gps-invite-button', { 'person-id': PERSON });
    await fillAndSend(button, ' thomas@envie.fr ', 'Bonjour');

    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ email: 'thomas@envie.fr', message: 'Bonjour' });
    expect(button.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('Invitation envoyée à thomas@envie.fr');
    expect(seen.map((e) => e.detail)).toEqual([{ invitation }]);
  });

  it('shows GPS’s refusal (quota reached) in the dialog', async () => {
    fakeApi({ [`POST /persons/${PERSON}/invitations`]: () => ({ status: 429, body: { status: 429, detail: 'Vous avez envoyé 30 invitations aujourd’hui.' } }) });
    const button = await mount('gps-invite-button', { 'person-id': PERSON });
    await fillAndSend(button, 'thomas@envie.fr');

    expect(button.shadowRoot!.querySelector('[role="alert"]')!.textContent).toBe('Vous avez envoyé 30 invitations aujourd’hui.');
    expect(button.shadowRoot!.querySelector('dialog')!.open).toBe(true);
  });
});
