import { importRows, reportCsv, summarize, type ImportOptions, type RowReport } from './import-rows.ts';
import { readCsv, UnreadableFile } from './read-csv.ts';
import type { Store } from '#store/client.ts';

export type ImportedFile = {
  /** The records of the file, malformed ones included. */
  lines: number;
  counts: ReturnType<typeof summarize>;
  /** Lines not reached (the run was stopped): importing the file again finishes it. */
  notReached: number;
  report: string;
};

/** A file that is no CSV text: nothing of it was imported. `unreadable` says why, in French. */
export type UnreadableImport = { unreadable: string; report: string };

/** The report of an unreadable file: the same columns, one line without a number. */
const unreadableReport = (message: string) => reportCsv([]).replace(/\n$/, `\n;unreadable;;${message.replace(/[;\n]/g, ',')}\n`);

/**
 * One import file, whole, as the CLI and the S3-triggered function both run it: read
 * (UTF-8 or Windows-1252), imported, and its report per line. A malformed record is a
 * rejected line of the report; a file that cannot be read at all imports nothing.
 */
export async function importFile(store: Store, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportedFile | UnreadableImport> {
  let lines;
  try {
    lines = readCsv(bytes);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    return { unreadable: error.message, report: unreadableReport(error.message) };
  }
  const reports: RowReport[] = await importRows(store, lines, options);
  return { lines: lines.length, counts: summarize(reports), notReached: lines.length - reports.length, report: reportCsv(reports) };
}
