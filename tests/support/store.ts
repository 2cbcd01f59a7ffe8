import { inject } from 'vitest';
import { ulid } from 'ulid';
import { ensureTable } from '#local/dynamodb-local.ts';
import { createStore, withProvenance, type Store } from '#store/client.ts';

/** What tests write straight through the store, as the import or a worker would. */
export const TEST_PROVENANCE = { issuer: 'urn:gps:test' };

/** This test file's DynamoDB Local: one per file running at once (see global-setup.ts). */
export const dynamoDbEndpoint = (): string => {
  const endpoints = inject('dynamoDbEndpoints');
  return endpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % endpoints.length]!;
};

/** A store on a fresh table of this file's DynamoDB Local: tests never see each other's items. */
export async function testStore(options: { now?: () => Date } = {}): Promise<Store> {
  const endpoint = dynamoDbEndpoint();
  const table = `gps-test-${ulid()}`;
  await ensureTable(endpoint, table);
  return withProvenance(createStore({ endpoint, table, identitySecret: 'test-identity-secret', ...options }), TEST_PROVENANCE);
}

/** Counts the HTTP requests the store sends to DynamoDB (retries included). */
export function countRequests(store: Store): { readonly count: number; reset: () => void } {
  let count = 0;
  store.doc.middlewareStack.add(
    (next) => async (args) => {
      count += 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: `countRequests-${ulid()}` },
  );
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
  };
}
