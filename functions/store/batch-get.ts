import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import type { Keys } from './keys.ts';

/** A BatchGetItem reads at most 100 keys. */
export const BATCH_GET_KEYS = 100;
/** Reads of what DynamoDB leaves unprocessed (throttling) before giving up on it. */
export const BATCH_GET_ATTEMPTS = 5;
/** 100, 200, 400, 800 ms between attempts, each with jitter: about 1.5 s at most in all. */
const backoff = (attempt: number) => sleep(Math.round(50 * 2 ** attempt * (0.5 + Math.random() / 2)));

/**
 * Items by key, in BatchGets of at most 100 keys. What DynamoDB leaves unprocessed is asked
 * again a few times with backoff; what is still unread then is returned apart, for the caller
 * to decide (log it, assume the safe default), never retried forever.
 */
export async function batchGetAll(store: Store, wanted: readonly Keys[]): Promise<{ items: Record<string, unknown>[]; unread: Record<string, unknown>[] }> {
  const items: Record<string, unknown>[] = [];
  const unread: Record<string, unknown>[] = [];
  for (let start = 0; start < wanted.length; start += BATCH_GET_KEYS) {
    let requested: Record<string, unknown>[] = wanted.slice(start, start + BATCH_GET_KEYS);
    for (let attempt = 1; requested.length > 0; attempt += 1) {
      if (attempt > BATCH_GET_ATTEMPTS) {
        unread.push(...requested);
        break;
      }
      if (attempt > 1) await backoff(attempt - 1);
      const response: BatchGetCommandOutput = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.table]: { Keys: requested } } }));
      items.push(...(response.Responses?.[store.table] ?? []));
      requested = response.UnprocessedKeys?.[store.table]?.Keys ?? [];
    }
  }
  return { items, unread };
}
