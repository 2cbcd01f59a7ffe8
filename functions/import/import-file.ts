import { importRows, reportCsv, summarize, type ImportOptions, type RowReport } from './import-rows.ts';
import { readCsv } from './read-csv.ts';
import type { Store } from '#store/client.ts';

export type ImportedFile = {
  lines: number;
  counts: ReturnType<typeof summarize>;
  /** Lines not reached (the run was stopped): importing the file again finishes it. */
  notReached: number;
  report: string;
};

/**
 * One import file, whole, as the CLI and the S3-triggered function both run it: read
 * (UTF-8 or Windows-1252), imported, and its report per line.
 */
export async function importFile(store: Store, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportedFile> {
  const lines = readCsv(bytes);
  const reports: RowReport[] = await importRows(store, lines, options);
  return { lines: lines.length, counts: summarize(reports), notReached: lines.length - reports.length, report: reportCsv(reports) };
}
