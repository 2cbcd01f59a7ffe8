import { describe, expect, it } from 'vitest';
import { routes } from '#api/routes.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { testApi, type RequestOptions } from '#tests/support/api.ts';
import { expectFrenchProblem } from '#tests/support/problems.ts';
import { VALID_BODIES } from '#tests/support/valid-bodies.ts';

const BAD_QUERIES: Record<string, string[]> = {
  'GET /stats': ['from=2026-13-01', 'to=hier', 'from=2026-11-10&to=2026-11-01', 'from=2020-01-01&to=2026-01-01'],
};

const ANY_ID = '01JC0000000000000000000000';

const HUGE = 'é'.repeat(40_000);
const deeplyNested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

type Case = { name: string; path: string; options: RequestOptions };

function casesFor(route: (typeof routes)[number], ids: { id: string; proId: string }): Case[] {
  const key = `${route.method} ${route.path}`;
  const fill = (p: string) => p.replace('{id}', ids.id).replace('{proId}', ids.proId).replace('{invitationId}', ANY_ID).replace('{needId}', ANY_ID);
  const path = fill(route.path);
  const ifMatch: Record<string, string> = route.headers ? { 'If-Match': '"1"' } : {};
  const cases: Case[] = [];
  const add = (name: string, p: string, options: RequestOptions = {}) =>
    cases.push({ name, path: p, options: { ...options, headers: { ...ifMatch, ...options.headers } } });

  for (const [param, bad] of [['id', 'pas-un-id'], ['id', 'x'.repeat(3000)], ['proId', '0'.repeat(26)], ['proId', '%00%2F..'], ['id', '%zz'], ['invitationId', 'pas-un-id']] as const) {
    if (route.path.includes(`{${param}}`)) add(`${param} = ${bad.slice(0, 20)}`, fill(route.path.replace(`{${param}}`, bad)), bodyOf(key));
  }
  for (const query of BAD_QUERIES[key] ?? []) add(`query ${query}`, `${path}?${query}`);
  add('unknown query parameter', `${path}?zzz=1`, bodyOf(key));
  if (route.query && 'cursor' in (route.query as any).shape) {
    for (const cursor of ['pas-un-curseur', Buffer.from('{"PK":"PERSON#x","SK":"PROFILE"}').toString('base64url'), 'a'.repeat(2100)]) {
      add(`cursor ${cursor.slice(0, 12)}`, `${path}?cursor=${encodeURIComponent(cursor)}`);
    }
    for (const limit of ['0', '-1', 'abc', '100000', '1.5']) add(`limit = ${limit}`, `${path}?limit=${limit}`);
  }
  if (route.query && 'status' in (route.query as any).shape) add('unknown status', `${path}?status=toutes`);

  const valid = VALID_BODIES[key];
  if (route.body && !valid) throw new Error(`${key} prend un corps : ajoutez-en un valide à VALID_BODIES.`);
  if (!valid) {
    if (route.method !== 'GET') add('an unexpected body', path, { body: { a: 1 } });
    return cases;
  }
  add('no body', path);
  add('malformed JSON', path, { rawBody: '{"reason": "a', headers: { 'Content-Type': 'application/json' } });
  add('wrong content type', path, { rawBody: JSON.stringify(valid()), headers: { 'Content-Type': 'text/plain' } });
  add('form-encoded', path, { rawBody: 'reason=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  add('oversized body', path, { body: { ...valid(), blob: 'x'.repeat(70_000) } });
  add('deep nesting', path, { rawBody: deeplyNested(5000), headers: { 'Content-Type': 'application/json' } });
  for (const body of [[], 'texte', 42, null, true]) add(`body ${JSON.stringify(body)}`, path, { body });
  add('unknown field', path, { body: { ...valid(), zzz: 1 } });
  add('__proto__ field', path, { rawBody: JSON.stringify(valid()).replace(/^\{/, '{"__proto__":{"admin":true},'), headers: { 'Content-Type': 'application/json' } });
  for (const field of Object.keys(valid())) {
    add(`${field}: number`, path, { body: { ...valid(), [field]: 12345 } });
    add(`${field}: huge string`, path, { body: { ...valid(), [field]: HUGE } });
    add(`${field}: nested`, path, { body: { ...valid(), [field]: { a: { b: [1, { c: null }] } } } });
    add(`${field}: control characters`, path, { body: { ...valid(), [field]: 'a\u0000b\u0007' } });
  }
  return cases;
}

const bodyOf = (key: string): RequestOptions => (VALID_BODIES[key] ? { body: VALID_BODIES[key]() } : {});

describe('malformed requests get a clear 4xx, never a 5xx', async () => {
  const api = await testApi();
  const camille = await api.as();
  const colleague = await api.as();
  const person = (await camille.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Robuste' }), reason: 'Suivi' } })).body;
  // The person's own routes are sent with the person's own token: a professional's would stop at 403 before any input is read.
  const herself = await api.asPerson({ given_name: person.identity.firstName, family_name: person.identity.lastName, birthdate: person.identity.birthDate });

  for (const route of routes.filter((r) => !r.public)) {
    describe(`${route.method} ${route.path}`, () => {
      for (const { name, path, options } of casesFor(route, { id: person.id, proId: colleague.id })) {
        it(name, async () => {
          const response = await (route.person ? herself : camille).call(route.method, path, options);

          expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expectFrenchProblem(response);
        });
      }
    });
  }

  it('explains each bad field with a pointer and a French message', async () => {
    const response = await camille.call('POST', '/persons', {
      body: { identity: { firstName: 'Léa', lastName: '', birthDate: '12/03/1994' }, reason: 'Suivi', nir: '1' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { pointer: '#/body/identity/lastName', detail: 'Le nom ne peut pas être vide.' },
      { pointer: '#/body/identity/birthDate', detail: 'Date attendue au format AAAA-MM-JJ.' },
      { pointer: '#/body/nir', detail: expect.stringMatching(/nir/) },
    ]);
  });

  it('an unknown address is a 404 problem', async () => {
    const response = await camille.call('GET', '/nimporte/quoi');
    expect(response.status).toBe(404);
    expect(response.body.detail).toMatch(/n’existe pas/);
  });

  it('nothing was stored by any of these requests', async () => {
    const mine = await camille.call('GET', '/follow-ups?limit=100');
    expect(mine.body.items.map((link: { personId: string }) => link.personId)).toEqual([person.id]);
    const card = await camille.call('GET', `/persons/${person.id}`);
    expect(card.body.version).toBe(1);
  });
});
