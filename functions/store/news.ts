import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { NewsKind } from '#domain/news.ts';
import type { Store } from './client.ts';
import { keys } from './keys.ts';

/** On the member's link, so that « my follow-ups » shows the news in its one Query. */
export const NEWS_ATTRIBUTE = 'news';
export const SEEN_ATTRIBUTE = 'seenAt';

/**
 * Adds a piece of news to one member's link, unless it is there already or they opened the
 * file after it happened: a retried or replayed event adds nothing, an old one never comes back.
 */
export async function addNews(store: Store, personId: string, proId: string, kind: NewsKind, at: string): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.followUp(personId, proId),
        UpdateExpression: 'SET #news = list_append(if_not_exists(#news, :none), :kinds), newsAt = if_not_exists(newsAt, :at)',
        ConditionExpression: '#status = :active AND (attribute_not_exists(#seen) OR #seen < :at) AND NOT contains(#news, :kind)',
        ExpressionAttributeNames: { '#news': NEWS_ATTRIBUTE, '#status': 'status', '#seen': SEEN_ATTRIBUTE },
        ExpressionAttributeValues: { ':kinds': [kind], ':kind': kind, ':none': [], ':at': at, ':active': 'active' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** What opening the file does to its reader's link, in the read's own transaction (see recordAccess). */
export const seenChange = (now: string) => ({ set: { [SEEN_ATTRIBUTE]: now }, remove: [NEWS_ATTRIBUTE, 'newsAt'] });
