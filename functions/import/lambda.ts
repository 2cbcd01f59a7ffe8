import type { SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { storeFromEnv } from '../config/environment.ts';
import { loadSecrets } from '../secrets.ts';
import type { ChunkMessage } from './chunks.ts';
import { planS3Object, s3Sdk, type S3PlanDeps } from './s3-import.ts';

await loadSecrets();

let deps: Promise<S3PlanDeps> | undefined;

/** SQS takes 10 messages a batch. */
const BATCH = 10;

/** One message per chunk on the import queue (GPS_IMPORT_QUEUE_URL); a refused one fails the planner, whose retry sends them again. */
const sendTo = (sqs: SQSClient, queueUrl: string) => async (messages: ChunkMessage[]) => {
  const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
  for (let start = 0; start < messages.length; start += BATCH) {
    const batch = messages.slice(start, start + BATCH);
    const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((message) => ({ Id: String(message.chunk), MessageBody: JSON.stringify(message) })) }));
    if (Failed?.length) throw new Error(`File d’import : ${Failed.length} messages refusés (${Failed[0]!.Code}).`);
  }
};

/** S3 writes keys URL-encoded, spaces as `+`. */
const objectKey = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

/** Lines per chunk, if not CHUNK_LINES (README, « Import », configuration). */
const chunkSize = Number(process.env.GPS_IMPORT_CHUNK_LINES) || undefined;

/** Built on the first event: the S3 and SQS clients' packages are loaded then, not at init. */
const planDeps = async (): Promise<S3PlanDeps> => {
  const [{ S3Client }, { SQSClient }] = await Promise.all([s3Sdk(), import('@aws-sdk/client-sqs')]);
  return { s3: new S3Client({}), store: storeFromEnv(), send: sendTo(new SQSClient({}), process.env.GPS_IMPORT_QUEUE_URL!) };
};

/** The planner: a CSV dropped under `imports/` of the import bucket (see infra/import-bucket.ts). */
export const handler = async (event: S3Event) => {
  const ready = await (deps ??= planDeps());
  for (const record of event.Records) {
    await planS3Object(ready, record.s3.bucket.name, objectKey(record.s3.object.key), record.s3.object.sequencer ?? record.s3.object.eTag, chunkSize ? { chunkSize } : {});
  }
};
