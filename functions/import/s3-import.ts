import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { Siret } from '#domain/common.ts';
import type { CompleteDeclaration } from '#domain/import-row.ts';
import type { Store } from '#store/client.ts';
import { logger } from '../observability/logger.ts';
import type { ChunkMessage } from './chunks.ts';
import type { Objects } from './objects.ts';
import { planImport, unreadableReport, type Plan } from './plan-import.ts';

/**
 * The import bucket: files dropped under `imports/`, their reports under `rapports/`, the
 * chunks and their reports under `travail/` (see chunks.ts). Only `imports/*.csv` triggers.
 * A file under `imports/complet/<siret>/` is complete for that organization (README, « Import
 * complet »), and under `imports/complet/<siret>/confirmer-vide/` confirmed even without a line of it.
 */
export const IMPORT_PREFIX = 'imports/';
export const REPORT_PREFIX = 'rapports/';
export const COMPLETE_PREFIX = `${IMPORT_PREFIX}complet/`;
export const CONFIRM_EMPTY_FOLDER = 'confirmer-vide/';
export { WORK_PREFIX } from './chunks.ts';

/**
 * What a key declares: `imports/complet/13000548100010/2026-12.csv` is complete for that SIRET,
 * any other key for none (undefined); a key under `imports/complet/` whose folder is no SIRET
 * is refused, with the French reason (nothing of it is imported).
 */
export function completeOfKey(key: string): { declaration?: CompleteDeclaration } | { refused: string } {
  if (!key.startsWith(COMPLETE_PREFIX)) return {};
  const [folder = '', ...rest] = key.slice(COMPLETE_PREFIX.length).split('/');
  const siret = Siret.safeParse(folder);
  if (!siret.success || rest.length === 0) {
    return { refused: `Fichier refusé : un import complet se dépose sous ${COMPLETE_PREFIX}<SIRET de la structure>/, et « ${folder} » n’est pas un SIRET (14 chiffres). Rien n’a été importé.` };
  }
  const confirmEmpty = rest.length > 1 && `${rest[0]}/` === CONFIRM_EMPTY_FOLDER;
  return { declaration: { sirets: [siret.data], ...(confirmEmpty ? { confirmEmpty: [siret.data] } : {}) } };
}

/** `imports/2026/rhone.csv` → `rapports/2026/rhone.rapport.csv`. */
export const reportKey = (key: string) => `${REPORT_PREFIX}${key.slice(IMPORT_PREFIX.length).replace(/\.csv$/i, '')}.rapport.csv`;

/** The S3 client's package, loaded with the first object rather than at the function's init (its cold start). */
export const s3Sdk = () => import('@aws-sdk/client-s3');

/** The bucket as the planner and the workers use it: encrypted writes, an absent key is undefined. */
export function s3Objects(s3: S3Client, bucket: string): Objects {
  return {
    async get(key) {
      const { GetObjectCommand, NoSuchKey } = await s3Sdk();
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body!.transformToByteArray();
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
    async put(key, body, contentType) {
      const { PutObjectCommand } = await s3Sdk();
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
  const declared = completeOfKey(key);
  if ('refused' in declared) {
    await objects.put(reportKey(key), unreadableReport(declared.refused), 'text/csv; charset=utf-8');
    logger.warn({ message: 'import_refused', key, reason: declared.refused });
    return { unreadable: declared.refused };
  }
  const bytes = await objects.get(key);
  if (!bytes) throw new Error(`${key} : fichier introuvable dans le compartiment d’import.`);
  const plan = await planImport(
    { store: deps.store, objects, send: deps.send },
    { jobId: jobIdOf(bucket, key, sequencer), fileKey: key, reportKey: reportKey(key), bytes, ...(chunkSize ? { chunkSize } : {}), ...(declared.declaration ? { complete: declared.declaration } : {}) },
  );
  if ('unreadable' in plan) logger.warn({ message: 'import_unreadable', key, reason: plan.unreadable });
  else logger.info({ message: 'import_planned', key, jobId: plan.job.jobId, lines: plan.job.lines, chunks: plan.job.chunks, ...(declared.declaration ? { complete: declared.declaration.sirets } : {}) });
  return plan;
}
