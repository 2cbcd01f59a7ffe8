import { describe, expect, it } from 'vitest';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';

describe('je mets à jour une partie du dossier', async () => {
  const gps = await testApi();
  const advisor = await gps.as();

  it('ce que je n’envoie pas reste tel quel', async () => {
    const created = await advisor.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Partiel' }), reason: 'Suivi RSA' } });
    const path = `/persons/${created.body.id}`;

    const summaryOnly = await advisor.call('PATCH', path, { body: { summary: 'Entrée en formation cariste.' }, headers: { 'If-Match': '"1"' } });
    expect(summaryOnly.status).toBe(200);
    expect(summaryOnly.body).toMatchObject({
      summary: 'Entrée en formation cariste.',
      contact: { city: 'Villeurbanne', postcode: '69100' },
      situation: { flags: { rsa: true }, barriers: { mobilite: { note: 'Pas de permis' } } },
      version: 2,
    });

    const situationOnly = await advisor.call('PATCH', path, { body: { situation: { flags: { rsa: true, rqth: true }, barriers: {} } }, headers: { 'If-Match': '"2"' } });
    expect(situationOnly.status).toBe(200);
    const card = await advisor.call('GET', path);
    expect(card.body).toMatchObject({ summary: 'Entrée en formation cariste.', contact: { city: 'Villeurbanne' }, situation: { flags: { rsa: true, rqth: true }, barriers: {} }, version: 3 });
  });
});
