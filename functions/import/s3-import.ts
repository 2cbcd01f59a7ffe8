import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Store } from '#store/client.ts';
import { logger } from '../observability/logger.ts';
import { importFile, type ImportedFile, type UnreadableImport } from './import-file.ts';

/** Files are dropped under `imports/`; their reports land under `rapports/`, which triggers nothing. */
export const IMPORT_PREFIX = 'imports/';
export const REPORT_PREFIX = 'rapports/';

/** Stopping this long before Lambda's timeout leaves time to write the report of what was done. */
const MARGIN_MS = 60_000;

export class ImportInterrupted extends Error {
  override readonly name = 'ImportInterrupted';
}

export type S3ImportDeps = { s3: S3Client; store: Store };

/** `imports/2026/rhone.csv` → `rapports/2026/rhone.rapport.csv`. */
export const reportKey = (key: string) => `${REPORT_PREFIX}${key.slice(IMPORT_PREFIX.length).replace(/\.csv$/i, '')}.rapport.csv`;

/**
 * Imports one uploaded file and writes its report beside it. A run that would outlast the
 * function stops between lines, writes what it did, and throws: Lambda's retry of the
 * asynchronous S3 event then runs the file again, and the lines already imported are
 * `unchanged`, so the retry finishes the work. A file that is no CSV text gets a report saying
 * why, in French, and the invocation succeeds: retrying could not read it better.
 */
export async function importS3Object(deps: S3ImportDeps, bucket: string, key: string, timeLeftMs: () => number): Promise<ImportedFile | UnreadableImport> {
  const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await object.Body!.transformToByteArray();
  const stop = new AbortController();
  const result = await importFile(deps.store, bytes, {
    signal: stop.signal,
    onProgress: () => {
      if (timeLeftMs() < MARGIN_MS) stop.abort();
    },
  });
  await deps.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: reportKey(key), Body: result.report, ContentType: 'text/csv; charset=utf-8', ServerSideEncryption: 'AES256' }),
  );
  if ('unreadable' in result) {
    logger.warn({ message: 'import_unreadable', key, reason: result.unreadable });
    return result;
  }
  logger.info({ message: 'import_done', key, lines: result.lines, notReached: result.notReached, ...result.counts });
  if (result.notReached) throw new ImportInterrupted(`${key}: ${result.notReached} lignes non traitées avant la fin du temps imparti ; nouvel essai.`);
  return result;
}
