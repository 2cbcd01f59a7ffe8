import { BatchGetCommand, GetCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { NotificationPreferences, Professional } from '#domain/professional.ts';
import type { Store } from './client.ts';
import { updateExpression } from './expressions.ts';
import { fromItem, keys } from './keys.ts';

/**
 * Preferences live next to the profile, not in it: the profile is rewritten from each
 * token's claims, the preferences only by their owner.
 */
export async function getPreferences(store: Store, proId: string): Promise<NotificationPreferences> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.notificationPreferences(proId) }));
  return NotificationPreferences.parse(Item ? fromItem(Item) : {});
}

export async function updatePreferences(store: Store, proId: string, changes: Partial<NotificationPreferences>): Promise<NotificationPreferences> {
  const update = updateExpression({ ...changes, entity: 'notification_preferences' });
  const { Attributes } = await store.doc.send(
    new UpdateCommand({ TableName: store.table, Key: keys.notificationPreferences(proId), ...update, ReturnValues: 'ALL_NEW' }),
  );
  return NotificationPreferences.parse(fromItem(Attributes ?? {}));
}

export type Recipient = { pro: Professional; preferences: NotificationPreferences };

/** Profiles and preferences of a few professionals, in one BatchGet (a group is far below 50). */
export async function getRecipients(store: Store, proIds: readonly string[]): Promise<Map<string, Recipient>> {
  const unique = [...new Set(proIds)];
  const found = new Map<string, Recipient>();
  if (unique.length === 0) return found;
  const profiles = new Map<string, Professional>();
  const preferences = new Map<string, NotificationPreferences>();
  const proIdOf = new Map(unique.map((proId) => [keys.professional(proId).PK, proId]));
  let requested: Record<string, unknown>[] | undefined = unique.flatMap((proId) => [keys.professional(proId), keys.notificationPreferences(proId)]);
  while (requested && requested.length > 0) {
    const response: BatchGetCommandOutput = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.table]: { Keys: requested } } }));
    for (const item of response.Responses?.[store.table] ?? []) {
      const proId = proIdOf.get(item.PK as string)!;
      if (item.SK === keys.professional(proId).SK) profiles.set(proId, Professional.parse(fromItem(item)));
      else preferences.set(proId, NotificationPreferences.parse(fromItem(item)));
    }
    requested = response.UnprocessedKeys?.[store.table]?.Keys;
  }
  for (const [proId, pro] of profiles) {
    found.set(proId, { pro, preferences: preferences.get(proId) ?? NotificationPreferences.parse({}) });
  }
  return found;
}
