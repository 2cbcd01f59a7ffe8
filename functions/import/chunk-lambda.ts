import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { storeFromEnv } from '../config/environment.ts';
import { logger } from '../observability/logger.ts';
import { loadSecrets } from '../secrets.ts';
import { ChunkMessage } from './chunks.ts';
import { runChunk, type ChunkDeps } from './chunk-worker.ts';
import { s3Objects, s3Sdk } from './s3-import.ts';

await loadSecrets();

let deps: Promise<ChunkDeps> | undefined;

/** Built on the first message: the S3 client's package is loaded then, not at init. */
const chunkDeps = async (): Promise<ChunkDeps> => {
  const { S3Client } = await s3Sdk();
  return { store: storeFromEnv(), objects: s3Objects(new S3Client({}), process.env.GPS_IMPORT_BUCKET!) };
};

/**
 * The chunk worker on the import queue (one message a batch): a chunk that fails or runs out
 * of time is reported as a batch item failure, and SQS delivers it again after the visibility
 * timeout (from its checkpoint), up to the queue's maxReceiveCount, then the dead-letter queue.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const ready = await (deps ??= chunkDeps());
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await runChunk(ready, ChunkMessage.parse(JSON.parse(record.body)), { timeLeftMs: () => context.getRemainingTimeInMillis() });
    } catch (error) {
      logger.warn({ message: 'import_chunk_retry', messageId: record.messageId, receives: record.attributes.ApproximateReceiveCount, error: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
