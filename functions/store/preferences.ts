import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_NOTIFICATIONS, NotificationPreferences, Professional } from '#domain/professional.ts';
import { logger } from '../observability/logger.ts';
import { batchGetAll } from './batch-get.ts';
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

/** What is assumed of preferences that could not be read: every opt-out taken, so only the notices nobody can silence go out. */
const UNREAD_PREFERENCES = Object.fromEntries(Object.keys(DEFAULT_NOTIFICATIONS).map((name) => [name, false])) as NotificationPreferences;

/**
 * Profiles and preferences of professionals (a group, the last members of a file), read
 * together (batchGetAll). What is still unread after its retries is logged and left out (a
 * profile unread: no e-mail; preferences unread: only the notices nobody can opt out of): a
 * notification is not worth a stuck stream.
 */
export async function getRecipients(store: Store, proIds: readonly string[]): Promise<Map<string, Recipient>> {
  const unique = [...new Set(proIds)];
  const found = new Map<string, Recipient>();
  if (unique.length === 0) return found;
  const profiles = new Map<string, Professional>();
  const preferences = new Map<string, NotificationPreferences>();
  const proIdOf = new Map(unique.map((proId) => [keys.professional(proId).PK, proId]));
  const { items, unread } = await batchGetAll(store, unique.flatMap((proId) => [keys.professional(proId), keys.notificationPreferences(proId)]));
  for (const item of items) {
    const proId = proIdOf.get(item.PK as string)!;
    if (item.SK === keys.professional(proId).SK) profiles.set(proId, Professional.parse(fromItem(item)));
    else preferences.set(proId, NotificationPreferences.parse(fromItem(item)));
  }
  const unreadProIds = [...new Set(unread.map((key) => proIdOf.get(key.PK as string)!))];
  if (unreadProIds.length > 0) {
    logger.warn({ message: 'recipients_unread', unread: unreadProIds.length, of: unique.length, proIds: unreadProIds });
  }
  const preferencesUnread = new Set(unread.filter((key) => key.SK === keys.notificationPreferences('').SK).map((key) => proIdOf.get(key.PK as string)!));
  for (const [proId, pro] of profiles) {
    // Preferences unread are not the defaults (which say yes to everything): an opt-out is never overridden.
    const chosen = preferencesUnread.has(proId) ? UNREAD_PREFERENCES : (preferences.get(proId) ?? NotificationPreferences.parse({}));
    found.set(proId, { pro, preferences: chosen });
  }
  return found;
}
