import type { Context, S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { testStore } from '#tests/support/store.ts';
import { generateImport } from '#tests/support/import-csv.ts';
import { startS3Bucket } from '#tests/support/s3-bucket.ts';
import type { Store } from '#store/client.ts';

const BUCKET = 'gps-imports';
const KEY = 'imports/2026/Département du Rhône.csv';

const s3Event = (key: string): S3Event =>
  ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') } } }] }) as S3Event;
const context = (timeLeft: () => number) => ({ getRemainingTimeInMillis: timeLeft }) as Context;

describe('a département drops its export in the import bucket', () => {
  let s3: Awaited<ReturnType<typeof startS3Bucket>>;
  let store: Store;
  let handler: (event: S3Event, context: Context) => Promise<void>;

  beforeAll(async () => {
    s3 = await startS3Bucket();
    store = await testStore();
    // The function reads its configuration as on AWS: the environment, S3 through the SDK's own endpoint variable.
    for (const [name, value] of Object.entries({
      GPS_TABLE: store.table,
      GPS_IDENTITY_SECRET: store.identitySecret,
      GPS_DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
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
    s3.objects.set(`${BUCKET}/${KEY}`, Buffer.from(generated.csv, 'utf8'));
    const reportKey = `${BUCKET}/rapports/2026/Département du Rhône.rapport.csv`;

    let calls = 0;
    const runningOut = () => (++calls > 30 ? 1_000 : 600_000);
    await expect(handler(s3Event(KEY), context(runningOut))).rejects.toThrow(/lignes non traitées/);
    const partial = s3.objects.get(reportKey)!.toString('utf8').trim().split('\n');
    expect(partial.length - 1).toBeGreaterThanOrEqual(30);
    expect(partial.length - 1).toBeLessThan(generated.csv.trim().split('\n').length - 1);

    await handler(s3Event(KEY), context(() => 600_000));
    const report = s3.objects.get(reportKey)!.toString('utf8').trim().split('\n');
    const outcomes = report.slice(1).map((line) => line.split(';')[1]);
    expect(report[0]).toBe('ligne;resultat;personne;motif');
    expect(outcomes.length).toBe(generated.csv.trim().split('\n').length - 1);
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(generated.expected.rejected);
    // Lines done by the first run are unchanged now, the others were created by the retry.
    expect(outcomes.filter((o) => o === 'unchanged').length).toBeGreaterThanOrEqual(30);
    expect(outcomes.filter((o) => o === 'created').length).toBeGreaterThan(0);
    expect(report.find((line) => line.includes(';rejected;'))).toMatch(/;rejected;;\S/);
  });

  it('an absent file fails the invocation, and nothing is written', async () => {
    const before = new Set(s3.objects.keys());
    await expect(handler(s3Event('imports/absent.csv'), context(() => 600_000))).rejects.toThrow();
    expect(new Set(s3.objects.keys())).toEqual(before);
  });
});
