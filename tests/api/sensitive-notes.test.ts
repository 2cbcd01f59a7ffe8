import { describe, expect, it } from 'vitest';
import { testApi } from '#tests/support/api.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { expectFrenchProblem } from '#tests/support/problems.ts';

const HEALTH = 'Grossesse, accouchement prévu en mars';

describe('the santé and justice freins record the fact, not the details', async () => {
  const api = await testApi();

  it('a note on « Santé » or « Justice » is refused in French, at creation and at update; the frein alone is kept', async () => {
    const pro = await api.as();
    const refused = await pro.call('POST', '/persons', {
      body: { ...newPerson({ lastName: 'Sensible' }), situation: { flags: {}, barriers: { sante: { note: HEALTH } } }, reason: 'Suivi' },
    });
    const created = await pro.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Sensible' }), situation: { flags: {}, barriers: { sante: {} } }, reason: 'Suivi' } });
    const update = (barriers: object) =>
      pro.call('PATCH', `/persons/${created.body.id}`, { body: { situation: { flags: {}, barriers } }, headers: { 'If-Match': created.headers.get('etag')! } });
    const justice = await update({ juridique: { note: 'Sous main de justice' }, logement: { note: 'Hébergée chez sa sœur' } });

    expect(refused.status).toBe(400);
    expectFrenchProblem(refused);
    expect(refused.body.errors).toEqual([{ pointer: '#/body/situation/barriers/sante/note', detail: expect.stringMatching(/^Pas de précision pour le frein « Santé »/) }]);
    expect(created.status).toBe(201);
    expect(created.body.situation.barriers).toEqual({ sante: {} });
    expect(justice.status).toBe(400);
    expect(justice.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/body/situation/barriers/juridique/note']);
    expect((await update({ juridique: {}, logement: { note: 'Hébergée chez sa sœur' } })).status).toBe(200);
  });

  it('where the operator enables notes, they are kept', async () => {
    const open = await testApi({ sensitiveNotes: true });
    const pro = await open.as();
    const created = await pro.call('POST', '/persons', {
      body: { ...newPerson({ lastName: 'Permise' }), situation: { flags: {}, barriers: { sante: { note: HEALTH } } }, reason: 'Suivi' },
    });
    expect(created.status).toBe(201);
    expect(created.body.situation.barriers.sante.note).toBe(HEALTH);
  });
});
