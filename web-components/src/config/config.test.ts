// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../core/api.ts';
import './define.ts';

describe('<gps-config>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('configures GPS from its attributes: the API base, and a token from the portal’s endpoint kept until it expires', async () => {
    const requests: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      requests.push(`${url} ${(init.headers as Record<string, string>).Authorization ?? ''}`.trim());
      return url.endsWith('/jeton')
        ? Response.json({ access_token: 'jeton-du-portail', expires_in: 600 })
        : Response.json({ id: 'moi' });
    });
    const config = document.createElement('gps-config');
    config.setAttribute('api-base', 'https://api.gps.exemple.fr/');
    config.setAttribute('token-url', '/mon-portail/jeton');
    document.body.append(config);

    await call('GET', '/me');
    await call('GET', '/me');

    expect(requests).toEqual([
      '/mon-portail/jeton',
      'https://api.gps.exemple.fr/me Bearer jeton-du-portail',
      'https://api.gps.exemple.fr/me Bearer jeton-du-portail',
    ]);
  });
});
