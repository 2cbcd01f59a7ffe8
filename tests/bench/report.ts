import type { BundleFigures, HandlerFigures } from './cold-start.ts';
import type { ImportFigures } from './import-speed.ts';
import type { CardLatency, Spread } from './latency.ts';
import type { ProfileShare } from './cpu-profile.ts';
import type { Latency } from './load.ts';
import type { CountedCall } from './request-counts.ts';
import { kb } from './sizes.ts';
import { median, ratio } from './stats.ts';
import type { WidgetFigures } from './widgets.ts';

export type Scale = { persons: number; latency: Partial<CardLatency> };

export type Figures = {
  requests: CountedCall[];
  scales: { small: Scale; large: Scale; seededItemsPerSecond: number };
  profile: ProfileShare[];
  coldStart: { empty: BundleFigures; sdkOnly: BundleFigures; sdkBundled: BundleFigures; handlers: HandlerFigures[] };
  widgets: WidgetFigures;
  import: ImportFigures;
};

/** `met` is null where there is no target, only a figure. */
export type Row = { measure: string; value: string; target: string; met: boolean | null };

const MAX_P99_OVER_RAW = 1.5;
const MAX_INIT_OVER_SDK = 1.5;
const MAX_SCALE_SLOWDOWN = 1.2;
const MAX_HANDLER_KB = 250;
const MAX_WIDGETS_GZIP_KB = 25;

const count = (names: string[], what: string) => `${names.length} ${what}${names.length === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')})` : ''}`;

function requestRows(calls: CountedCall[]): Row[] {
  return calls.map(({ call, operations: { reads, writes } }) => {
    const value = writes.length ? `${count(reads, 'read')} + ${count(writes, 'write')}` : count(reads, 'read');
    const measure = `DynamoDB requests: ${call}`;
    if (call.includes('(card)')) return { measure, value, target: '1 read', met: reads.length === 1 };
    // Its audit goes out alongside the Query (one round trip): the design's one request is the read.
    if (call.includes('(card + members)')) return { measure, value, target: '1 read', met: reads.length === 1 };
    return { measure, value, target: '—', met: null };
  });
}

const medianOf = (rounds: readonly Latency[], key: keyof Latency) => median(rounds.map((latency) => latency[key]));

const describe = (rounds: readonly Latency[]) => {
  const failures = rounds.reduce((sum, latency) => sum + latency.failures, 0);
  return `p50 ${medianOf(rounds, 'p50Ms')} ms, p99 ${medianOf(rounds, 'p99Ms')} ms (${medianOf(rounds, 'p99WithFirstMs')} ms with each client's first request), ${medianOf(rounds, 'perSecond')} req/s, ${medianOf(rounds, 'cpuMsPerRequest')} ms CPU/request${failures ? `, ${failures} FAILED` : ''}`;
};

const ENDPOINTS = [
  { key: 'card', name: 'GET /persons/{id} (card)', raw: 'GetItem ∥ TransactWriteItems', target: MAX_P99_OVER_RAW },
  { key: 'members', name: 'GET /persons/{id}/members (card + members)', raw: 'Query ∥ TransactWriteItems', target: MAX_P99_OVER_RAW },
  { key: 'followUps', name: 'GET /follow-ups (my follow-ups)', raw: 'GSI1 Query', target: undefined },
] as const;

const spreadText = ({ median: middle, min, max }: Spread) => `${middle} (${min}–${max})`;

function latencyRows({ small, large }: Figures['scales']): Row[] {
  const persons = (n: number) => `${n.toLocaleString('en')} persons`;
  return ENDPOINTS.flatMap(({ key, name, raw, target }) =>
    [small, large].flatMap((scale, index) => {
      const rounds = scale.latency[key];
      if (!rounds) return [];
      const label = `${persons(scale.persons)}, median of ${rounds.api.length} rounds`;
      const ratioMeasure = `${name}: p99 API / p99 raw, ${persons(scale.persons)}, median of the rounds' ratios (min–max)`;
      const rows: Row[] = [
        { measure: `${name}, API, 50 connections, ${label}`, value: describe(rounds.api), target: '—', met: null },
        { measure: `same requests raw (${raw}), 50 in flight, same process, ${label}`, value: describe(rounds.raw), target: '—', met: null },
        target === undefined
          ? { measure: ratioMeasure, value: spreadText(rounds.p99OverRaw), target: '—', met: null }
          : { measure: ratioMeasure, value: spreadText(rounds.p99OverRaw), target: `≤ ${target}`, met: rounds.p99OverRaw.median <= target },
      ];
      const before = small.latency[key];
      if (index === 0 || !before || target === undefined) return rows;
      return [
        ...rows,
        ...(['p50Ms', 'p99Ms'] as const).map((percentile) =>
          ratioRow(`${name}: API ${percentile.slice(0, 3)} at ${persons(large.persons)} / at ${persons(small.persons)}`, ratio(medianOf(rounds.api, percentile), medianOf(before.api, percentile)), MAX_SCALE_SLOWDOWN),
        ),
      ];
    }),
  );
}

const ratioRow = (measure: string, value: number, max: number): Row => ({ measure, value: `${value}`, target: `≤ ${max}`, met: value <= max });

function coldStartRows({ empty, sdkOnly, sdkBundled, handlers }: Figures['coldStart']): Row[] {
  const reference = [
    { measure: 'module init of an empty handler', value: `${empty.initMs} ms`, target: '—', met: null },
    { measure: 'module init of an SDK-only handler (creates a DynamoDBDocumentClient), SDK external as deployed', value: `${sdkOnly.initMs} ms`, target: '—', met: null },
    {
      measure: 'the same with the SDK bundled (not deployed: over the bundle limit by itself)',
      value: `${sdkBundled.initMs} ms, ${kb(sdkBundled.bytes)} minified`,
      target: '—',
      met: null,
    },
  ];
  return [
    ...reference,
    ...handlers.flatMap((bundle) => [
      {
        measure: `Lambda bundle ${bundle.entry}`,
        value: `${kb(bundle.bytes)} minified, ${kb(bundle.gzipBytes)} gzip (source map apart)`,
        target: `≤ ${MAX_HANDLER_KB} KB minified`,
        met: bundle.bytes <= MAX_HANDLER_KB * 1024,
      },
      {
        measure: `module init of ${bundle.entry} / SDK-only handler (median of ${bundle.overSdk.rounds} rounds, min–max)`,
        value: `${bundle.overSdk.median} (${bundle.overSdk.min}–${bundle.overSdk.max}); ${bundle.initMs} ms`,
        target: `≤ ${MAX_INIT_OVER_SDK}`,
        met: bundle.overSdk.median <= MAX_INIT_OVER_SDK,
      },
    ]),
  ];
}

export function rows(figures: Figures): Row[] {
  return [
    ...requestRows(figures.requests),
    ...latencyRows(figures.scales),
    {
      measure: 'CPU profile of the API process under load (card, card + members, my follow-ups): self time by code',
      value: figures.profile.map(({ category, percent }) => `${category} ${percent} %`).join(', '),
      target: '—',
      met: null,
    },
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
    ...figures.import.byWorkers.map((run) => ({
      measure: `import of a generated CSV in ${figures.import.chunks} chunks, ${run.workers} worker${run.workers > 1 ? 's' : ''} (planner + chunk workers, own table)`,
      value: `${run.rowsPerSecond} rows/s (${run.imported} of ${figures.import.rows} rows in ${run.seconds} s${run.imported < figures.import.rows ? ', stopped at the time cap' : ''})`,
      target: '—',
      met: null,
    })),
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
