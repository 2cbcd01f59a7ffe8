/**
 * `npm run bench`: GPS's performance figures on this machine, in one run, against the
 * local stack (loopback only). Prints a table, writes results.json and results.md (the
 * README's table), and exits 0 even when a target is missed: it is a report, not a test.
 */
import { writeFileSync } from 'node:fs';
import { createStore, withProvenance } from '#store/client.ts';
import { registerPro } from '#tests/support/fixtures.ts';
import { BENCH_ISSUER, startBenchApi } from './api-stack.ts';
import { measureColdStarts } from './cold-start.ts';
import { measureImport } from './import-speed.ts';
import { profileWhile } from './cpu-profile.ts';
import { endpoints, measureLatency, warmUp, type Endpoint } from './latency.ts';
import { CONCURRENCY, startLoadClient } from './load.ts';
import { describeMachine, loadAverage, machine } from './machine.ts';
import { createReaders } from './population.ts';
import { countApiRequests } from './request-counts.ts';
import { markdownTable, missed, rows, textTable, type Figures, type Scale } from './report.ts';
import { seedPersons } from './seed.ts';
import { round } from './stats.ts';
import { measureWidgets } from './widgets.ts';

const SMALL = 1_000;
const LARGE = 100_000;
/** Professionals the seeded links are spread over (their GSI1 partitions). */
const FOLLOWERS = 100;
const WARM_UP_S = 4;
const PROFILE_S = 3;

const started = performance.now();
const host = machine();
const progress = (message: string) => console.error(`[bench ${Math.round((performance.now() - started) / 1000)} s] ${message}`);

progress('cold starts: bundling each Lambda entry point');
const coldStart = await measureColdStarts();
progress('widgets: bundle size, then the demo portal in Chromium');
const widgets = await measureWidgets();

progress('starting DynamoDB Local and the API');
const api = await startBenchApi();
// A client of its own for seeding and the raw loop: the API's connections stay the API's.
// Seeding and the raw loop wait for a busy DynamoDB Local rather than abort the run: a slow request shows in the p99.
const raw = withProvenance(createStore({ endpoint: api.endpoint, table: api.store.table, identitySecret: api.store.identitySecret, requestTimeoutMs: 30_000 }), { issuer: BENCH_ISSUER });
const client = startLoadClient();
let figures: Figures;
try {
  const readers = await createReaders(raw, api.issuer, CONCURRENCY);
  progress('counting the DynamoDB requests of each API call');
  const requests = await countApiRequests(api, readers);
  // DynamoDB Local's JVM compiles as it runs: unwarmed, the first loads measured came out slower than later ones.
  progress(`warming up: API and raw on every endpoint, ${WARM_UP_S} s each`);
  await warmUp(client, api.url, raw, readers, WARM_UP_S);

  const followers = await Promise.all(Array.from({ length: FOLLOWERS }, () => registerPro(raw)));
  let persons = readers.length;
  let seededItems = 0;
  let seedingSeconds = 0;
  const growTo = async (total: number) => {
    progress(`seeding up to ${total.toLocaleString('en')} persons`);
    const start = performance.now();
    seededItems += await seedPersons(raw, followers, persons, total - persons);
    seedingSeconds += (performance.now() - start) / 1000;
    persons = total;
  };
  const atScale = async (total: number, which: readonly Endpoint[]): Promise<Scale> => {
    await growTo(total);
    // Seeding is tens of thousands of writes: the JVM's heap and caches are not in the state the last warm-up left.
    progress(`warming up again after seeding, ${WARM_UP_S} s each`);
    await warmUp(client, api.url, raw, readers, WARM_UP_S);
    progress(`latency with ${total.toLocaleString('en')} persons: ${which.join(', ')}, API and raw in turn`);
    return { persons: total, latency: await measureLatency(client, api.url, raw, readers, which) };
  };

  const small = await atScale(SMALL, ['card', 'members', 'followUps']);
  progress('CPU profile of the API under load');
  const profile = await profileWhile(async () => {
    for (const endpoint of Object.values(endpoints(raw, readers))) await client.loadApi(api.url, endpoint.paths, PROFILE_S);
  });
  progress('import speed');
  const imported = await measureImport();
  const large = await atScale(LARGE, ['card', 'members']);
  figures = {
    requests,
    scales: { small, large, seededItemsPerSecond: round(seededItems / seedingSeconds, 0) },
    profile,
    coldStart,
    widgets,
    import: imported,
  };
} finally {
  client.stop();
  raw.doc.destroy();
  await api.stop();
}

const table = rows(figures);
const misses = missed(table);
const durationSeconds = Math.round((performance.now() - started) / 1000);
const date = new Date().toISOString().slice(0, 10);
const loadAtEnd = loadAverage();
const heading = `${date}, ${describeMachine(host, loadAtEnd)}; run took ${durationSeconds} s`;
const missedText = misses.length ? `Missed targets:\n${misses.map((miss) => `- ${miss}`).join('\n')}` : 'Every target met.';

console.log(`\n${heading}\n\n${textTable(table)}\n\n${missedText}`);
const here = new URL('./', import.meta.url);
writeFileSync(new URL('results.json', here), `${JSON.stringify({ date, machine: host, loadAverageAtEnd: loadAtEnd, durationSeconds, rows: table, figures }, null, 2)}\n`);
writeFileSync(new URL('results.md', here), `${heading}\n\n${markdownTable(table)}\n\n${missedText}\n`);
progress('wrote tests/bench/results.json and tests/bench/results.md');
