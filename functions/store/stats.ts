import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Organization } from '#domain/organization.ts';
import { FIRST_TIME_METRIC, GAUGE_METRICS, sumCounters, type CounterRow, type Gauges } from '#domain/stats.ts';
import type { Store } from './client.ts';
import { keys, partitions, statShard, toItem } from './keys.ts';
import { TTL_ATTRIBUTE, epochSeconds } from './table.ts';

export type { CounterRow };

/** A stream record is retried for at most a day; a marker outlives that. */
const MARKER_DAYS = 3;

/** What an event adds to the counters of `dimensions`: one, or `delta` (the first-time move takes one back). */
export type Increment = { day: string; metric: string; dimensions: readonly string[]; delta?: number };

/** Adds `delta` to one counter on one shard: the upsert every counted metric uses. */
const counterUpdate = (store: Store, day: string, metric: string, dimension: string, shard: number, delta: number) => ({
  Update: {
    TableName: store.table,
    Key: keys.statCounter(day, metric, dimension, shard),
    UpdateExpression: 'SET entity = :entity, #day = :day, metric = :metric, dimension = :dimension ADD #count :delta',
    ExpressionAttributeNames: { '#day': 'day', '#count': 'count' },
    ExpressionAttributeValues: { ':entity': 'stat_counter', ':day': day, ':metric': metric, ':dimension': dimension, ':delta': delta },
  },
});

const conditionFailedAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException && error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * The increments as one row per counter (day, metric, dimension), summed: an event with
 * several pairs adds to `links_between#all` once per pair, and one transaction may touch an item only once.
 */
const perCounter = (increments: readonly Increment[]): CounterRow[] =>
  sumCounters(increments.flatMap(({ day, metric, dimensions, delta = 1 }) => dimensions.map((dimension) => ({ day, metric, dimension, count: delta }))));

/**
 * Adds its increments to the counters exactly once per `markerId`: the marker and the
 * increments (summed per counter) are one transaction, so a record delivered twice (stream
 * retry, local replay) counts once. Returns false when it was counted already.
 */
export async function countOnce(store: Store, markerId: string, increments: readonly Increment[]): Promise<boolean> {
  if (increments.length === 0) return false;
  const now = store.now();
  const shard = statShard(markerId);
  const counters = perCounter(increments).map(({ day, metric, dimension, count }) => counterUpdate(store, day, metric, dimension, shard, count));
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
    if (conditionFailedAt(error, 0)) return false;
    throw error;
  }
}

/** Concurrent first activities of one professional (two stream shards at once) settle in a few rounds. */
const FIRST_ACTIVITY_ATTEMPTS = 5;

/**
 * Counts a professional's first use of GPS once, in the week of their earliest activity seen:
 * a permanent record holds that week and the dimensions it was counted under. A later week
 * changes nothing (so a replay or any later event never counts them again); an earlier one,
 * delivered late by another stream shard, moves the count: one transaction adds one to its
 * week, takes one from the recorded week, and replaces the record, only if the record is still
 * the one read. Returns whether anything changed.
 */
export async function countFirstActivity(store: Store, proId: string, week: string, dimensions: readonly string[]): Promise<boolean> {
  const shard = statShard(`first.${proId}`);
  const key = keys.statFirstActivity(proId);
  for (let attempt = 1; ; attempt += 1) {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: key, ConsistentRead: true }));
    const seen = Item as { week: string; dimensions: string[] } | undefined;
    if (seen && seen.week <= week) return false;
    try {
      await store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: store.table,
                Item: toItem('stat_first_activity', key, { week, dimensions: [...dimensions] }),
                ConditionExpression: seen ? '#week = :seen' : 'attribute_not_exists(PK)',
                ...(seen ? { ExpressionAttributeNames: { '#week': 'week' }, ExpressionAttributeValues: { ':seen': seen.week } } : {}),
              },
            },
            ...dimensions.map((dimension) => counterUpdate(store, week, FIRST_TIME_METRIC, dimension, shard, 1)),
            ...(seen ? seen.dimensions.map((dimension) => counterUpdate(store, seen.week, FIRST_TIME_METRIC, dimension, shard, -1)) : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!conditionFailedAt(error, 0) || attempt >= FIRST_ACTIVITY_ATTEMPTS) throw error;
    }
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

/** A day's gauges, replacing any snapshot of that same day: one transaction, so a reader never sees half of a recount. */
export async function writeGauges(store: Store, day: string, gauges: Gauges): Promise<void> {
  await store.doc.send(
    new TransactWriteCommand({
      TransactItems: GAUGE_METRICS.map((metric) => ({
        Put: { TableName: store.table, Item: toItem('stat_gauge', keys.statGauge(day, metric), { day, metric, counts: gauges[metric] }) },
      })),
    }),
  );
}

/** Every gauge snapshot of the days from `from` to `to`, one row per day, gauge and dimension: one Query per month. */
export async function readGauges(store: Store, from: string, to: string): Promise<CounterRow[]> {
  const months = await Promise.all(
    monthsBetween(from, to).map(async (month) => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page: QueryCommandOutput = await store.doc.send(
          new QueryCommand({
            TableName: store.table,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': partitions.statGaugeMonth(month), ':from': `${from}#`, ':to': `${to}#~` },
            ProjectionExpression: '#day, metric, counts',
            ExpressionAttributeNames: { '#day': 'day' },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items as { day: string; metric: string; counts: Record<string, number> }[];
    }),
  );
  return months.flat().flatMap(({ day, metric, counts }) => Object.entries(counts).map(([dimension, count]) => ({ day, metric, dimension, count })));
}

export type GaugeSource = { personId: string; status: string; isReferent: boolean; organization: Organization } | { professional: Organization | undefined };

/**
 * One page of the nightly recount's Scan: active follow-up links (person, référent flag, the
 * organization snapshot) and professional profiles (their organization), nothing else.
 */
export async function scanGaugeSources(
  store: Store,
  { cursor, pageSize = 1_000 }: { cursor?: Record<string, unknown>; pageSize?: number } = {},
): Promise<{ sources: GaugeSource[]; cursor?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new ScanCommand({
      TableName: store.table,
      FilterExpression: '(entity = :link AND #status = :active) OR entity = :professional',
      ProjectionExpression: 'entity, personId, #status, isReferent, organization',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':link': 'follow_up', ':active': 'active', ':professional': 'professional' },
      ExclusiveStartKey: cursor,
      Limit: pageSize,
    }),
  );
  const sources = Items.map((item): GaugeSource =>
    item.entity === 'professional'
      ? { professional: item.organization as Organization | undefined }
      : { personId: item.personId as string, status: item.status as string, isReferent: item.isReferent === true, organization: item.organization as Organization },
  );
  return { sources, ...(LastEvaluatedKey ? { cursor: LastEvaluatedKey } : {}) };
}
