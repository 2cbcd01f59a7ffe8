import { CsvError, parse } from 'csv-parse/sync';
import { IMPORT_COLUMNS } from '#domain/import-row.ts';

/**
 * A file the import cannot read at all (binary, a workbook, UTF-16, no header line): nothing
 * of it is imported. Its message, in French, says why and what to do; it never quotes the file.
 */
export class UnreadableFile extends Error {
  override readonly name = 'UnreadableFile';
}

const HOW_TO_EXPORT = 'Depuis le tableur, enregistrez le tableau au format CSV (« CSV UTF-8 » ou « CSV (séparateur : point-virgule) »), puis importez ce fichier-là.';
export const UNREADABLE = {
  empty: 'Fichier illisible : il est vide.',
  binary: `Fichier illisible : ce n’est pas un fichier CSV, son contenu est binaire (une image, un PDF, une archive ?). ${HOW_TO_EXPORT}`,
  workbook: `Fichier illisible : c’est un classeur (Excel, LibreOffice…), pas un fichier CSV. ${HOW_TO_EXPORT}`,
  utf16: `Fichier illisible : il est encodé en UTF-16 (« Texte Unicode »). ${HOW_TO_EXPORT}`,
  header: `Fichier illisible : sa première ligne ne nomme aucune des colonnes attendues (${Object.keys(IMPORT_COLUMNS).slice(0, 4).join(', ')}…). Est-ce bien l’export à importer, avec sa ligne d’en-têtes ?`,
  malformedHeader: 'Fichier illisible : sa première ligne, celle des en-têtes de colonnes, est mal formée (un guillemet isolé ou jamais refermé ?).',
} as const;

/** Longer than this, a record is refused: a line of the import is a few hundred characters. */
export const MAX_RECORD_CHARS = 10_000;
/** A quoted value may hold line breaks, over this many lines at most: past that, the quote is a mistake. */
const MAX_RECORD_LINES = 20;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * The text of a file exported as UTF-8 (with or without BOM) or, from older tools,
 * Windows-1252. A file that is not UTF-8 throughout is read line by line, each line in the
 * encoding it is valid in: a UTF-8 export one line of which was retyped in an older tool
 * keeps its other lines' accents.
 */
export function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const lines: string[] = [];
    for (let start = 0; start <= bytes.length; ) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline === -1 ? bytes.length : newline;
      const line = bytes.subarray(start, end);
      try {
        lines.push(utf8.decode(line));
      } catch {
        lines.push(windows1252.decode(line));
      }
      start = end + 1;
    }
    return lines.join('\n').replace(/^\uFEFF/, '');
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

/**
 * A record of the file by the number of its first line (the header is line 1): its values by
 * column, or why it cannot be read (in French, naming columns, never quoting values).
 */
export type CsvLine = { line: number; values: Record<string, string> } | { line: number; malformed: string };

/** Control bytes no text file holds (tab, line feed and carriage return excepted). */
const isControlByte = (byte: number) => (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;
/**
 * The same in a value, with a carriage return (lines are split on them) and the C1 controls
 * Windows-1252 gives for the bytes it does not define.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/** Why these bytes are no CSV text at all, if they are not. */
function unreadable(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return UNREADABLE.utf16;
  // .xlsx and .ods are ZIP archives; .xls is an OLE compound file.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return UNREADABLE.workbook;
  const headerEnd = bytes.indexOf(0x0a) === -1 ? bytes.length : bytes.indexOf(0x0a);
  let controls = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    if (!isControlByte(bytes[index]!)) continue;
    // A text's header line holds none; a stray one in a record is that record's problem.
    if (index < headerEnd) return UNREADABLE.binary;
    controls += 1;
  }
  if (controls > bytes.length / 100) return UNREADABLE.binary;
  return undefined;
}

/** Lines are split before parsing (and joined with `\n` again for a value over several lines). */
const parseFields = (text: string, delimiter: string): string[][] =>
  parse(text, { delimiter, record_delimiter: '\n', trim: true, relax_column_count: true, skip_empty_lines: true });

const frenchNumber = (value: number) => value.toLocaleString('fr-FR').replace(/\s/g, ' ');

/**
 * The records of a `;` or `,` separated file (whichever the header line uses, unless a first
 * line `sep=;` says), each with the
 * number of its first line. Each record is read on its own: a malformed one (a stray or
 * unclosed quote, a wrong column count, a control character, a pasted 100 KB cell) is a
 * `malformed` line with its reason, and the records after it read as usual. Rows of empty
 * cells are skipped, as blank lines are. Throws UnreadableFile when the file is no CSV text.
 */
