import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IMPORT_PREFIX, REPORT_PREFIX } from '../functions/import/s3-import.ts';
import { bindSecrets, type GpsSecrets } from './bind-secrets.ts';
import { bindTable } from './bind-table.ts';
import type { FunctionSpec } from './lambda-function.ts';
import { IMPORT_TABLE_ACCESS } from './table-access.ts';

export type ImportBucketProps = {
  table: TableV2;
  secrets: GpsSecrets;
  deadLetters: Queue;
  create: (name: string, spec: FunctionSpec) => NodejsFunction;
};

/**
 * Imports: a partner drops a CSV under imports/, the `Import` function writes its report
 * under rapports/. The files hold personal data: private, encrypted, access-logged, kept 30
 * days; the function may read imports/* and write rapports/*, nothing else of the bucket.
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
  const importer = props.create('Import', {
    entry: 'functions/import/lambda.ts',
    handler: 'handler',
    description: 'GPS: imports persons and follow-up links from a CSV file',
    timeout: Duration.minutes(15),
  });
  bindTable(importer, props.table, IMPORT_TABLE_ACCESS);
  bindSecrets(importer, props.secrets, ['GPS_IDENTITY_SECRET']);
  importer.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [imports.arnForObjects(`${IMPORT_PREFIX}*`)] }));
  importer.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [imports.arnForObjects(`${REPORT_PREFIX}*`)] }));
  // A run cut short by the timeout throws: the retries of the S3 event finish the file.
  importer.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(props.deadLetters) });
  imports.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(importer), { prefix: IMPORT_PREFIX, suffix: '.csv' });
  return imports;
}
