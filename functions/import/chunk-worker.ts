import type { Store } from '#store/client.ts';
import { claimAssembly, markChunkDone, markReported, releaseAssembly } from '#store/import-jobs.ts';
import { logger } from '../observability/logger.ts';
import { chunkKey, chunkReportKey, mergeReports, type ChunkFile, type ChunkMessage, type ChunkReport } from './chunks.ts';
import { completeJob, withCompletion, type CompletionEntry } from './complete.ts';
import { importRows, reportCsv, summarize, type RowReport } from './import-rows.ts';
import { getJson, putJson, type Objects } from './objects.ts';
import type { CsvLine } from './read-csv.ts';

export type ChunkDeps = { store: Store; objects: Objects };

export type ChunkRun = {
  /** Lambda's time left; the worker stops this long before it and checkpoints. */
  timeLeftMs?: () => number;
  /** Stops between lines (Ctrl-C of the CLI): what is done is checkpointed. */
  signal?: AbortSignal;
  onRow?: () => void;
};

/** Stopping this long before Lambda's timeout leaves time to write the checkpoint. */
export const MARGIN_MS = 60_000;
/** A checkpoint every this many lines: a worker killed outright redoes at most these. */
const CHECKPOINT_LINES = 250;
/** Assembling a report reads every chunk's report and writes one file: well within this. */
const ASSEMBLY_LEASE_MS = 5 * 60_000;

/** The chunk stopped before its end (time out, Ctrl-C): its checkpoint is written, and a retry goes on from it. */
export class ChunkInterrupted extends Error {
  override readonly name = 'ChunkInterrupted';
}

export type ChunkOutcome = { chunk: number; imported: number; assembled?: { report: string; counts: ReturnType<typeof summarize>; completion?: CompletionEntry[] } };

/**
 * The chunk worker: imports one chunk with `importRows` and says so in the job.
 * - Resumable: its report so far is checkpointed under the work prefix every 250 lines and
 *   when it stops; a retry (SQS's redelivery, the local runner's) skips the lines the
 *   checkpoint holds, so the report keeps what the first attempt did (`created`…), not
 *   `unchanged`.
 * - Idempotent: a chunk whose report is complete is not imported again, and marking it done
 *   is an ADD to a set, so a chunk delivered twice is counted once.
 * - The worker that sees every chunk done takes the assembly (a conditional lease in the job
 *   item): it merges the chunks' reports into the file's one report and marks the job reported.
 *   For a file declared complete, it first completes the organizations (complete.ts): after
 *   every line of every chunk, never before. An assembly that fails gives its lease back.
 */
export async function runChunk(deps: ChunkDeps, message: ChunkMessage, run: ChunkRun = {}): Promise<ChunkOutcome> {
  const { jobId, chunk } = message;
  const saved = (await getJson<ChunkReport>(deps.objects, chunkReportKey(jobId, chunk))) ?? { complete: false, reports: [] };
  let imported = 0;
  if (!saved.complete) {
    const file = await getJson<ChunkFile>(deps.objects, chunkKey(jobId, chunk));
    if (!file) throw new Error(`${chunkKey(jobId, chunk)} : morceau introuvable.`);
    const done = new Set(saved.reports.map((report) => report.line));
    const reports: RowReport[] = [...saved.reports];
    let saving = Promise.resolve();
    let unsaved = 0;
    const checkpoint = (complete: boolean) => {
      const snapshot: ChunkReport = { complete, reports: [...reports] };
      saving = saving.then(() => putJson(deps.objects, chunkReportKey(jobId, chunk), snapshot));
      unsaved = 0;
      return saving;
    };
    const stop = new AbortController();
    run.signal?.addEventListener('abort', () => stop.abort(), { once: true });
    // A delivery with too little time left does not start: its redelivery will have the time.
    if (run.signal?.aborted || (run.timeLeftMs?.() ?? Infinity) < MARGIN_MS) stop.abort();
    await importRows(
      deps.store,
      file.lines.filter(({ line }) => !done.has(line)),
      {
        signal: stop.signal,
        onReport: (report) => {
          reports.push(report);
          imported += 1;
          run.onRow?.();
          if ((run.timeLeftMs?.() ?? Infinity) < MARGIN_MS) stop.abort();
          // A failed write fails the final checkpoint below, and the chunk with it.
          if ((unsaved += 1) >= CHECKPOINT_LINES) checkpoint(false).catch(() => {});
        },
      },
    );
    const complete = reports.length === file.lines.length;
    await checkpoint(complete);
    if (!complete) throw new ChunkInterrupted(`${jobId} morceau ${chunk + 1}/${message.chunks} : ${file.lines.length - reports.length} lignes non traitées ; le nouvel essai reprendra là.`);
    logger.info({ message: 'import_chunk_done', jobId, chunk, lines: file.lines.length, ...summarize(reports) });
  }
  const progress = await markChunkDone(deps.store, jobId, chunk);
  if (progress.done < progress.chunks || progress.reportedAt || !(await claimAssembly(deps.store, jobId, ASSEMBLY_LEASE_MS))) return { chunk, imported };
  try {
    return { chunk, imported, assembled: await assembleReport(deps, message, run) };
  } catch (error) {
    await releaseAssembly(deps.store, jobId);
    throw error;
  }
}

/** A complete file's lines, for its completion: every chunk's, in file order. */
async function fileLines(deps: ChunkDeps, { jobId, chunks }: ChunkMessage): Promise<CsvLine[]> {
  const files = await Promise.all(Array.from({ length: chunks }, (_, chunk) => getJson<ChunkFile>(deps.objects, chunkKey(jobId, chunk))));
  const missing = files.findIndex((file) => !file);
  if (missing !== -1) throw new Error(`${chunkKey(jobId, missing)} : morceau introuvable, l’import complet attendra le nouvel essai.`);
  return files.flatMap((file) => file!.lines).sort((a, b) => a.line - b.line);
}

/** Every chunk is done: the file's one report, under `reportKey`, then the job says it is written. */
async function assembleReport(deps: ChunkDeps, message: ChunkMessage, run: ChunkRun) {
  const { jobId, chunks, reportKey } = message;
  const parts = await Promise.all(Array.from({ length: chunks }, (_, chunk) => getJson<ChunkReport>(deps.objects, chunkReportKey(jobId, chunk))));
  const missing = parts.findIndex((part) => !part?.complete);
  if (missing !== -1) throw new Error(`${jobId} : le rapport du morceau ${missing + 1} manque, l’assemblage attendra le nouvel essai.`);
  const reports = mergeReports(parts as ChunkReport[]);
  const completion = message.complete
    ? await completeJob(deps, {
        jobId,
        declaration: message.complete,
        lines: () => fileLines(deps, message),
        reports,
        stop: () => Boolean(run.signal?.aborted) || (run.timeLeftMs?.() ?? Infinity) < MARGIN_MS,
      })
    : undefined;
  const report = completion ? withCompletion(reportCsv(reports), completion) : reportCsv(reports);
  await deps.objects.put(reportKey, report, 'text/csv; charset=utf-8');
  await markReported(deps.store, jobId);
  const counts = summarize(reports);
  logger.info({ message: 'import_done', jobId, reportKey, chunks, lines: reports.length, ...counts });
  return { report, counts, ...(completion ? { completion } : {}) };
}