export function readCsv(bytes: Uint8Array): CsvLine[] {
  // Old DOS tools end a file with Ctrl-Z.
  const content = bytes[bytes.length - 1] === 0x1a ? bytes.subarray(0, -1) : bytes;
  const refusal = unreadable(content);
  if (refusal) throw new UnreadableFile(refusal);
  const text = decode(content);
  const lines = text.split(text.includes('\n') ? /\r?\n/ : '\r');
  const nonBlank = (from: number) => lines.findIndex((line, index) => index >= from && line.trim() !== '');
  let headerIndex = nonBlank(0);
  if (headerIndex === -1) throw new UnreadableFile(UNREADABLE.empty);
  // Excel writes (and reads) a first line `sep=;` naming the separator.
  const declared = /^sep=([;,\t|])\s*$/i.exec(lines[headerIndex]!)?.[1];
  if (declared) headerIndex = nonBlank(headerIndex + 1);
  if (headerIndex === -1) throw new UnreadableFile(UNREADABLE.empty);
  const headerLine = lines[headerIndex]!;
  const delimiter = declared ?? ((headerLine.match(/;/g)?.length ?? 0) >= (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',');
  const separator = { ';': 'un point-virgule', ',': 'une virgule', '\t': 'une tabulation' }[delimiter] ?? `un séparateur « ${delimiter} »`;
  let headers: string[];
  try {
    headers = parseFields(headerLine, delimiter)[0] ?? [];
  } catch {
    throw new UnreadableFile(UNREADABLE.malformedHeader);
  }
  const keys = headers.map(headerKey);
  if (!keys.some((key) => key in IMPORT_COLUMNS)) throw new UnreadableFile(UNREADABLE.header);
  const column = (index: number) => (headers[index] ? `la colonne « ${headers[index]} »` : `la colonne n° ${index + 1}`);

  /** Why a parse error makes this record unreadable, naming the column. */
  const parseProblem = (error: unknown): string => {
    if (!(error instanceof CsvError)) throw error;
    const where = typeof error.column === 'number' ? column(error.column) : 'une colonne';
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return `Guillemet jamais refermé dans ${where} : retirez-le, ou refermez-le à la fin de la valeur.`;
      case 'INVALID_OPENING_QUOTE':
        return `Guillemet isolé dans ${where} : retirez-le (s’il fait partie de la valeur, entourez toute la valeur de guillemets et doublez celui-ci).`;
      case 'CSV_INVALID_CLOSING_QUOTE':
        return `Texte après le guillemet fermant dans ${where} : retirez ce guillemet, ou entourez toute la valeur de guillemets.`;
      default:
        return `Ligne mal formée : elle ne se lit pas comme une ligne CSV (${error.code}).`;
    }
  };

  /** Why these values are no record of this file, if they are not. */
  const recordProblem = (fields: string[], length: number): string | undefined => {
    if (fields.length !== headers.length) {
      const columns = `${fields.length} colonne${fields.length > 1 ? 's' : ''}`;
      return fields.length > headers.length
        ? `${columns} au lieu des ${headers.length} de la ligne d’en-têtes : ${separator} en trop, peut-être dans une valeur (entourez alors la valeur de guillemets).`
        : `${columns} au lieu des ${headers.length} de la ligne d’en-têtes : ${separator} manque, ou la ligne est coupée.`;
    }
    if (length > MAX_RECORD_CHARS) {
      const longest = fields.reduce((best, field, index) => (field.length > fields[best]!.length ? index : best), 0);
      return `Ligne trop longue (${frenchNumber(length)} caractères, au plus ${frenchNumber(MAX_RECORD_CHARS)}) : ${column(longest)} en compte ${frenchNumber(fields[longest]!.length)}.`;
    }
    const invisible = fields.flatMap((field, index) => (CONTROL_CHARACTER.test(field) ? [column(index)] : []));
    if (invisible.length) return `Caractère invisible (octet nul ou caractère de contrôle) dans ${invisible.join(', ')} : retapez la valeur.`;
    return undefined;
  };

  /**
   * The record starting at line `first`. A quoted value may run over the next lines: read on
   * while the quote stays open, and keep the longer record only if it has this file's columns.
   * Otherwise the quote is a mistake of this line alone, and the next line is read on its own.
   */
  const readRecord = (first: number): { fields: string[]; length: number; last: number } | { problem: string } => {
    let problem: string | undefined;
    for (let last = first, chunk = lines[first]!; ; last += 1, chunk += `\n${lines[last]}`) {
      try {
        const parsed = parseFields(chunk, delimiter);
        if (last === first && parsed.length === 1) return { fields: parsed[0]!, length: chunk.length, last };
        if (parsed.length === 1 && parsed[0]!.length === headers.length) return { fields: parsed[0]!, length: chunk.length, last };
        return { problem: problem ?? 'Ligne mal formée : elle ne se lit pas comme une ligne CSV.' };
      } catch (error) {
        problem ??= parseProblem(error);
        const open = error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED';
        if (!open || last + 1 >= lines.length || last + 1 - first >= MAX_RECORD_LINES || chunk.length > MAX_RECORD_CHARS) return { problem };
      }
    }
  };

  const records: CsvLine[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = index + 1;
    if (lines[index]!.trim() === '') continue;
    const read = readRecord(index);
    if ('problem' in read) {
      records.push({ line, malformed: read.problem });
      continue;
    }
    index = read.last;
    if (read.fields.every((field) => field === '')) continue;
    const problem = recordProblem(read.fields, read.length);
    records.push(problem ? { line, malformed: problem } : { line, values: Object.fromEntries(keys.map((key, column) => [key, read.fields[column]!])) });
  }
  return records;
}
