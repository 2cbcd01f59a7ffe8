import { identityKey } from '#domain/identity.ts';
import { CompleteDeclaration } from '#domain/import-row.ts';
import * as z from '#domain/zod.ts';
import type { RowReport } from './import-rows.ts';
import type { CsvLine } from './read-csv.ts';

/**
 * How a file is cut for the chunk workers: plain functions, no AWS. Every line of one person
 * lands in the same chunk, in file order, so the chunk worker imports them in order as a
 * whole-file run does (a referent moved by a later line, a duplicate found `unchanged`).
 */

/** Lines per chunk: on AWS a chunk takes seconds, far from the worker's 15 minutes (README, « Import »). */
export const CHUNK_LINES = 5_000;

/** The import queue's `maxReceiveCount`, and the local runner's: a chunk failing this many times is given up (dead letters on AWS). */
export const MAX_RECEIVES = 5;

/**
 * What one chunk worker receives: an SQS message body on AWS, a call locally. `complete`: the
 * file is complete for these organizations, which the worker that assembles the report completes.
 */
export const ChunkMessage = z.strictObject({
  jobId: z.string().min(1).max(64),
  chunk: z.int().min(0),
  chunks: z.int().positive(),
  reportKey: z.string().min(1).max(1024),
  complete: CompleteDeclaration.optional(),
});
export type ChunkMessage = z.infer<typeof ChunkMessage>;

/** A chunk's lines as the planner read them: numbered, decoded, malformed ones with their reason. */
export type ChunkFile = { lines: CsvLine[] };

/** A chunk's report so far (`complete: false`: a checkpoint of an attempt cut short). */
export type ChunkReport = { complete: boolean; reports: RowReport[] };

/** Under the import bucket's work prefix; nothing there triggers anything. */
export const WORK_PREFIX = 'travail/';
const chunkName = (jobId: string, chunk: number) => `${WORK_PREFIX}${jobId}/morceau-${String(chunk).padStart(4, '0')}`;
export const chunkKey = (jobId: string, chunk: number) => `${chunkName(jobId, chunk)}.json`;
export const chunkReportKey = (jobId: string, chunk: number) => `${chunkName(jobId, chunk)}.rapport.json`;
/** The completion decided for a complete file (see complete.ts): a retried assembly applies the same one. */
export const completionPlanKey = (jobId: string) => `${WORK_PREFIX}${jobId}/import-complet.json`;

/** FNV-1a: a stable spread of the persons' keys over the chunks, the same on every run. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return value;
}

/** `12/03/1994` → `1994-03-12`, as the import reads a birth date. */
const isoDate = (value: string) => value.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');

/**
 * The key that keeps a person's lines together: its names and birth date as the exact match
 * reads them (normalizeName), without validating the line (the worker does) nor hashing it
 * (it never leaves the planner's memory): 20 times cheaper than parsing the line, which counts
 * for a national file. A line without them is no one's: undefined.
 */
export function personKey(line: CsvLine): string | undefined {
  if ('malformed' in line) return undefined;
  const [lastName, firstName, birthDate] = [line.values.nom, line.values.prenom, line.values.date_naissance].map((value) => value?.trim() ?? '');
  if (!lastName || !firstName || !birthDate) return undefined;
  return identityKey({ lastName, firstName, birthDate: isoDate(birthDate) });
}

/**
 * The file's lines in chunks of about `chunkSize` lines: a line goes to the chunk of its
 * person's key, a line with no person (malformed, or refused before
 * matching) to the chunk of its line number. Empty chunks are dropped; the chunks keep file order.
 */
export function splitIntoChunks(lines: readonly CsvLine[], chunkSize = CHUNK_LINES): CsvLine[][] {
  const count = Math.max(1, Math.ceil(lines.length / chunkSize));
  const chunks: CsvLine[][] = Array.from({ length: count }, () => []);
  for (const line of lines) {
    const key = personKey(line);
    chunks[(key === undefined ? line.line : hash(key)) % count]!.push(line);
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

/** The one report of a file, from its chunks' reports: one line per line of the file, in order. */
export const mergeReports = (chunks: readonly ChunkReport[]): RowReport[] => chunks.flatMap((chunk) => chunk.reports).sort((a, b) => a.line - b.line);
