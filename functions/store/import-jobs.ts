import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client.ts';
import { keys, toItem } from './keys.ts';
import { TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/** The job item lives as long as the import bucket keeps the file and its work objects. */
const KEPT_DAYS = 30;

export type ImportJob = {
  jobId: string;
  /** The file imported (`imports/…` on S3, its path locally) and where its report goes. */
  fileKey: string;
  reportKey: string;
  chunks: number;
  lines: number;
  createdAt: string;
};

/** The job as the chunk workers see it when they mark their chunk done. */
export type JobProgress = { chunks: number; done: number; reportedAt?: string };

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * Records a file's job once: a planner run again on the same upload (Lambda's retry of the S3
 * event) finds it and goes on, so the chunks are the same and counted once.
 */
export async function createImportJob(store: Store, job: ImportJob): Promise<'created' | 'exists'> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: toItem('import_job', keys.importJob(job.jobId), { ...job, [TTL_ATTRIBUTE]: epochSeconds(job.createdAt, KEPT_DAYS) }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

/**
 * Marks one chunk done, idempotently (ADD to a string set: a retried chunk is counted once),
 * and says how many are done. The worker that sees every chunk done assembles the report.
 */
export async function markChunkDone(store: Store, jobId: string, chunk: number): Promise<JobProgress> {
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: keys.importJob(jobId),
      UpdateExpression: 'ADD doneChunks :chunk',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':chunk': new Set([String(chunk)]) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return { chunks: Attributes!.chunks as number, done: (Attributes!.doneChunks as Set<string>).size, ...(Attributes!.reportedAt ? { reportedAt: Attributes!.reportedAt as string } : {}) };
}

/**
 * Takes the assembly of the report for `leaseMs`: true for one worker only, while the report
 * is not written and no other worker holds the lease. A worker that dies while assembling
 * loses the lease when it runs out, and the retry of its chunk takes it again.
 */
export async function claimAssembly(store: Store, jobId: string, leaseMs: number): Promise<boolean> {
  const now = store.now();
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.importJob(jobId),
        UpdateExpression: 'SET assemblingUntil = :until',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(reportedAt) AND (attribute_not_exists(assemblingUntil) OR assemblingUntil < :now)',
        ExpressionAttributeValues: { ':until': new Date(now.getTime() + leaseMs).toISOString(), ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The report is written: nobody assembles it again. */
export async function markReported(store: Store, jobId: string): Promise<void> {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: keys.importJob(jobId),
      UpdateExpression: 'SET reportedAt = :now REMOVE assemblingUntil',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':now': store.now().toISOString() },
    }),
  );
}

/**
 * The assembly failed (the table or the bucket out of reach, a completion cut short): its lease
 * is given back, so the retry of the chunk takes it at once instead of waiting for it to run out.
 */
export async function releaseAssembly(store: Store, jobId: string): Promise<void> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.importJob(jobId),
        UpdateExpression: 'REMOVE assemblingUntil',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(reportedAt)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
