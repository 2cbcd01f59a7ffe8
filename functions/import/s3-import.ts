import { createHash } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Store } from '#store/client.ts';
import { logger } from '../observability/logger.ts';
import type { ChunkMessage } from './chunks.ts';
import type { Objects } from './objects.ts';
import { planImport, type Plan } from './plan-import.ts';

/**
 * The import bucket: files dropped under `imports/`, their reports under `rapports/`, the
 * chunks and their reports under `travail/` (see chunks.ts). Only `imports/*.csv` triggers.
 */
export const IMPORT_PREFIX = 'imports/';
export const REPORT_PREFIX = 'rapports/';
export { WORK_PREFIX } from './chunks.ts';

/** `imports/2026/rhone.csv` → `rapports/2026/rhone.rapport.csv`. */
export const reportKey = (key: string) => `${REPORT_PREFIX}${key.slice(IMPORT_PREFIX.length).replace(/\.csv$/i, '')}.rapport.csv`;

/** The bucket as the planner and the workers use it: encrypted writes, an absent key is undefined. */
export function s3Objects(s3: S3Client, bucket: string): Objects {
  return {
    async get(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body!.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async put(key, body, contentType) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'AES256' }));
    },
  };
}

/**
 * One upload's job id: the same for a retry of its S3 event (same `sequencer`), another for
 * the same file uploaded again (which then imports again: every line `unchanged`).
 */
export const jobIdOf = (bucket: string, key: string, sequencer: string) => createHash('sha256').update(`${bucket}\n${key}\n${sequencer}`).digest('base64url').slice(0, 32);

export type S3PlanDeps = { s3: S3Client; store: Store; send: (messages: ChunkMessage[]) => Promise<void> };

/**
 * Plans one uploaded file (planImport): an absent file fails the invocation (Lambda retries
 * the event, then its dead-letter queue); a file that is no CSV gets its report and the
 * invocation succeeds: retrying could not read it better.
 */
export async function planS3Object(deps: S3PlanDeps, bucket: string, key: string, sequencer: string, { chunkSize }: { chunkSize?: number } = {}): Promise<Plan> {
  const objects = s3Objects(deps.s3, bucket);
  const bytes = await objects.get(key);
  if (!bytes) throw new Error(`${key} : fichier introuvable dans le compartiment d’import.`);
  const plan = await planImport({ store: deps.store, objects, send: deps.send }, { jobId: jobIdOf(bucket, key, sequencer), fileKey: key, reportKey: reportKey(key), bytes, ...(chunkSize ? { chunkSize } : {}) });
  if ('unreadable' in plan) logger.warn({ message: 'import_unreadable', key, reason: plan.unreadable });
  else logger.info({ message: 'import_planned', key, jobId: plan.job.jobId, lines: plan.job.lines, chunks: plan.job.chunks });
  return plan;
}
