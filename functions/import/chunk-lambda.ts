import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { storeFromEnv } from '../config.ts';
import { logger } from '../observability/logger.ts';
import { loadSecrets } from '../secrets.ts';
import { ChunkMessage } from './chunks.ts';
import { runChunk, type ChunkDeps } from './chunk-worker.ts';
import { s3Objects } from './s3-import.ts';

await loadSecrets();

let deps: ChunkDeps | undefined;

/**
 * The chunk worker on the import queue (one message a batch): a chunk that fails or runs out
 * of time is reported as a batch item failure, and SQS delivers it again after the visibility
 * timeout (from its checkpoint), up to the queue's maxReceiveCount, then the dead-letter queue.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  deps ??= { store: storeFromEnv(), objects: s3Objects(new S3Client({}), process.env.GPS_IMPORT_BUCKET!) };
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await runChunk(deps, ChunkMessage.parse(JSON.parse(record.body)), { timeLeftMs: () => context.getRemainingTimeInMillis() });
    } catch (error) {
      logger.warn({ message: 'import_chunk_retry', messageId: record.messageId, receives: record.attributes.ApproximateReceiveCount, error: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
