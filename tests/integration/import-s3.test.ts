import type { Context, S3Event } from 'aws-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { testStore } from '#tests/support/store.ts';
import { generateImport, handEditedImport, pngImage } from '#tests/support/import-csv.ts';
import { startS3Bucket } from '#tests/support/s3-bucket.ts';
import { scanTable } from '#tests/support/stored-items.ts';
import type { Store } from '#store/client.ts';
import { importS3Object } from '../../functions/import/s3-import.ts';

const BUCKET = 'gps-imports';
const KEY = 'imports/2026/Département du Rhône.csv';

const s3Event = (key: string): S3Event =>
  ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') } } }] }) as S3Event;
const context = (timeLeft: () => number) => ({ getRemainingTimeInMillis: timeLeft }) as Context;

/** What the logger writes meanwhile (Powertools writes through its own console on stdout and stderr). */
async function loggedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter((line) => line.includes('"service":"gps"')));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

describe('a département drops its export in the import bucket', () => {
  let s3: Awaited<ReturnType<typeof startS3Bucket>>;
  let store: Store;
  let handler: (event: S3Event, context: Context) => Promise<void>;

  beforeAll(async () => {
    s3 = await startS3Bucket(BUCKET);
    store = await testStore();
    // The function reads its configuration as on AWS: the environment, S3 through the SDK's own endpoint variable.
    for (const [name, value] of Object.entries({
      GPS_TABLE: store.table,
      GPS_IDENTITY_SECRET: store.identitySecret,
      GPS_DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
      AWS_REGION: 'eu-west-3',
      ...s3.environment,
    })) {
      vi.stubEnv(name, value);
    }
    ({ handler } = await import('../../functions/import/lambda.ts'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('imports the file and writes its report beside it; a run cut short is finished by the retry', async () => {
    const generated = generateImport(40, { seed: 3 });
    await s3.objects.set(`${BUCKET}/${KEY}`, Buffer.from(generated.csv, 'utf8'));
    const reportKey = `${BUCKET}/rapports/2026/Département du Rhône.rapport.csv`;

    let calls = 0;
    const runningOut = () => (++calls > 30 ? 1_000 : 600_000);
    await expect(handler(s3Event(KEY), context(runningOut))).rejects.toThrow(/lignes non traitées/);
    const partial = (await s3.objects.get(reportKey))!.toString('utf8').trim().split('\n');
    expect(partial.length - 1).toBeGreaterThanOrEqual(30);
    expect(partial.length - 1).toBeLessThan(generated.csv.trim().split('\n').length - 1);

    await handler(s3Event(KEY), context(() => 600_000));
    const report = (await s3.objects.get(reportKey))!.toString('utf8').trim().split('\n');
    const outcomes = report.slice(1).map((line) => line.split(';')[1]);
    expect(report[0]).toBe('ligne;resultat;personne;motif');
    expect(outcomes.length).toBe(generated.csv.trim().split('\n').length - 1);
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(generated.expected.rejected);
    // Lines done by the first run are unchanged now, the others were created by the retry.
    expect(outcomes.filter((o) => o === 'unchanged').length).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((o) => o === 'created').length).toBeGreaterThan(0);
    expect(report.find((line) => line.includes(';rejected;'))).toMatch(/;rejected;;\S/);
  }, 120_000);

  it('a hand-edited file: the report names each malformed line with a French reason, the others are imported, and no log repeats those lines', async () => {
    const key = 'imports/2026/Métropole de Lyon.csv';
    const file = handEditedImport(60, { 3: 'strayQuote', 10: 'unclosedQuote', 11: 'wrongColumnCount', 30: 'nulByte', 61: 'hugeField' }, { seed: 9, firstPerson: 10_000 });
    await s3.objects.set(`${BUCKET}/${key}`, Buffer.from(file.csv, 'utf8'));

    const logs = await loggedDuring(() => handler(s3Event(key), context(() => 600_000)));
    const report = (await s3.objects.get(`${BUCKET}/rapports/2026/Métropole de Lyon.rapport.csv`))!.toString('utf8');
    const rows = report.trim().split('\n').slice(1).map((line) => line.split(';'));
    expect(rows).toHaveLength(60);
    expect(rows.filter(([, outcome]) => outcome === 'rejected').map(([line, , , reason]) => [Number(line), reason])).toEqual([
      [3, expect.stringMatching(/^Guillemet isolé dans la colonne « nom »/)],
      [10, expect.stringMatching(/^Guillemet jamais refermé dans la colonne « nom »/)],
      [11, expect.stringMatching(/^17 colonnes au lieu des 16/)],
      [30, expect.stringMatching(/^Caractère invisible/)],
      [61, expect.stringMatching(/^Ligne trop longue/)],
    ]);
    expect(rows.filter(([, outcome]) => outcome === 'created')).toHaveLength(file.links);
    expect(logs.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ message: 'import_done', lines: 60, created: 55, rejected: 5 }));
    for (const trace of [...file.traces, 'xxxxxxxxxx']) {
      expect(report).not.toContain(trace);
      for (const line of logs) expect(line).not.toContain(trace);
    }
  });

  it('a file that is no CSV: its report says so in French, the invocation succeeds (no retry of a file that cannot change), nothing is imported', async () => {
    const key = 'imports/2026/export.csv';
    await s3.objects.set(`${BUCKET}/${key}`, pngImage());
    const before = (await scanTable(store)).length;

    await expect(handler(s3Event(key), context(() => 600_000))).resolves.toBeUndefined();
    const report = (await s3.objects.get(`${BUCKET}/rapports/2026/export.rapport.csv`))!.toString('utf8');
    expect(report).toMatch(/^ligne;resultat;personne;motif\n;unreadable;;Fichier illisible : ce n’est pas un fichier CSV/);
    expect(await importS3Object({ s3: new S3Client({}), store }, BUCKET, key, () => 600_000)).toEqual({
      unreadable: expect.stringMatching(/^Fichier illisible : /),
      report,
    });
    expect((await scanTable(store)).length).toBe(before);
  });

  it('an absent file fails the invocation, and nothing is written', async () => {
    const before = new Set(await s3.objects.keys());
    await expect(handler(s3Event('imports/absent.csv'), context(() => 600_000))).rejects.toThrow();
    expect(new Set(await s3.objects.keys())).toEqual(before);
  });
});
