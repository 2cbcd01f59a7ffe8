import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberRoutes } from '#api/members.ts';
import type { Person } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import type { ApiDeps } from '#http/route.ts';
import type { Store } from '#store/client.ts';
import { listAuditEvents } from '#store/audit.ts';
import { followUpItem, newFollowUp } from '#store/follow-up-items.ts';
import { join, listFollowUps } from '#store/follow-ups.ts';
import { keys, toItem } from '#store/keys.ts';
import { createPerson, findPersonId, readCard } from '#store/persons.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { countRequests, testStore } from '#tests/support/store.ts';
import { testWorkers } from '#tests/support/workers.ts';

describe('each read of the product is one DynamoDB request', () => {
  let store: Store;
  let pro: Professional;
  let personId: string;

  beforeAll(async () => {
    let clock = Date.parse('2026-03-02T08:00:00Z');
    store = await testStore({ now: () => new Date((clock += 1000)) });
    pro = await registerPro(store);
    const colleagues = await Promise.all([registerPro(store), registerPro(store), registerPro(store)]);
    for (const lastName of ['Durand', 'Petit', 'Lefèvre', 'Garnier', 'Faure']) {
      const person = await createPerson(store, pro, newPerson({ lastName }), { reason: 'Suivi' });
      personId = person.id;
      for (const colleague of colleagues) {
        await join(store, colleague, person.id, { reason: 'Suivi', mode: 'direct', source: 'self' });
      }
    }
  });

  it('reads the card and all its members in one request', async () => {
    const requests = countRequests(store);

    const card = await readCard(store, personId);

    expect(requests.count).toBe(1);
    expect(card?.person.id).toBe(personId);
    expect(card?.members).toHaveLength(4);
  });

  it('lists my follow-ups, person summary included, in one request', async () => {
    const requests = countRequests(store);

    const page = await listFollowUps(store, pro.id, 'current');

    expect(requests.count).toBe(1);
    expect(page.items.map((link) => link.person.lastName)).toEqual(['Faure', 'Garnier', 'Lefèvre', 'Petit', 'Durand']);
    expect(page.items[0]!.person).toEqual({ firstName: 'Léa', lastName: 'Faure', birthDate: '1994-03-12' });
  });

  it('finds a person by exact identity in one request', async () => {
    const requests = countRequests(store);

    const found = await findPersonId(store, { firstName: 'LEA', lastName: 'faure', birthDate: '1994-03-12' });

    expect(requests.count).toBe(1);
    expect(found).toBe(personId);
  });

  it('joins directly in one read of the partition (profile, my earlier link, the members I meet) and one transaction', async () => {
    const newcomer = await registerPro(store);
    const card = (await readCard(store, personId))!;
    const requests = countRequests(store);

    await join(store, newcomer, personId, { reason: 'Suivi', mode: 'direct', source: 'self' });

    // The Query and the TransactWriteItems: the join records its peers without a request more.
    expect(requests.count).toBe(2);
    const [joined] = (await listAuditEvents(store, personId, { limit: 1 })).items;
    expect(joined).toMatchObject({ kind: 'joined', actorId: newcomer.id });
    expect([...joined!.peers!].sort()).toEqual(card.members.map((member) => member.proId).sort());
  });
});

describe('my join requests, whatever the number of persons I follow', () => {
  const SIAE = { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' } as const;
  const FOLLOWED = 1_000;
  /** 0 → a, 25 → z, 26 → ba…: names are letters only. */
  const lettersOf = (index: number): string => (index >= 26 ? lettersOf(Math.floor(index / 26)) : '') + String.fromCharCode(97 + (index % 26));

  /** Persons and their links written straight (BatchWrite), as many as an advisor follows: the store has no faster way. */
  async function followMany(store: Store, pro: Professional, count: number, from: number) {
    const items = Array.from({ length: count }, (_, index) => {
      const at = new Date(from + index * 1000).toISOString();
      const { identity, contact, situation, summary } = newPerson({ lastName: `Suivie ${lettersOf(index)}` });
      const person: Person = { id: ulid(), identity, contact, situation, ...(summary ? { summary } : {}), version: 1, createdAt: at, createdBy: pro.id, updatedAt: at, updatedBy: pro.id };
      return [toItem('person', keys.person(person.id), person), followUpItem(newFollowUp({ person, pro, reason: 'Suivi', status: 'active', source: 'import', now: at }))];
    }).flat();
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, index) => items.slice(index * 25, index * 25 + 25));
    // A few at a time: DynamoDB Local accepts a handful of connections within the store's 1 s connection timeout.
    for (let start = 0; start < batches.length; start += 4) {
      await Promise.all(
        batches.slice(start, start + 4).map(async (batch) => {
          let requests = batch.map((Item) => ({ PutRequest: { Item } }));
          while (requests.length > 0) {
            const { UnprocessedItems } = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
            requests = (UnprocessedItems?.[store.table] ?? []) as typeof requests;
          }
        }),
      );
    }
  }

  it('finds a request among the oldest of 1,000 follow-ups in one request', async () => {
    let clock = Date.parse('2026-01-05T08:00:00Z');
    const store = await testStore({ now: () => new Date((clock += 1000)) });
    const workers = await testWorkers(store);
    const advisor = await registerPro(store);
    const requester = await registerPro(store, { organization: SIAE });
    const oldest = await createPerson(store, advisor, newPerson({ lastName: 'Ancienne' }), { reason: 'Suivi' });
    await join(store, requester, oldest.id, { reason: 'Parcours IAE', mode: 'request', source: 'self' });
    // The request reaches the inbox through the stream; the 999 links written after it bring nothing to it.
    await workers.drain();
    await followMany(store, advisor, FOLLOWED - 1, clock + 60_000);

    const route = memberRoutes.find((candidate) => candidate.method === 'GET' && candidate.path === '/join-requests')!;
    const requests = countRequests(store);
    const reply = await route.handle({ pro: advisor, deps: { store } as ApiDeps, query: {}, params: undefined, body: undefined, headers: undefined } as never);

    expect(requests.count).toBe(1);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      {
        personId: oldest.id,
        person: { firstName: 'Léa', lastName: 'Ancienne', birthDate: '1994-03-12' },
        requester: expect.objectContaining({ proId: requester.id, status: 'pending', reason: 'Parcours IAE' }),
      },
    ]);
  }, 90_000);
});
