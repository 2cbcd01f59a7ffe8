import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fromItem } from './keys.ts';

export type Page<T> = { items: T[]; cursor?: string };
export type PageRequest = { cursor?: string; limit?: number };

type Key = Record<string, string>;

/** What LastEvaluatedKey holds: the table's key, plus the index's on an index. */
const TABLE_KEY_NAMES = ['PK', 'SK'];
const INDEX_KEY_NAMES = ['PK', 'SK', 'GSI1PK', 'GSI1SK'];

/**
 * One Query for one page. The cursor must point inside this very query (`belongs`),
 * or a client could make DynamoDB start in somebody else's partition.
 */
export async function queryPage<T>(
  store: Store,
  query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  request: PageRequest & { defaultLimit: number },
  belongs: (key: Key) => boolean,
  parse: (data: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      ...query,
      TableName: store.table,
      Limit: request.limit ?? request.defaultLimit,
      ExclusiveStartKey: decodeCursor(request.cursor, query.IndexName ? INDEX_KEY_NAMES : TABLE_KEY_NAMES, belongs),
    }),
  );
  const cursor = encodeCursor(LastEvaluatedKey);
  return { items: Items.map((item) => parse(fromItem(item))), ...(cursor ? { cursor } : {}) };
}

/** Every page of a Query: what needs all of a partition (a card, an export, an erasure), not a page. */
export async function queryAll(store: Store, query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await store.doc.send(new QueryCommand({ ...query, TableName: store.table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
