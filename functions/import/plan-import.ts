import type { CompleteDeclaration } from '#domain/import-row.ts';
import type { Store } from '#store/client.ts';
import { createImportJob, type ImportJob } from '#store/import-jobs.ts';
import { chunkKey, splitIntoChunks, CHUNK_LINES, type ChunkFile, type ChunkMessage } from './chunks.ts';
import { reportCsv } from './import-rows.ts';
import { putJson, type Objects } from './objects.ts';
import { readCsv, UnreadableFile } from './read-csv.ts';

export type PlanDeps = {
  store: Store;
  objects: Objects;
  /** Hands the chunks to the workers: SQS on AWS, the local runner's queue on this machine. */
  send: (messages: ChunkMessage[]) => Promise<void>;
};

export type PlanInput = {
  /** The same for the same upload (a retried planner finds its job again), new for a new one. */
  jobId: string;
  fileKey: string;
  reportKey: string;
  bytes: Uint8Array;
  chunkSize?: number;
  /** The file is complete for these organizations: the worker that assembles the report completes them. */
  complete?: CompleteDeclaration;
};

export type Plan = { unreadable: string } | { job: ImportJob; messages: ChunkMessage[] };

/** The report of an unreadable file: the same columns, one line without a number. */
export const unreadableReport = (message: string) => reportCsv([]).replace(/\n$/, `\n;unreadable;;${message.replace(/[;\n]/g, ',')}\n`);

const REPORT_TYPE = 'text/csv; charset=utf-8';
const PARALLEL_PUTS = 8;

/**
 * The planner: reads the file once (encoding line by line, malformed records with their line
 * numbers, as `readCsv` does), cuts it into chunks where each person's lines stay together,
 * writes each chunk under the work prefix, records the job, and sends one message per chunk.
 * Reading is the planner's, importing the workers': a national file is read in seconds and
 * imported by many workers at once. Run again on the same upload, it writes the same chunks
 * and sends the same messages; the workers make that harmless (see chunk-worker.ts).
 * A file that is no CSV text, or has no record, gets its report at once and no chunk; a
 * complete file without a record gets one empty chunk, whose worker completes it.
 */
export async function planImport(deps: PlanDeps, input: PlanInput): Promise<Plan> {
  let lines;
  try {
    lines = readCsv(input.bytes);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    await deps.objects.put(input.reportKey, unreadableReport(error.message), REPORT_TYPE);
    return { unreadable: error.message };
  }
  // A complete file without a record still completes its organizations (a refusal, unless confirmed empty): in one empty chunk, by its worker.
  const chunks = lines.length === 0 && input.complete ? [[]] : splitIntoChunks(lines, input.chunkSize ?? CHUNK_LINES);
  const job: ImportJob = { jobId: input.jobId, fileKey: input.fileKey, reportKey: input.reportKey, chunks: chunks.length, lines: lines.length, createdAt: deps.store.now().toISOString() };
  if (chunks.length === 0) {
    await deps.objects.put(input.reportKey, reportCsv([]), REPORT_TYPE);
    return { job, messages: [] };
  }
  for (let start = 0; start < chunks.length; start += PARALLEL_PUTS) {
    await Promise.all(chunks.slice(start, start + PARALLEL_PUTS).map((chunk, index) => putJson(deps.objects, chunkKey(job.jobId, start + index), { lines: chunk } satisfies ChunkFile)));
  }
  await createImportJob(deps.store, job);
  const messages = chunks.map((_, chunk): ChunkMessage => ({ jobId: job.jobId, chunk, chunks: chunks.length, reportKey: job.reportKey, ...(input.complete ? { complete: input.complete } : {}) }));
  await deps.send(messages);
  return { job, messages };
}
