import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { conflict, type DomainError } from '#domain/errors.ts';
import type { Store } from './client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type StoredItem = Record<string, unknown> | undefined;

/** One write of a transaction, with the domain error its failed condition means. */
export type Step = { write: TransactItem; onConditionFailed?: (current: StoredItem) => DomainError };

export const concurrentChange = () =>
  conflict('Une autre modification est en cours sur ce dossier. Réessayez dans un instant.');

/**
 * Runs the steps as one all-or-nothing transaction and turns a cancellation into the
 * domain error of the first step whose condition failed (given the item as it stood).
 * Conditions are what keep concurrent writes safe; nothing here reads before writing.
 */
export async function transact(store: Store, steps: Step[]): Promise<void> {
  const TransactItems = steps.map(({ write, onConditionFailed }) =>
    onConditionFailed ? withOldItemOnFailure(write) : write,
  );
  try {
    await store.doc.send(new TransactWriteCommand({ TransactItems }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    for (const [index, reason] of reasons.entries()) {
      const onConditionFailed = steps[index]?.onConditionFailed;
      if (reason.Code === 'ConditionalCheckFailed' && onConditionFailed) {
        throw onConditionFailed(reason.Item ? unmarshall(reason.Item) : undefined);
      }
    }
    if (reasons.some((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'ConditionalCheckFailed')) {
      throw concurrentChange();
    }
    throw error;
  }
}

/** A single conditional write, its failure turned into a domain error. */
export async function conditionally<T>(write: Promise<T>, onConditionFailed: (current: StoredItem) => DomainError) {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw onConditionFailed(error.Item ? unmarshall(error.Item) : undefined);
    }
    throw error;
  }
}

function withOldItemOnFailure(write: TransactItem): TransactItem {
  const [[operation, body]] = Object.entries(write) as [[keyof TransactItem, object]];
  return { [operation]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItem;
}
