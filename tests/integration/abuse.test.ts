import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '#domain/quotas.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { testApi } from '#tests/support/api.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';

const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;

/** What a hostile professional tried, each now stopped: sweeps, reading while pending, reading unseen. */
describe('groups that hold under abuse', async () => {
  const api = await testApi();

  it('a sweep over every birth date of 1994 hits the daily quota (429, Retry-After) long before the date', async () => {
    const owner = await api.as();
    const birthDate = '1994-12-17';
    expect((await owner.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Balayage', birthDate }), reason: 'Suivi' } })).status).toBe(201);
    const sweeper = await api.as({ organization: SIAE });
    const statuses: number[] = [];
    let found = false;
    for (let day = new Date('1994-01-01T00:00:00Z'); day.getUTCFullYear() === 1994; day.setUTCDate(day.getUTCDate() + 1)) {
      const answer = await sweeper.call('POST', '/persons/lookup', { body: { firstName: 'Léa', lastName: 'Balayage', birthDate: day.toISOString().slice(0, 10) } });
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(answer.body.detail).toMatch(/maximum de 60 recherches de personnes par jour/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      found ||= answer.body.found === true;
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(DEFAULT_QUOTAS.lookups);
    expect(statuses.at(-1)).toBe(429);
    expect(found).toBe(false);
    // Another professional is not held back by the sweeper's quota.
    expect((await owner.call('POST', '/persons/lookup', { body: { firstName: 'Léa', lastName: 'Balayage', birthDate } })).body.found).toBe(true);
  });

  it('a whole portal has its own daily quota of lookups', async () => {
    const small = await testApi({ quotas: { lookupsPerIssuer: 3 } });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await (await small.as()).call('POST', '/persons/lookup', { body: newPerson().identity })).status);
    expect(answers).toEqual([200, 200, 200, 429]);
  });

  it('creations, joins and leaves have daily quotas too', async () => {
    const tight = await testApi({ quotas: { creations: 2, joins: 2, leaves: 1 } });
    const pro = await tight.as();
    const created = [];
    for (const lastName of ['Quota', 'Quotb', 'Quotc']) created.push(await pro.call('POST', '/persons', { body: { ...newPerson({ lastName }), reason: 'Suivi' } }));
    expect(created.map((answer) => answer.status)).toEqual([201, 201, 429]);
    const colleague = await tight.as();
    const [first, second] = [created[0]!.body.id, created[1]!.body.id];
    expect((await colleague.call('POST', `/persons/${first}/members`, { body: { reason: 'Suivi' } })).status).toBe(201);
    expect((await colleague.call('PATCH', `/persons/${first}/members/me`, { body: { ended: true } })).status).toBe(200);
    expect((await colleague.call('POST', `/persons/${first}/members`, { body: { reason: 'Suivi' } })).status).toBe(201);
    expect((await colleague.call('PATCH', `/persons/${first}/members/me`, { body: { ended: true } })).status).toBe(429);
    expect((await colleague.call('POST', `/persons/${second}/members`, { body: { reason: 'Suivi' } })).status).toBe(429);
    expect(invalidItems(await scanTable(tight.store))).toEqual([]);
  });

  it('a pending requester reads nothing of the file, not even the stored identity', async () => {
    const owner = await api.as();
    const person = await owner.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Secrète', birthDate: '1990-02-03' }), reason: 'Suivi' } });
    const requester = await api.as({ organization: SIAE });
    expect((await requester.call('POST', `/persons/${person.body.id}/members`, { body: { reason: 'IAE' } })).status).toBe(202);
    const pending = await requester.call('GET', '/follow-ups?status=pending');
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0]).toMatchObject({ personId: person.body.id, status: 'pending', reason: 'IAE' });
    expect(JSON.stringify(pending.body)).not.toMatch(/Secrète|1990-02-03/);
    // Once accepted, the file is theirs to read.
    expect((await owner.call('POST', `/persons/${person.body.id}/join-requests/${requester.id}/accept`)).status).toBe(200);
    expect((await requester.call('GET', '/follow-ups?status=current')).body.items[0].person).toMatchObject({ lastName: 'Secrète' });
  });

  it('a lookup that finds the person, and every read of the members and the actions, goes to the person’s journal', async () => {
    const owner = await api.as();
    const person = await owner.call('POST', '/persons', { body: { ...newPerson({ lastName: 'Journal' }), reason: 'Suivi' } });
    const searcher = await api.as({ organization: SIAE });
    expect((await searcher.call('POST', '/persons/lookup', { body: newPerson({ lastName: 'Journal' }).identity })).body.found).toBe(true);
    expect((await searcher.call('POST', '/persons/lookup', { body: newPerson({ lastName: 'Personne' }).identity })).body.found).toBe(false);
    expect((await owner.call('GET', `/persons/${person.body.id}/members`)).status).toBe(200);
    expect((await owner.call('GET', `/persons/${person.body.id}/actions`)).status).toBe(200);
    // A non-member's read is refused and leaves no trace.
    expect((await searcher.call('GET', `/persons/${person.body.id}/actions`)).status).toBe(404);
    const journal = (await owner.call('GET', `/persons/${person.body.id}/audit`)).body.items as { kind: string; actorId: string; lookupMeans?: string }[];
    const kinds = journal.map(({ kind, actorId, lookupMeans }) => [kind, actorId === owner.id ? 'owner' : 'searcher', lookupMeans ?? '']);
    expect(kinds).toEqual([
      ['actions_read', 'owner', ''],
      ['members_read', 'owner', ''],
      ['looked_up', 'searcher', 'identity'],
      ['person_created', 'owner', ''],
    ]);
  });
});
