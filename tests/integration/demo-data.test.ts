import { describe, expect, it } from 'vitest';
import { seedDemo } from '#local/seed-demo.ts';
import { listFollowUps } from '#store/follow-ups.ts';
import { readCard } from '#store/persons.ts';
import { testStore } from '#tests/support/store.ts';

describe('the demo data of npm start', () => {
  it('creates 20 followed persons with referents, once', async () => {
    const store = await testStore();

    const first = await seedDemo(store);
    const second = await seedDemo(store);

    expect(first.createdPersons).toBe(20);
    expect(second.createdPersons).toBe(0);
    const [advisor, rsaReferent] = first.professionals;
    const mine = await listFollowUps(store, rsaReferent!.id, 'current', { limit: 50 });
    expect(mine.items.length).toBeGreaterThanOrEqual(8);
    const card = await readCard(store, mine.items.at(-1)!.personId);
    expect(card!.members.filter((m) => m.isReferent)).toHaveLength(1);
    expect((await listFollowUps(store, advisor!.id, 'current', { limit: 50 })).items.length).toBeGreaterThanOrEqual(8);
  });
});
