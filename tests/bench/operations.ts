import { ulid } from 'ulid';
import type { Store } from '#store/client.ts';

const READS = new Set(['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems', 'Scan']);

export type Operations = { reads: string[]; writes: string[] };

/**
 * `countRequests` of tests/support/store.ts, plus the operation's name: a call that
 * writes (a card read is audited) must be told apart from one that only reads.
 * Counted at `finalizeRequest`, once per HTTP request, retries included.
 */
export function recordOperations(store: Store) {
  let seen: string[] = [];
  store.doc.middlewareStack.add(
    (next, context) => async (args) => {
      seen.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: `recordOperations-${ulid()}` },
  );
  /** The operations `action` made the store send. */
  return async (action: () => Promise<unknown>): Promise<Operations> => {
    seen = [];
    await action();
    return { reads: seen.filter((name) => READS.has(name)), writes: seen.filter((name) => !READS.has(name)) };
  };
}
