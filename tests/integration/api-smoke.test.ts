import { describe, expect, it } from 'vitest';
import { testApi } from '#tests/support/api.ts';

describe('smoke', () => {
  it('works', async () => {
    const api = await testApi();
    const camille = await api.as();
    const created = await camille.call('POST', '/persons', {
      body: { identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' }, reason: 'Suivi RSA' },
    });
    console.log(created.status, created.body, Object.fromEntries(created.headers));
    const card = await camille.call('GET', `/persons/${created.body.id}`);
    console.log(card.status, card.body);
    const bad = await camille.call('POST', '/persons', { body: { identity: { firstName: 3 }, zut: 1 } });
    console.log(bad.status, JSON.stringify(bad.body), Object.fromEntries(bad.headers));
    const none = await api.request('GET', '/me');
    console.log(none.status, none.body);
    expect(1).toBe(1);
  });
});
