import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  TrimmedDataAccessException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

export type StreamPoller = {
  /** Processes everything in the stream now, and what that processing writes, until it is quiet. */
  drain: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * Plays Lambda's event source mapping against DynamoDB Local: reads the table's real stream,
 * shard by shard from its start, and hands each batch to the consumer the Lambda runs. A
 * batch that reports a failure is read again on the next poll, as Lambda would retry it.
 */
export async function startStreamPoller(options: {
  endpoint: string;
  table: string;
  consume: (records: DynamoDBRecord[]) => Promise<DynamoDBBatchResponse>;
  intervalMs?: number;
}): Promise<StreamPoller> {
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { Streams = [] } = await client.send(new ListStreamsCommand({ TableName: options.table }));
  const streamArn = Streams.at(-1)?.StreamArn;
  if (!streamArn) throw new Error(`La table ${options.table} n’a pas de flux DynamoDB.`);

  const iterators = new Map<string, string>();
  const closed = new Set<string>();

  async function discoverShards() {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const { ShardId } of StreamDescription?.Shards ?? []) {
      if (!ShardId || iterators.has(ShardId) || closed.has(ShardId)) continue;
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      if (ShardIterator) iterators.set(ShardId, ShardIterator);
    }
  }

  async function pollOnce(): Promise<number> {
    await discoverShards();
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      const read = await readShard(shardId, iterator);
      if (!read) continue;
      const { Records = [], NextShardIterator } = read;
      seen += Records.length;
      if (Records.length > 0) {
        const { batchItemFailures } = await options.consume(Records.map(asLambdaRecord));
        if (batchItemFailures.length > 0) {
          // Start again from this batch's first record on the next poll.
          iterators.delete(shardId);
          await retryFrom(shardId, Records[0]!);
          continue;
        }
      }
      if (NextShardIterator) iterators.set(shardId, NextShardIterator);
      else {
        iterators.delete(shardId);
        closed.add(shardId);
      }
    }
    return seen;
  }

  /**
   * An iterator taken on a shard still empty may be refused later as "trimmed" by
   * DynamoDB Local, and any iterator expires after 15 minutes: start the shard over then
   * (processing is idempotent, so reading records again is harmless).
   */
  async function readShard(shardId: string, iterator: string) {
    try {
      return await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    } catch (error) {
      if (!(error instanceof TrimmedDataAccessException || error instanceof ExpiredIteratorException)) throw error;
      iterators.delete(shardId);
      await discoverShards();
      const fresh = iterators.get(shardId);
      return fresh ? client.send(new GetRecordsCommand({ ShardIterator: fresh, Limit: 100 })) : undefined;
    }
  }

  async function retryFrom(shardId: string, first: _Record) {
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: first.dynamodb!.SequenceNumber!,
      }),
    );
    if (ShardIterator) iterators.set(shardId, ShardIterator);
  }

  // One poll at a time, whoever asks (the timer or `drain`): iterators are not shareable.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (!running) return;
    serially(pollOnce)
      .catch((error) => console.error(`Lecture du flux DynamoDB : ${(error as Error).message}`))
      .finally(() => {
        if (running) timer = setTimeout(tick, options.intervalMs ?? 250);
      });
  };
  tick();

  return {
    drain: async () => {
      while ((await serially(pollOnce)) > 0);
    },
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await queue;
      client.destroy();
    },
  };
}

/**
 * The SDK's stream client reads an empty map (`{"M":{}}`) as `{}`; Lambda hands the JSON as
 * sent. Put the `M` back so the consumer sees exactly what it gets on AWS.
 */
type Attribute = { M?: Record<string, Attribute>; L?: Attribute[] };
const restoreAttribute = (value: Attribute): Attribute => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: restoreImage(value.M) };
  if (value.L) return { L: value.L.map(restoreAttribute) };
  return value;
};
const restoreImage = (image: Record<string, Attribute>) =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, restoreAttribute(value)]));

function asLambdaRecord(record: _Record): DynamoDBRecord {
  const images = record.dynamodb ?? {};
  return {
    ...record,
    dynamodb: {
      ...images,
      ...(images.NewImage ? { NewImage: restoreImage(images.NewImage as never) } : {}),
      ...(images.OldImage ? { OldImage: restoreImage(images.OldImage as never) } : {}),
    },
  } as unknown as DynamoDBRecord;
}
