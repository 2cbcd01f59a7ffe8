// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../../tests/support/widgets.ts';
import { ApiError, call } from './api.ts';
import { define } from './gps-element.ts';

describe('the widgets’ core', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks the page for a fresh token once when GPS answers 401, and retries', async () => {
    let first = true;
    const { calls, tokens } = fakeApi({
      'GET /me': () => {
        if (first) {
          first = false;
          return { status: 401, body: { status: 401, detail: 'Jeton expiré.' } };
        }
        return { body: { id: 'moi' } };
      },
    });

    const { data } = await call<{ id: string }>('GET', '/me');

    expect(data).toEqual({ id: 'moi' });
    expect(tokens).toEqual([false, true]);
    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer token', 'Bearer fresh-token']);
  });

  it('turns a refusal into an ApiError carrying the French problem', async () => {
    fakeApi({ 'GET /me': () => ({ status: 401, body: { status: 401, detail: 'Jeton refusé.' } }) });
    await expect(call('GET', '/me')).rejects.toMatchObject({ name: 'ApiError', status: 401, message: 'Jeton refusé.' });
    await expect(call('GET', '/me')).rejects.toBeInstanceOf(ApiError);
  });

  it('defines a tag once: a second definition is ignored, not an error', () => {
    class First extends HTMLElement {}
    class Second extends HTMLElement {}
    define('gps-test-once', First);
    expect(() => define('gps-test-once', Second)).not.toThrow();
    expect(customElements.get('gps-test-once')).toBe(First);
  });
});
