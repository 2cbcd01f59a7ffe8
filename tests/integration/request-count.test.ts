import { beforeAll, describe, expect, it } from 'vitest';
import type { Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { join, listFollowUps } from '#store/follow-ups.ts';
import { createPerson, findPersonId, readCard } from '#store/persons.ts';
import { newPerson, registerPro } from '#tests/support/fixtures.ts';
import { countRequests, testStore } from '#tests/support/store.ts';

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
});
