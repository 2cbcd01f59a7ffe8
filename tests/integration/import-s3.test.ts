import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testStore, dynamoDbEndpoint } from '#tests/support/store.ts';
import { generateImport, handEditedImport, pngImage } from '#tests/support/import-csv.ts';
import { startS3Bucket } from '#tests/support/s3-bucket.ts';
import { scanTable } from '#tests/support/stored-items.ts';
import type { Store } from '#store/client.ts';
import type { ChunkMessage } from '../../functions/import/chunks.ts';
import { planS3Object } from '../../functions/import/s3-import.ts';

const BUCKET = 'gps-imports';
const KEY = 'imports/2026/Département du Rhône.csv';

const s3Event = (key: string): S3Event =>
  ({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), sequencer: '0A1B2C' } } }] }) as S3Event;
/** The import queue's delivery of one chunk, as the SQS event source hands it to the worker. */
const sqsEvent = (message: ChunkMessage, receive = 1): SQSEvent =>
  ({ Records: [{ messageId: `m-${message.chunk}-${receive}`, body: JSON.stringify(message), attributes: { ApproximateReceiveCount: String(receive) } }] }) as unknown as SQSEvent;
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
  let planner: (event: S3Event) => Promise<void>;
  let worker: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  /** The planner as on AWS, but its messages kept here: SQS itself is CDK's (tests/unit/infra.test.ts). */
  const plan = async (key: string, chunkSize?: number) => {
    const messages: ChunkMessage[] = [];
    const result = await planS3Object({ s3: new S3Client({}), store, send: async (sent) => void messages.push(...sent) }, BUCKET, key, `seq-${key}`, chunkSize ? { chunkSize } : {});
    return { result, messages };
  };

  beforeAll(async () => {
    s3 = await startS3Bucket(BUCKET);
    store = await testStore();
    // The functions read their configuration as on AWS: the environment, S3 through the SDK's own endpoint variable.
    for (const [name, value] of Object.entries({
      GPS_TABLE: store.table,
      GPS_IDENTITY_SECRET: store.identitySecret,
      GPS_DYNAMODB_ENDPOINT: dynamoDbEndpoint(),
      GPS_IMPORT_BUCKET: BUCKET,
      GPS_IMPORT_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/jamais-appelee',
      AWS_REGION: 'eu-west-3',
      ...s3.environment,
    })) {
      vi.stubEnv(name, value);
    }
    ({ handler: planner } = await import('../../functions/import/lambda.ts'));
    ({ handler: worker } = await import('../../functions/import/chunk-lambda.ts'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('the planner cuts the file in chunks under travail/, the workers import them, the last writes the one report; a chunk that fails is finished by its redelivery', async () => {
    const generated = generateImport(40, { seed: 3 });
    await s3.objects.set(`${BUCKET}/${KEY}`, Buffer.from(generated.csv, 'utf8'));
    const lines = generated.csv.trim().split('\n').length - 1;

    const { messages } = await plan(KEY, 40);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const work = (await s3.objects.keys()).filter((key) => key.includes('/travail/'));
    expect(work).toHaveLength(messages.length);

    // The first chunk's first delivery comes with too little time left: a batch item failure, SQS delivers it again.
    expect(await worker(sqsEvent(messages[0]!), context(() => 30_000))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0-1' }] });
    for (const message of messages) expect(await worker(sqsEvent(message, message.chunk === 0 ? 2 : 1), context(() => 600_000))).toEqual({ batchItemFailures: [] });

    const report = (await s3.objects.get(`${BUCKET}/rapports/2026/Département du Rhône.rapport.csv`))!.toString('utf8').trim().split('\n');
    expect(report[0]).toBe('ligne;resultat;personne;motif');
    expect(report.slice(1).map((line) => Number(line.split(';')[0]))).toEqual(Array.from({ length: lines }, (_, index) => index + 2));
    const outcomes = report.slice(1).map((line) => line.split(';')[1]);
    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(generated.expected.links);
    expect(outcomes.filter((outcome) => outcome === 'rejected')).toHaveLength(generated.expected.rejected);

    // A message delivered once more (SQS delivers at least once) changes nothing, and writes no second report.
    const before = await scanTable(store);
    expect(await worker(sqsEvent(messages[1]!, 2), context(() => 600_000))).toEqual({ batchItemFailures: [] });
    expect((await scanTable(store)).length).toBe(before.length);
    // A message that is no chunk is refused, never imported.
    expect(await worker({ Records: [{ messageId: 'x', body: '{"chunk":"1"}', attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent, context(() => 600_000))).toEqual({ batchItemFailures: [{ itemIdentifier: 'x' }] });
  });

  it('a hand-edited file: the report names each malformed line with a French reason, the others are imported, and no log repeats those lines', async () => {
    const key = 'imports/2026/Métropole de Lyon.csv';
    const file = handEditedImport(60, { 3: 'strayQuote', 10: 'unclosedQuote', 11: 'wrongColumnCount', 30: 'nulByte', 61: 'hugeField' }, { seed: 9, firstPerson: 10_000 });
    await s3.objects.set(`${BUCKET}/${key}`, Buffer.from(file.csv, 'utf8'));

    const logs = await loggedDuring(async () => {
      const { messages } = await plan(key);
      expect(messages).toHaveLength(1);
      await worker(sqsEvent(messages[0]!), context(() => 600_000));
    });
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
      expect((await s3.objects.keys()).join('\n')).not.toContain(trace);
      for (const line of logs) expect(line).not.toContain(trace);
    }
  });

  it('a file that is no CSV: its report says so in French, the planner succeeds (no retry of a file that cannot change), nothing is imported', async () => {
    const key = 'imports/2026/export du mois.csv';
    await s3.objects.set(`${BUCKET}/${key}`, pngImage());
    const before = (await scanTable(store)).length;

    await expect(planner(s3Event(key))).resolves.toBeUndefined();
    const report = (await s3.objects.get(`${BUCKET}/rapports/2026/export du mois.rapport.csv`))!.toString('utf8');
    expect(report).toMatch(/^ligne;resultat;personne;motif\n;unreadable;;Fichier illisible : ce n’est pas un fichier CSV/);
    expect(await plan(key)).toEqual({ result: { unreadable: expect.stringMatching(/^Fichier illisible : /) }, messages: [] });
    expect((await scanTable(store)).length).toBe(before);
  });

  it('an absent file fails the planner (Lambda retries it), and nothing is written', async () => {
    const before = new Set(await s3.objects.keys());
    await expect(planner(s3Event('imports/absent.csv'))).rejects.toThrow(/fichier introuvable/);
    expect(new Set(await s3.objects.keys())).toEqual(before);
  });
});
