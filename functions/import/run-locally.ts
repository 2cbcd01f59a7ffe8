import { ulid } from 'ulid';
import type { CompleteDeclaration } from '#domain/import-row.ts';
import type { Store } from '#store/client.ts';
import { chunkReportKey, mergeReports, MAX_RECEIVES, type ChunkMessage, type ChunkReport } from './chunks.ts';
import { ChunkInterrupted, runChunk } from './chunk-worker.ts';
import { CompletionInterrupted, type CompletionEntry } from './complete.ts';
import { reportCsv, summarize, type RowReport } from './import-rows.ts';
import { logger } from '../observability/logger.ts';
import { getJson, type Objects } from './objects.ts';
import { planImport } from './plan-import.ts';

export type LocalImport = {
  store: Store;
  objects: Objects;
  fileKey: string;
  reportKey: string;
  bytes: Uint8Array;
  /** Chunk workers at once, as the worker's `maxConcurrency` on AWS. */
  workers?: number;
  chunkSize?: number;
  /** The file is complete for these organizations (README, « Import complet »). */
  complete?: CompleteDeclaration;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Lambda's time left for this attempt of this chunk (`receive` counts from 1); unlimited by default. */
  timeLeft?: (message: ChunkMessage, receive: number) => () => number;
};

export type LocalResult =
  | { unreadable: string; report: string }
  | {
      jobId: string;
      chunks: number;
      lines: number;
      notReached: number;
      counts: ReturnType<typeof summarize>;
      report: string;
      attempts: Map<number, number>;
      peakWorkers: number;
      /** A complete file's completion, once every line is imported (its lines are also in `report`). */
      completion?: CompletionEntry[];
    };

/**
 * The distributed import on this machine: the very planner and chunk worker of AWS, the
 * queue in between being this runner's: `workers` chunks at once, a chunk that throws
 * delivered again (as SQS does after its visibility timeout) up to MAX_RECEIVES times.
 * Stopped by `signal`, it returns what the checkpoints hold: running the file again finishes it.
 */
export async function importLocally(options: LocalImport): Promise<LocalResult> {
  const deps = { store: options.store, objects: options.objects };
  const queue: ChunkMessage[] = [];
  const plan = await planImport(
    { ...deps, send: async (messages) => void queue.push(...messages) },
    {
      jobId: ulid(),
      fileKey: options.fileKey,
      reportKey: options.reportKey,
      bytes: options.bytes,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      ...(options.complete ? { complete: options.complete } : {}),
    },
  );
  if ('unreadable' in plan) return { unreadable: plan.unreadable, report: Buffer.from((await options.objects.get(options.reportKey))!).toString('utf8') };
  const { job } = plan;
  const attempts = new Map<number, number>();
  let done = 0;
  let running = 0;
  let peakWorkers = 0;
  let failure: unknown;
  let completion: CompletionEntry[] | undefined;
  const worker = async () => {
    for (let message = queue.shift(); message && !failure; message = queue.shift()) {
      const receive = (attempts.get(message.chunk) ?? 0) + 1;
      attempts.set(message.chunk, receive);
      peakWorkers = Math.max(peakWorkers, (running += 1));
      try {
        const outcome = await runChunk(deps, message, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.timeLeft ? { timeLeftMs: options.timeLeft(message, receive) } : {}),
          onRow: () => options.onProgress?.((done += 1), job.lines),
        });
        completion ??= outcome.assembled?.completion;
      } catch (error) {
        if (options.signal?.aborted && (error instanceof ChunkInterrupted || error instanceof CompletionInterrupted)) continue;
        logger.warn({ message: 'import_chunk_retry', jobId: message.jobId, chunk: message.chunk, receives: receive, error: (error as Error).message });
        if (receive >= MAX_RECEIVES) failure = error;
        else queue.push(message);
      } finally {
        running -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers ?? 4, job.chunks)) }, worker));
  if (failure) throw failure;
  const parts = await Promise.all(Array.from({ length: job.chunks }, (_, chunk) => getJson<ChunkReport>(options.objects, chunkReportKey(job.jobId, chunk))));
  const reports: RowReport[] = mergeReports(parts.map((part) => part ?? { complete: false, reports: [] }));
  const assembled = await options.objects.get(options.reportKey);
  return {
    jobId: job.jobId,
    chunks: job.chunks,
    lines: job.lines,
    notReached: job.lines - reports.length,
    counts: summarize(reports),
    // Stopped before the end: the report of what the checkpoints hold.
    report: assembled && reports.length === job.lines ? Buffer.from(assembled).toString('utf8') : reportCsv(reports),
    attempts,
    peakWorkers,
    ...(completion ? { completion } : {}),
  };
}
