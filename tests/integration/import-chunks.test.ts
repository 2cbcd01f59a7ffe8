import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { createStore } from '#store/client.ts';
import { keys } from '#store/keys.ts';
import { generateImport } from '#tests/support/import-csv.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';
import { folderObjects } from '../../functions/import/objects.ts';
import { importLocally } from '../../functions/import/run-locally.ts';

/** The report's rows: `[line, outcome, personId, reason]`. */
const rowsOf = (report: string) =>
  report
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';'));

describe('a national file, imported in chunks by parallel workers', () => {
  it('20,000 lines in at least 4 chunks, 4 workers, one chunk cut short and retried from its checkpoint: the table and the one report equal a recount', async () => {
    // Prepare: a DynamoDB Local of its own (20,000 lines must not slow down the other test files), the CLI's work folder.
    const generated = generateImport(6_400, { seed: 11 });
    const local = await startDynamoDbLocal();
    onTestFinished(() => local.stop());
    await ensureTable(local.endpoint, 'import');
    // The import runs in the background: it waits for a busy emulator longer than an API call would.
    const store = createStore({ table: 'import', identitySecret: 'test-identity-secret', endpoint: local.endpoint, requestTimeoutMs: 30_000 });
    const folder = await mkdtemp(join(tmpdir(), 'gps-import-'));
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const objects = folderObjects(folder);

    // The second chunk's first attempt runs out of Lambda time after 1,000 lines.
    const INTERRUPTED = 1;
    let firstAttemptLines = 0;
    const timeLeft = (message: { chunk: number }, receive: number) => () => {
      if (message.chunk !== INTERRUPTED || receive > 1) return 600_000;
      return ++firstAttemptLines >= 1_000 ? 1_000 : 600_000;
    };

    // Act
    const started = performance.now();
    const result = await importLocally({ store, objects, fileKey: 'national.csv', reportKey: 'national.rapport.csv', bytes: Buffer.from(generated.csv, 'utf8'), workers: 4, chunkSize: 4_000, timeLeft });

    console.log(`import: ${Math.round((performance.now() - started) / 1000)} s`);
    // Assess: the chunks, the workers, the retry.
    if ('unreadable' in result) throw new Error(result.unreadable);
    expect(result.lines).toBeGreaterThanOrEqual(20_000);
    expect(result.chunks).toBeGreaterThanOrEqual(4);
    expect(result.peakWorkers).toBe(4);
    // The persons in flight when time ran out finish their lines: a few more than 1,000.
    expect(firstAttemptLines).toBeGreaterThanOrEqual(1_000);
    expect(Object.fromEntries(result.attempts)).toEqual(Object.fromEntries(Array.from({ length: result.chunks }, (_, chunk) => [chunk, chunk === INTERRUPTED ? 2 : 1])));

    // One report, one row per line of the file, in order; what the first attempt did is kept (not `unchanged`).
    const rows = rowsOf(result.report);
    const fileLines = generated.csv.trim().split('\n').length;
    expect(rows.map(([line]) => Number(line))).toEqual(Array.from({ length: fileLines - 1 }, (_, index) => index + 2));
    expect(result.counts).toEqual({ created: generated.expected.links, updated: 0, unchanged: generated.expected.duplicates, rejected: generated.expected.rejected, valid: 0 });
    expect(rows.filter(([, outcome]) => outcome === 'rejected').every(([, , , reason]) => reason && /[a-zé]/.test(reason))).toBe(true);
    expect(result.report).toBe((await objects.get('national.rapport.csv'))!.toString());

    // The recount of the table: every person once, every link, the file's referent certified as the file says.
    const items = await scanTable(store);
    expect(invalidItems(items)).toEqual([]);
    const persons = items.filter((item) => item.entity === 'person');
    const links = items.filter((item) => item.entity === 'follow_up');
    expect(persons).toHaveLength(generated.expected.persons);
    expect(links).toHaveLength(generated.expected.links);
    expect(links.every((link) => link.source === 'import' && link.status === 'active')).toBe(true);
    const referents = new Map(links.filter((link) => link.isReferent).map((link) => [link.personId, link]));
    for (const person of persons) {
      const expected = generated.expected.referents.get(`${person.identity.lastName}|${person.identity.birthDate}`)!;
      expect(person.referentProId).toBe(referents.get(person.id)?.proId);
      expect(referents.get(person.id)!.certified).toBe(expected.certified);
    }
    expect(referents.size).toBe(persons.length);
    // Every created line names the person it went to; each person is in the report.
    expect(new Set(rows.filter(([, outcome]) => outcome === 'created').map(([, , personId]) => personId))).toEqual(new Set(persons.map((person) => person.id)));
    const job = items.find((item) => item.PK === keys.importJob(result.jobId).PK)!;
    expect(job).toMatchObject({ chunks: result.chunks, lines: result.lines, reportedAt: expect.any(String) });
    expect(job.doneChunks.size).toBe(result.chunks);
  }, 600_000);
});
