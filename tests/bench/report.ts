import type { BundleFigures } from './cold-start.ts';
import type { ImportFigures } from './import-speed.ts';
import type { CardLatency } from './latency.ts';
import type { Latency } from './load.ts';
import type { CountedCall } from './request-counts.ts';
import { kb } from './sizes.ts';
import { ratio } from './stats.ts';
import type { WidgetFigures } from './widgets.ts';

export type Scale = { persons: number; latency: CardLatency };

export type Figures = {
  requests: CountedCall[];
  scales: { small: Scale; large: Scale; seededItemsPerSecond: number };
  coldStart: { empty: BundleFigures; handlers: BundleFigures[] };
  widgets: WidgetFigures;
  import: ImportFigures;
};

/** `met` is null where there is no target, only a figure. */
export type Row = { measure: string; value: string; target: string; met: boolean | null };

const MAX_P99_OVER_RAW = 2;
const MAX_SCALE_SLOWDOWN = 1.2;
const MAX_HANDLER_KB = 250;
const MAX_WIDGETS_GZIP_KB = 25;

const count = (names: string[], what: string) => `${names.length} ${what}${names.length === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')})` : ''}`;

function requestRows(calls: CountedCall[]): Row[] {
  return calls.map(({ call, operations: { reads, writes } }) => {
    const value = writes.length ? `${count(reads, 'read')} + ${count(writes, 'write')}` : count(reads, 'read');
    const measure = `DynamoDB requests: ${call}`;
    if (call.includes('(card)')) return { measure, value, target: '1 read', met: reads.length === 1 };
    if (call.includes('(card + members)')) return { measure, value, target: '1 request', met: reads.length + writes.length === 1 };
    return { measure, value, target: '—', met: null };
  });
}

const describe = ({ p50Ms, p99Ms, perSecond, failures }: Latency) =>
  `p50 ${p50Ms} ms, p99 ${p99Ms} ms, ${perSecond} req/s${failures ? `, ${failures} FAILED` : ''}`;

const ENDPOINTS = [
  { key: 'card', name: 'GET /persons/{id} (card)', raw: 'GetItem ∥ TransactWriteItems' },
  { key: 'members', name: 'GET /persons/{id}/members (card + members)', raw: 'Query' },
] as const;

function latencyRows({ small, large }: Figures['scales']): Row[] {
  const persons = (n: number) => `${n.toLocaleString('en')} persons`;
  return ENDPOINTS.flatMap(({ key, name, raw }) => {
    const [before, after] = [small.latency[key], large.latency[key]];
    return [
      { measure: `${name}, API, 50 connections, ${persons(small.persons)}`, value: describe(before.api), target: '—', met: null },
      { measure: `same requests raw (${raw}), 50 in flight, ${persons(small.persons)}`, value: describe(before.raw), target: '—', met: null },
      ratioRow(`${name}: p99 API / p99 raw`, ratio(before.api.p99Ms, before.raw.p99Ms), MAX_P99_OVER_RAW),
      { measure: `${name}, API, 50 connections, ${persons(large.persons)}`, value: describe(after.api), target: '—', met: null },
      { measure: `same requests raw, ${persons(large.persons)}`, value: describe(after.raw), target: '—', met: null },
      ratioRow(`${name}: p50 at ${persons(large.persons)} / at ${persons(small.persons)}`, ratio(after.api.p50Ms, before.api.p50Ms), MAX_SCALE_SLOWDOWN),
      ratioRow(`${name}: p99 at ${persons(large.persons)} / at ${persons(small.persons)}`, ratio(after.api.p99Ms, before.api.p99Ms), MAX_SCALE_SLOWDOWN),
    ];
  });
}

const ratioRow = (measure: string, value: number, max: number): Row => ({ measure, value: `${value}`, target: `≤ ${max}`, met: value <= max });

function coldStartRows({ empty, handlers }: Figures['coldStart']): Row[] {
  return handlers.flatMap((bundle) => [
    {
      measure: `Lambda bundle ${bundle.entry}`,
      value: `${kb(bundle.bytes)} minified, ${kb(bundle.gzipBytes)} gzip (source map apart)`,
      target: `≤ ${MAX_HANDLER_KB} KB minified`,
      met: bundle.bytes <= MAX_HANDLER_KB * 1024,
    },
    {
      measure: `module init of ${bundle.entry}`,
      value: `${bundle.initMs} ms vs ${empty.initMs} ms empty handler (×${ratio(bundle.initMs, empty.initMs)})`,
      target: '—',
      met: null,
    },
  ]);
}

export function rows(figures: Figures): Row[] {
  return [
    ...requestRows(figures.requests),
    ...latencyRows(figures.scales),
    {
      measure: 'seeding the persons beyond the measured cards (BatchWriteItem)',
      value: `${figures.scales.seededItemsPerSecond} items/s, 2 items a person (profile + 1 follow-up link)`,
      target: '—',
      met: null,
    },
    ...coldStartRows(figures.coldStart),
    {
      measure: 'web-components/dist/gps-widgets.js',
      value: `${kb(figures.widgets.gzipBytes)} gzip -9 (${kb(figures.widgets.bytes)} raw)`,
      target: `≤ ${MAX_WIDGETS_GZIP_KB} KB gzip`,
      met: figures.widgets.gzipBytes <= MAX_WIDGETS_GZIP_KB * 1024,
    },
    {
      measure: 'demo portal in Chromium: widget script requested → card rendered',
      value: `${figures.widgets.scriptToCardMs} ms (${figures.widgets.navigationToCardMs} ms from navigation)`,
      target: '—',
      met: null,
    },
    {
      measure: 'import of a generated CSV (readCsv + importRows, own table)',
      value: `${figures.import.rowsPerSecond} rows/s (${figures.import.imported} of ${figures.import.rows} rows in ${figures.import.seconds} s${figures.import.imported < figures.import.rows ? ', stopped at the time cap' : ''})`,
      target: '—',
      met: null,
    },
  ];
}

const metLabel = (met: boolean | null) => (met === null ? '' : met ? 'yes' : 'MISSED');
const HEADERS = ['Measure', 'Value', 'Target', 'Met'];
const cells = (row: Row) => [row.measure, row.value, row.target, metLabel(row.met)];

export function textTable(table: Row[]): string {
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...table.map((row) => cells(row)[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join(' | ');
  return [line(HEADERS), widths.map((width) => '-'.repeat(width)).join('-+-'), ...table.map((row) => line(cells(row)))].join('\n');
}

export function markdownTable(table: Row[]): string {
  const line = (values: string[]) => `| ${values.map((value) => value.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADERS), line(HEADERS.map(() => '---')), ...table.map((row) => line(cells(row)))].join('\n');
}

export const missed = (table: Row[]) => table.filter((row) => row.met === false).map((row) => `${row.measure}: ${row.value} (target ${row.target})`);
