import type { CompleteDeclaration } from '#domain/import-row.ts';
import type { Store } from '#store/client.ts';
import { applyCompletion, planCompletion, withCompletion, type CompletionEntry } from './complete.ts';
import { importRows, reportCsv, summarize, type ImportOptions, type RowReport } from './import-rows.ts';
import { readCsv, UnreadableFile } from './read-csv.ts';

export type ImportedFile = {
  /** The records of the file, malformed ones included. */
  lines: number;
  counts: ReturnType<typeof summarize>;
  /** Lines not reached (the run was stopped): importing the file again finishes it. */
  notReached: number;
  report: string;
  /** A complete file's completion (its lines are also at the end of `report`). */
  completion?: CompletionEntry[];
};

/** A file that is no CSV text: nothing of it was imported. `unreadable` says why, in French. */
export type UnreadableImport = { unreadable: string; report: string };

/** The report of an unreadable file: the same columns, one line without a number. */
const unreadableReport = (message: string) => reportCsv([]).replace(/\n$/, `\n;unreadable;;${message.replace(/[;\n]/g, ',')}\n`);

/**
 * One import file, whole, in one process (the CLI's `--dry-run`, and tests): read (UTF-8 or
 * Windows-1252), imported, and its report per line. A malformed record is a rejected line of
 * the report; a file that cannot be read at all imports nothing. Declared `complete`, its
 * organizations are completed after its last line (a dry run: what would end is reported).
 */
export async function importFile(store: Store, bytes: Uint8Array, options: ImportOptions & { complete?: CompleteDeclaration } = {}): Promise<ImportedFile | UnreadableImport> {
  let lines;
  try {
    lines = readCsv(bytes);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    return { unreadable: error.message, report: unreadableReport(error.message) };
  }
  const { complete, ...rowOptions } = options;
  const reports: RowReport[] = await importRows(store, lines, rowOptions);
  const imported = { lines: lines.length, counts: summarize(reports), notReached: lines.length - reports.length };
  if (!complete) return { ...imported, report: reportCsv(reports) };
  const completion = await applyCompletion(store, await planCompletion(store, lines, reports, complete), { dryRun: options.dryRun ?? false });
  return { ...imported, report: withCompletion(reportCsv(reports), completion), completion };
}
