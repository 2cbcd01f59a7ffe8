import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { sumCounters, type CounterRow } from '#domain/stats.ts';
import type { Store } from './client.ts';
import { keys, partitions, statShard, toItem } from './keys.ts';
import { TTL_ATTRIBUTE, epochSeconds } from './table.ts';

export type { CounterRow };

/** A stream record is retried for at most a day; a marker outlives that. */
const MARKER_DAYS = 3;

export type Increment = { day: string; metric: string; dimensions: readonly string[] };

/**
 * Adds one to each counter exactly once per `markerId`: the marker and the increments are
 * one transaction, so a record delivered twice (stream retry, local replay) counts once.
 * Returns false when it was counted already.
 */
export async function countOnce(store: Store, markerId: string, increments: readonly Increment[]): Promise<boolean> {
  if (increments.length === 0) return false;
  const now = store.now();
  const shard = statShard(markerId);
  const counters = increments.flatMap(({ day, metric, dimensions }) =>
    dimensions.map((dimension) => ({
      Update: {
        TableName: store.table,
        Key: keys.statCounter(day, metric, dimension, shard),
        UpdateExpression: 'SET entity = :entity, #day = :day, metric = :metric, dimension = :dimension ADD #count :one',
        ExpressionAttributeNames: { '#day': 'day', '#count': 'count' },
        ExpressionAttributeValues: { ':entity': 'stat_counter', ':day': day, ':metric': metric, ':dimension': dimension, ':one': 1 },
      },
    })),
  );
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: store.table,
              Item: toItem('stat_marker', keys.statMarker(markerId), { [TTL_ATTRIBUTE]: epochSeconds(now, MARKER_DAYS) }),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...counters,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

const monthsBetween = (from: string, to: string): string[] => {
  const months: string[] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); ) {
    months.push(month);
    const [year, index] = month.split('-').map(Number) as [number, number];
    month = index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
  }
  return months;
};

async function readPartition(store: Store, pk: string, from: string, to: string): Promise<CounterRow[]> {
  const rows: CounterRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': `${from}#`, ':to': `${to}#~` },
        ProjectionExpression: '#day, metric, dimension, #count',
        ExpressionAttributeNames: { '#day': 'day', '#count': 'count' },
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...((page.Items ?? []) as CounterRow[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
}

/**
 * Queries in flight at once: a year is 13 months × the shards, some 200 partitions, and as
 * many requests at once overflow a connection pool (DynamoDB Local refused them on a loaded machine).
 */
const PARALLEL_READS = 16;

/** Every counter of the days from `from` to `to`: one Query per month and shard, `PARALLEL_READS` at a time, the shards summed. */
export async function readCounters(store: Store, from: string, to: string): Promise<CounterRow[]> {
  const partitionKeys = monthsBetween(from, to).flatMap(partitions.statMonth);
  const rows: CounterRow[] = [];
  for (let start = 0; start < partitionKeys.length; start += PARALLEL_READS) {
    const batch = await Promise.all(partitionKeys.slice(start, start + PARALLEL_READS).map((pk) => readPartition(store, pk, from, to)));
    rows.push(...batch.flat());
  }
  return sumCounters(rows);
}
