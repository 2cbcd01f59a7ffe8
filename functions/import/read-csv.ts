import { parse } from 'csv-parse/sync';

/** The text of a file exported as UTF-8 (with or without BOM) or, from older tools, Windows-1252. */
export function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** `Date de naissance` → `date_naissance`: headers are matched without case, accents or spaces. */
export const headerKey = (header: string) =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/^date_de_naissance$/, 'date_naissance');

export type CsvLine = { line: number; values: Record<string, string> };

/** The records of a `;` or `,` separated file (whichever the header line uses), with their line numbers. */
export function readCsv(bytes: Uint8Array): CsvLine[] {
  const text = decode(bytes);
  const header = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parse(text, {
    delimiter,
    columns: (headers: string[]) => headers.map(headerKey),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}
