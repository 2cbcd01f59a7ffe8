import { Duration, Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { bindSecrets, type GpsSecrets } from './bind-secrets.ts';
import { bindTable } from './bind-table.ts';
import type { FunctionSpec } from './lambda-function.ts';
import { WORKER_TABLE_ACCESS } from './table-access.ts';
import { RetentionPolicy } from '../functions/domain/retention.ts';

export type WorkersProps = {
  table: TableV2;
  secrets: GpsSecrets;
  deadLetters: Queue;
  mail: { from: string; domain?: string };
  /** The GPS page, where e-mail links lead. */
  pageUrl: string;
  create: (name: string, spec: FunctionSpec) => NodejsFunction;
  /** How long a file nobody follows is kept, and the notice before its erasure (checked as `GPS_RETENTION` is). */
  retention?: Partial<RetentionPolicy>;
};

/**
 * What runs without a request: the stream consumer (stats, notifications, e-mails), the
 * e-mail retry every minute, the idle-follow-up, retention and stats-gauge jobs every night,
 * each from its entry in `functions/workers/lambda/` (a cold start loads its own code only);
 * SES's identity and configuration set, and sending rights for the two that send, on them only.
 */
export function createWorkers(scope: Construct, props: WorkersProps): void {
  const configurationSet = new ConfigurationSet(scope, 'MailConfiguration', {});
  const identity = new EmailIdentity(scope, 'MailIdentity', {
    identity: props.mail.domain ? Identity.domain(props.mail.domain) : Identity.email(props.mail.from.replace(/^.*<|>.*$/g, '')),
    configurationSet,
  });
  const environment = {
    GPS_PAGE_URL: props.pageUrl,
    GPS_MAIL_FROM: props.mail.from,
    GPS_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
  };
  const sends = new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [
      Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
      Stack.of(scope).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
    ],
  });
  const worker = (name: string, entry: keyof typeof WORKER_TABLE_ACCESS, description: string, timeout: Duration, mails: boolean, extra: Record<string, string> = {}) => {
    const created = props.create(name, { entry: `functions/workers/lambda/${entry}.ts`, handler: 'handler', description, environment: { ...environment, ...extra }, timeout });
    bindTable(created, props.table, WORKER_TABLE_ACCESS[entry]);
    bindSecrets(created, props.secrets, ['GPS_IDENTITY_SECRET', 'GPS_INVITATION_SECRET']);
    if (mails) created.addToRolePolicy(sends);
    return created;
  };

  const consumer = worker('StreamConsumer', 'stream', 'GPS: stats, notifications and e-mails from the table stream', Duration.minutes(1), true);
  consumer.addEventSource(
    new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 50,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      onFailure: new SqsDlq(props.deadLetters),
      // Only new audit events and queued e-mails wake it up.
      filters: [
        FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('audit_event') } } } }),
        FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox_email') } } } }),
      ],
    }),
  );
  const scheduled = (name: string, schedule: Schedule, target: NodejsFunction) =>
    new Rule(scope, name, { schedule, targets: [new LambdaTarget(target, { deadLetterQueue: props.deadLetters, retryAttempts: 2 })] });
  scheduled('RetryEmailsEveryMinute', Schedule.rate(Duration.minutes(1)), worker('RetryEmails', 'retry-emails', 'GPS: e-mails whose sending failed', Duration.minutes(1), true));
  scheduled('EndIdleEveryNight', Schedule.cron({ hour: '2', minute: '30' }), worker('EndIdle', 'end-idle', 'GPS: ends follow-ups idle for two years', Duration.minutes(15), false));
  // After the idle job: the links it ends tonight count towards a file's retention from tonight.
  const retention = JSON.stringify(RetentionPolicy.parse(props.retention ?? {}));
  scheduled(
    'RetentionEveryNight',
    Schedule.cron({ hour: '3', minute: '30' }),
    worker('Retention', 'retention', 'GPS: notice, then erasure, of files nobody follows', Duration.minutes(15), false, { GPS_RETENTION: retention }),
  );
  // After retention: the night's snapshot counts the files as they are left.
  scheduled('StatsGaugesEveryNight', Schedule.cron({ hour: '4', minute: '30' }), worker('StatsGauges', 'stats-gauges', 'GPS: stats gauges (persons with no referent, professionals known)', Duration.minutes(15), false));
}
