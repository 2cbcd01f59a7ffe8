import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rateLimited } from '#domain/errors.ts';
import { quotaExceeded, secondsUntilTomorrow, type QuotaKind } from '#domain/quotas.ts';
import type { Store } from './client.ts';
import { conditionally } from './conditions.ts';
import { keys } from './keys.ts';
import { TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/** Whose quota: a professional's id, or an issuer's (`issuer:<iss>`) for a whole portal. */
export type QuotaUse = { holder: string; kind: QuotaKind; max: number };

/**
 * One more use today of each quota, refused past its maximum (429, Retry-After). Attempts
 * count, whatever follows: a sweep is stopped by its tries, not its finds. A plain conditional
 * update per holder, not a transaction: a professional's concurrent calls then queue on the
 * item instead of cancelling each other.
 */
export async function useQuotas(store: Store, uses: readonly QuotaUse[]): Promise<void> {
  const now = store.now();
  await Promise.all(
    uses.map(({ holder, kind, max }) =>
      conditionally(
        store.doc.send(
          new UpdateCommand({
            TableName: store.table,
            Key: keys.dailyQuota(holder, kind, now.toISOString().slice(0, 10)),
            UpdateExpression: 'SET entity = :entity, #ttl = :ttl ADD used :one',
            ConditionExpression: 'attribute_not_exists(used) OR used < :max',
            ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':entity': 'daily_quota', ':ttl': epochSeconds(now, 2), ':one': 1, ':max': max },
          }),
        ),
        () => rateLimited(quotaExceeded(kind, max), secondsUntilTomorrow(now)),
      ),
    ),
  );
}
