// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../../tests/support/widgets.ts';
import { ApiError, call } from './api.ts';
import { define } from './gps-element.ts';
import { formatDate, formatPhone, formatTime } from './localization.ts';

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

  it('writes dates, times and phone numbers as the French read them', () => {
    expect(formatDate('2026-12-01', 'fr')).toBe('1er décembre 2026');
    expect(formatDate('2026-12-02', 'fr')).toBe('2 décembre 2026');
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(formatTime('2026-12-01T13:05:00Z', 'fr')).toBe('14 h 05');
    expect(formatPhone('0472610000')).toBe('04 72 61 00 00');
    expect(formatPhone('+33472610000')).toBe('+33 4 72 61 00 00');
    expect(formatPhone('+44 20 7946 0958')).toBe('+44 20 7946 0958');
  });
});
