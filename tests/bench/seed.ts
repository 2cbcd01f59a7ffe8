import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Person } from '#domain/person.ts';
import type { Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { followUpItem, newFollowUp } from '#store/follow-up-items.ts';
import { keys, toItem } from '#store/keys.ts';
import { newPerson } from '#tests/support/fixtures.ts';
import { lettersOf } from './population.ts';

/** DynamoDB's limit per BatchWriteItem. */
const BATCH = 25;
/** DynamoDB Local is one Java process: past a few batches at once it only queues them. */
const IN_FLIGHT = 6;

/**
 * The items of one person that the card reads: the profile and one follow-up link, built
 * by the store's own key schema and item builders. Left out, since no card read touches
 * them: the identity guard, the audit event and the professional's items.
 */
function personItems(n: number, follower: Professional, now: string) {
  const person: Person = { ...newPerson({ lastName: `Masse ${lettersOf(n)}` }), id: ulid(), version: 1, createdAt: now, createdBy: follower.id, updatedAt: now, updatedBy: follower.id };
  const link = newFollowUp({ person, pro: follower, reason: 'Suivi repris par import', status: 'active', source: 'import', now });
  return [toItem('person', keys.person(person.id), person), followUpItem(link)];
}

async function writeBatch(store: Store, items: Record<string, unknown>[]) {
  let pending = { [store.table]: items.map((Item) => ({ PutRequest: { Item } })) };
  for (let attempt = 0; Object.keys(pending).length > 0; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(1_000, 20 * 2 ** attempt));
    const { UnprocessedItems = {} } = await store.doc.send(new BatchWriteCommand({ RequestItems: pending }));
    pending = UnprocessedItems as typeof pending;
  }
}

function* itemsOf(followers: readonly Professional[], first: number, count: number, now: string) {
  for (let n = first; n < first + count; n += 1) yield* personItems(n, followers[n % followers.length]!, now);
}

/** Up to `count` next values (Node 20 has no `Iterator.prototype.take`). */
function take<T>(iterator: Iterator<T>, count: number): T[] {
  const taken: T[] = [];
  while (taken.length < count) {
    const next = iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

/** Adds `count` persons (numbered from `first`), their links spread over `followers`; returns how many items it wrote. */
export async function seedPersons(store: Store, followers: readonly Professional[], first: number, count: number): Promise<number> {
  const items = itemsOf(followers, first, count, store.now().toISOString());
  let written = 0;
  // The workers share one generator: each takes the next 25 items, synchronously.
  const worker = async () => {
    for (let batch = take(items, BATCH); batch.length > 0; batch = take(items, BATCH)) {
      await writeBatch(store, batch);
      written += batch.length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return written;
}
