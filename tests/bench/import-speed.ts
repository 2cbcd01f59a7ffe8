import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { folderObjects } from '../../functions/import/objects.ts';
import { importLocally } from '../../functions/import/run-locally.ts';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { createStore } from '#store/client.ts';
import { generateImport } from '#tests/support/import-csv.ts';
import { round } from './stats.ts';

/** ≈ 3,200 lines: 2 to 4 per person, plus duplicates and bad lines. */
const PERSONS = 1_000;
/** 5 chunks of ≈ 640 lines: work for 4 workers. */
const CHUNK_LINES = 800;
export const WORKER_COUNTS = [1, 2, 4] as const;
/** Keeps the whole bench under 10 minutes on a busy machine: the import stops between lines, as an interrupted run does. */
const TIME_CAP_MS = 40_000;

export type ImportRun = { workers: number; imported: number; seconds: number; rowsPerSecond: number };
export type ImportFigures = { rows: number; chunks: number; byWorkers: ImportRun[] };

/**
 * A generated département export imported as the CLI and AWS import it (planner, then the
 * chunk workers, 1, 2 and 4 at once), each run into a DynamoDB Local of its own: in the
 * emulator the latency phases had just loaded with tens of thousands of transactions it ran
 * at 5 rows/s instead of ≈ 100 (2026-11-23): that measured the emulator's state, not the import.
 */
export async function measureImport(): Promise<ImportFigures> {
  const bytes = Buffer.from(generateImport(PERSONS).csv);
  const byWorkers: ImportRun[] = [];
  let rows = 0;
  let chunks = 0;
  for (const workers of WORKER_COUNTS) {
    const dynamoDb = await startDynamoDbLocal();
    const table = `gps-bench-import-${ulid()}`;
    await ensureTable(dynamoDb.endpoint, table);
    const store = createStore({ endpoint: dynamoDb.endpoint, table, identitySecret: 'gps-bench-identity-secret', requestTimeoutMs: 30_000 });
    const folder = await mkdtemp(join(tmpdir(), 'gps-bench-import-'));
    try {
      const start = performance.now();
      const result = await importLocally({ store, objects: folderObjects(folder), fileKey: 'bench.csv', reportKey: 'bench.rapport.csv', bytes, workers, chunkSize: CHUNK_LINES, signal: AbortSignal.timeout(TIME_CAP_MS) });
      const seconds = (performance.now() - start) / 1000;
      if ('unreadable' in result) throw new Error(result.unreadable);
      rows = result.lines;
      chunks = result.chunks;
      const imported = result.lines - result.notReached;
      byWorkers.push({ workers, imported, seconds: round(seconds), rowsPerSecond: round(imported / seconds, 0) });
    } finally {
      store.doc.destroy();
      await dynamoDb.stop();
      await rm(folder, { recursive: true, force: true });
    }
  }
  return { rows, chunks, byWorkers };
}
