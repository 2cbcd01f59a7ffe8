import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { keys, toItem } from './keys.ts';
import { TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/**
 * Sessions are stored so that logging out ends them at once, wherever their cookie is. A
 * professional's names their e-mail; a person's names nobody (`person`): their identity stays
 * in their own cookie.
 */
export async function startSession(store: Store, sessionId: string, holder: string, expiresAt: Date): Promise<void> {
  await store.doc.send(
    new PutCommand({
      TableName: store.table,
      Item: toItem('session', keys.session(sessionId), { email: holder, expiresAt: expiresAt.toISOString(), [TTL_ATTRIBUTE]: epochSeconds(expiresAt) }),
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function isSessionOpen(store: Store, sessionId: string): Promise<boolean> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.session(sessionId), ConsistentRead: true }));
  return Boolean(Item && (Item.expiresAt as string) > store.now().toISOString());
}

export async function endSession(store: Store, sessionId: string): Promise<void> {
  await store.doc.send(new DeleteCommand({ TableName: store.table, Key: keys.session(sessionId) }));
}
