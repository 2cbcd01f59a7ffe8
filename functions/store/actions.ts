import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { Action, type NewAction } from '#domain/action.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Page } from './follow-ups.ts';
import { activityStep } from './follow-up-items.ts';
import { ACTION_PREFIX, fromItem, keys, partitions, toItem } from './keys.ts';

/** Adds « ce qui a été entrepris », only while the author is an active member. */
export async function addAction(store: Store, authorId: string, personId: string, input: NewAction): Promise<Action> {
  const now = store.now().toISOString();
  const action: Action = { ...input, id: ulid(), personId, authorId, createdAt: now };
  await transact(store, [
    activityStep(store, personId, authorId, now),
    {
      write: {
        Put: {
          TableName: store.table,
          Item: toItem('action', keys.action(personId, now, action.id), action),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
    auditStep(store, { personId, actorId: authorId, kind: 'action_added' }),
  ]);
  return action;
}

/** Newest first, paginated. */
export async function listActions(
  store: Store,
  personId: string,
  page: { cursor?: string; limit?: number } = {},
): Promise<Page<Action>> {
  const partition = partitions.person(personId);
  const startKey = decodeCursor(page.cursor, (key) => key.PK === partition && key.SK?.startsWith(ACTION_PREFIX) === true);
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': ACTION_PREFIX },
      ScanIndexForward: false,
      Limit: page.limit ?? 50,
      ExclusiveStartKey: startKey,
    }),
  );
  const cursor = encodeCursor(LastEvaluatedKey);
  return { items: Items.map((item) => Action.parse(fromItem(item))), ...(cursor ? { cursor } : {}) };
}
