import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { MAX_RECEIVES } from '../functions/import/chunks.ts';
import { IMPORT_PREFIX, REPORT_PREFIX, WORK_PREFIX } from '../functions/import/s3-import.ts';
import { bindSecrets, type GpsSecrets } from './bind-secrets.ts';
import { bindTable } from './bind-table.ts';
import type { FunctionSpec } from './lambda-function.ts';
import { IMPORT_CHUNK_TABLE_ACCESS, IMPORT_PLANNER_TABLE_ACCESS } from './table-access.ts';

export type ImportBucketProps = {
  table: TableV2;
  secrets: GpsSecrets;
  deadLetters: Queue;
  create: (name: string, spec: FunctionSpec) => NodejsFunction;
  /** Chunk workers running at once (the SQS event source's maxConcurrency, 2 to 1,000): the import's write rate on the table. */
  importWorkers?: number;
};

/** A chunk (5,000 lines) takes seconds on AWS; its worker stops a minute before this and checkpoints. */
const WORKER_TIMEOUT = Duration.minutes(5);
/** Longer than the worker's timeout, so that no chunk is delivered twice while it runs (AWS advises 6 times). */
const VISIBILITY_TIMEOUT = Duration.minutes(30);
export const DEFAULT_IMPORT_WORKERS = 10;

/**
 * Imports: a partner drops a CSV under imports/; the `Import` planner reads it, writes its
 * chunks under travail/ and sends one message per chunk to the `ImportChunks` queue; the
 * `ImportChunk` workers, `importWorkers` at once, import the chunks and the last one writes
 * the file's report under rapports/. A file complete for an organization goes under
 * imports/complet/<siret>/ (README, « Import complet »): the same trigger and permissions, the
 * worker that assembles its report also ends the links the file no longer lists.
 *
 * Why S3 → planner → SQS → workers and not Step Functions Distributed Map: the import's CSV
 * is read line by line in the encoding each line is valid in, a malformed record is reported
 * with its line number and the next ones read as usual, and all the lines of one person must
 * run in one chunk in file order. Distributed Map's CSV reader splits by rows, in one encoding,
 * and fails the run on a malformed row; our planner does that reading once, and a chunk is
 * what a whole-file run would do for those persons.
 *
 * The files hold personal data: private, encrypted, access-logged, kept 30 days; each
 * function may touch only its prefixes of the bucket.
 */
export function createImportBucket(scope: Construct, props: ImportBucketProps): Bucket {
  const privateBucket = (id: string, extra: { serverAccessLogsBucket?: Bucket; expiration: Duration }) =>
    new Bucket(scope, id, {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(extra.serverAccessLogsBucket ? { serverAccessLogsBucket: extra.serverAccessLogsBucket } : {}),
      lifecycleRules: [{ expiration: extra.expiration }],
    });
  const imports = privateBucket('Imports', { serverAccessLogsBucket: privateBucket('ImportsAccessLogs', { expiration: Duration.days(365) }), expiration: Duration.days(30) });
  const objects = (prefix: string) => imports.arnForObjects(`${prefix}*`);

  // A chunk failing MAX_RECEIVES times (from its checkpoint each time) goes to the dead letters, with their alarm.
  const chunks = new Queue(scope, 'ImportChunks', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: VISIBILITY_TIMEOUT,
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: props.deadLetters, maxReceiveCount: MAX_RECEIVES },
  });

  const planner = props.create('Import', {
    entry: 'functions/import/lambda.ts',
    handler: 'handler',
    description: 'GPS: reads an import file and sends its chunks to the import workers',
    timeout: Duration.minutes(15),
    // It holds the file and its records at once: ≈ 1.7 KB a line measured, so ≈ 5,000,000 lines at most (README, « Import »).
    memorySize: 10_240,
    environment: { GPS_IMPORT_QUEUE_URL: chunks.queueUrl },
  });
  bindTable(planner, props.table, IMPORT_PLANNER_TABLE_ACCESS);
  bindSecrets(planner, props.secrets, ['GPS_IDENTITY_SECRET']);
  planner.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(IMPORT_PREFIX)] }));
  planner.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(WORK_PREFIX), objects(REPORT_PREFIX)] }));
  chunks.grantSendMessages(planner);
  // A planner that fails (absent file, the table or the queue out of reach) is retried twice, then dead letters.
  planner.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(props.deadLetters) });
  imports.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(planner), { prefix: IMPORT_PREFIX, suffix: '.csv' });

  const worker = props.create('ImportChunk', {
    entry: 'functions/import/chunk-lambda.ts',
    handler: 'handler',
    description: 'GPS: imports one chunk of an import file; the last one writes the report',
    timeout: WORKER_TIMEOUT,
    memorySize: 1024,
    environment: { GPS_IMPORT_BUCKET: imports.bucketName },
  });
  bindTable(worker, props.table, IMPORT_CHUNK_TABLE_ACCESS);
  bindSecrets(worker, props.secrets, ['GPS_IDENTITY_SECRET']);
  worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(WORK_PREFIX)] }));
  worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(WORK_PREFIX), objects(REPORT_PREFIX)] }));
  worker.addEventSource(new SqsEventSource(chunks, { batchSize: 1, maxConcurrency: props.importWorkers ?? DEFAULT_IMPORT_WORKERS, reportBatchItemFailures: true }));
  return imports;
}
