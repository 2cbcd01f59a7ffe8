import { ulid } from 'ulid';
import { importRows } from '../../functions/import/import-rows.ts';
import { readCsv } from '../../functions/import/read-csv.ts';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { createStore } from '#store/client.ts';
import { generateImport } from '#tests/support/import-csv.ts';
import { round } from './stats.ts';

/** ≈ 3,100 lines: 2 to 4 per person, plus duplicates and bad lines. */
const PERSONS = 1_000;
/** Keeps the whole bench under 10 minutes on a busy machine: the import stops between lines, as an interrupted run does. */
const TIME_CAP_MS = 60_000;

export type ImportFigures = { rows: number; imported: number; seconds: number; rowsPerSecond: number };

/**
 * A generated département export imported with the import's default concurrency, into a
 * DynamoDB Local of its own, as an import runs on its own. In the emulator the latency phases
 * had just loaded with tens of thousands of transactions it ran at 5 rows/s instead of ≈ 100
 * (2026-11-23): that measured the emulator's state, not the import.
 */
export async function measureImport(): Promise<ImportFigures> {
  const dynamoDb = await startDynamoDbLocal();
  const table = `gps-bench-import-${ulid()}`;
  await ensureTable(dynamoDb.endpoint, table);
  const store = createStore({ endpoint: dynamoDb.endpoint, table, identitySecret: 'gps-bench-identity-secret' });
  try {
    const csv = Buffer.from(generateImport(PERSONS).csv);
    let imported = 0;
    const start = performance.now();
    const lines = readCsv(csv);
    await importRows(store, lines, { signal: AbortSignal.timeout(TIME_CAP_MS), onProgress: (done) => (imported = done) });
    const seconds = (performance.now() - start) / 1000;
    return { rows: lines.length, imported, seconds: round(seconds), rowsPerSecond: round(imported / seconds, 0) };
  } finally {
    store.doc.destroy();
    await dynamoDb.stop();
  }
}
