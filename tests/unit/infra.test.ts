import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routes } from '#api/routes.ts';
import { createTableInput } from '#store/table.ts';
import { apiFunctionName, functionGroups } from '../../infra/api-functions.ts';
import { WRITE_ACTIONS, bindTable } from '../../infra/bind-table.ts';
import { GpsService, STATIC_GROUPS, type GpsServiceProps, type PartnerIssuer } from '../../infra/gps-service.ts';
import { acknowledgeNagFindings } from '../../infra/nag-suppressions.ts';
import { gpsRegion } from '../../infra/region.ts';
import { createTable } from '../../infra/table.ts';
import { parsePartnerIssuers } from '../../infra/trusted-issuers.ts';

const PROPS: GpsServiceProps = {
  mail: { from: 'GPS <ne-pas-repondre@gps.exemple.fr>', domain: 'gps.exemple.fr' },
  oidc: { issuer: 'https://proconnect.exemple.fr/api/v2', clientId: 'gps' },
  alarmEmail: 'exploitation@gps.exemple.fr',
  allowedOrigins: ['https://autre-portail.exemple.fr'],
  trustedIssuers: [
    {
      issuer: 'https://portail.exemple.fr',
      jwksUrl: 'https://portail.exemple.fr/jwks.json',
      allowedOrigins: ['https://portail.exemple.fr'],
      policy: { emailDomains: ['rhone.fr'], sirenPrefixes: ['226900017'], organizationKinds: ['conseil_departemental'] },
    },
  ],
  webAssets: { widgets: 'web-components/dist', page: 'web-components/page/dist' },
};

/** The stack as `cdk synth` makes it, without bundling the functions (≈1 s instead of a minute). */
function synthesize(extra?: (stack: Stack) => void, props: GpsServiceProps = PROPS) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { region: 'eu-west-3' } });
  const service = new GpsService(stack, 'Gps', props);
  acknowledgeNagFindings(stack, service);
  extra?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, service };
}

type Resources = Record<string, { Type: string; Properties: any }>;
const templateOf = (stack: Stack) => (Template.fromStack(stack).toJSON() as { Resources: Resources }).Resources;
/** The function of construct id `name` (`ApiStats`, `EndIdle`…): its logical id, properties, and the statements of its role. */
function functionOf(resources: Resources, name: string) {
  const [id, fn] = Object.entries(resources).find(([candidate, r]) => r.Type === 'AWS::Lambda::Function' && new RegExp(`^Gps${name}[0-9A-F]{8}$`).test(candidate))!;
  const role = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === role))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
  const actions = (prefix: string) => [...new Set(statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => a.startsWith(prefix)))].sort();
  return { id, fn, statements, actions };
}
/** The table actions of a function, without the stream's (the consumer's event source reads the stream). */
const tableActions = (resources: Resources, name: string) =>
  functionOf(resources, name).actions('dynamodb:').filter((a) => !/Stream|GetRecords|GetShardIterator/.test(a)).map((a) => a.replace('dynamodb:', ''));

/** Every deployed function: its construct id, and its code as one handler's entry. */
const DEPLOYED = [
  ...functionGroups().map((group) => ({ name: apiFunctionName(group), entry: `export { handler } from './functions/api/lambda/${group}.ts';` })),
  { name: 'StreamConsumer', entry: "export { handler } from './functions/workers/lambda/stream.ts';" },
  { name: 'RetryEmails', entry: "export { handler } from './functions/workers/lambda/retry-emails.ts';" },
  { name: 'EndIdle', entry: "export { handler } from './functions/workers/lambda/end-idle.ts';" },
  { name: 'Retention', entry: "export { handler } from './functions/workers/lambda/retention.ts';" },
  { name: 'StatsGauges', entry: "export { handler } from './functions/workers/lambda/stats-gauges.ts';" },
  { name: 'Import', entry: "export { handler } from './functions/import/lambda.ts';" },
  { name: 'ImportChunk', entry: "export { handler } from './functions/import/chunk-lambda.ts';" },
];

/**
 * The DynamoDB actions a handler's code can send, read from its bundle as esbuild tree-shakes
 * it (what is not in the bundle cannot run): each document-client command, and each item kind
 * of a transaction (IAM authorizes a transaction's items as their own actions), in GPS's own
 * modules only (`@aws-sdk/*` stays external, as CDK bundles it).
 */
async function actionsInBundle(entry: string): Promise<{ actions: string[]; index: boolean }> {
  const { outputFiles } = await build({
    stdin: { contents: entry, resolveDir: new URL('../../', import.meta.url).pathname, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true, write: false, format: 'esm', platform: 'node', target: 'node22', external: ['@aws-sdk/*'], minify: false, logLevel: 'silent',
  });
  // esbuild heads each module's code with `// <path>`: keep GPS's modules.
  const ours = outputFiles[0]!.text.split(/^(?=\/\/ \S+\.[cm]?[jt]s$)/m).filter((chunk) => chunk.startsWith('// functions/')).join('\n');
  const found = new Set<string>();
  const commands: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Query: 'Query', Scan: 'Scan', BatchGet: 'BatchGetItem', BatchWrite: 'BatchWriteItem', TransactGet: 'GetItem' };
  for (const [, command] of ours.matchAll(/new (\w+?)(?:Item)?Command\d*\(/g)) if (commands[command!]) found.add(commands[command!]!);
  const items: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', PutRequest: 'BatchWriteItem', DeleteRequest: 'BatchWriteItem' };
  for (const [, item] of ours.matchAll(/\b(Put|Update|Delete|ConditionCheck|PutRequest|DeleteRequest): /g)) found.add(items[item!]!);
  return { actions: [...found].sort(), index: /\bIndexName\b/.test(ours) };
}

describe('the GPS stack', () => {
  const { stack } = synthesize();
  const template = Template.fromStack(stack);
  const json = template.toJSON() as { Resources: Record<string, { Type: string; Properties: any }> };
  const resources = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
  const [, table] = resources('AWS::DynamoDB::GlobalTable')[0]!;
  const tableId = resources('AWS::DynamoDB::GlobalTable')[0]![0];

  it('has the very keys and index the local table has', () => {
    const local = createTableInput('gps');
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes.map((i: any) => [i.IndexName, i.KeySchema])).toEqual(
      local.GlobalSecondaryIndexes!.map((i) => [i.IndexName, i.KeySchema]),
    );
  });

  it('keeps the table safe: on demand, point-in-time recovery, TTL, stream, deletion protection, KMS', () => {
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.Replicas[0]).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAtEpoch', Enabled: true });
    expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  const functions = Object.fromEntries(resources('AWS::Lambda::Function').filter(([, f]) => f.Properties.Environment?.Variables?.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED));

  it('runs one function per route group, Node.js 22 on arm64, and routes each route to its group’s function', () => {
    const groups = new Set(routes.map((route) => route.group).filter((group) => !STATIC_GROUPS.has(group)));
    const byGroup = Object.fromEntries(
      Object.entries(functions).flatMap(([id, f]) => (f.Properties.Environment.Variables.GPS_ROUTE_GROUP ? [[f.Properties.Environment.Variables.GPS_ROUTE_GROUP, id]] : [])),
    );
    expect(Object.keys(byGroup).sort()).toEqual([...groups].sort());
    for (const [, f] of Object.entries(functions)) expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });

    const integrations = Object.fromEntries(resources('AWS::ApiGatewayV2::Integration').map(([id, i]) => [id, i.Properties.IntegrationUri['Fn::GetAtt'][0]]));
    const routeTargets = Object.fromEntries(resources('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, integrations[r.Properties.Target['Fn::Join'][1][1].Ref]]));
    for (const route of routes) expect(routeTargets[`${route.method} ${route.path}`], `${route.method} ${route.path}`).toBe(byGroup[route.group]);
    expect(routes.filter((route) => STATIC_GROUPS.has(route.group)).map((route) => routeTargets[`${route.method} ${route.path}`])).toEqual([undefined, undefined]);
  });

  it('grants each function the table only (SES only to the functions that send), never table administration', () => {
    const policies = resources('AWS::IAM::Policy').map(([, p]) => p.Properties);
    const senders: string[] = [];
    for (const [id, f] of Object.entries(functions)) {
      const role = f.Properties.Role['Fn::GetAtt'][0];
      const statements = policies.filter((p) => p.Roles.some((r: any) => r.Ref === role)).flatMap((p) => p.PolicyDocument.Statement);
      const actions = statements.flatMap((s: any) => [s.Action].flat());
      expect(actions.filter((a: string) => /^dynamodb:(Create|Delete|Update)Table|^dynamodb:\*$|^\*$/.test(a)), id).toEqual([]);
      for (const statement of statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:') && !a.includes('Stream') && a !== 'dynamodb:ListStreams'))) {
        const resourcesOf = JSON.stringify(statement.Resource);
        expect(resourcesOf, id).toContain(tableId);
      }
      if (actions.includes('ses:SendEmail')) senders.push(id);
    }
    expect(senders.map((id) => id.replace(/^Gps|[0-9A-F]{8}$/g, '')).sort()).toEqual(['RetryEmails', 'StreamConsumer']);
  });

  it('allows exactly the configured browser origins (CORS)', () => {
    const [[, api]] = resources('AWS::ApiGatewayV2::Api') as [[string, any]];
    expect(api.Properties.CorsConfiguration.AllowOrigins.sort()).toEqual(['https://autre-portail.exemple.fr', 'https://portail.exemple.fr']);
    expect(api.Properties.CorsConfiguration.AllowHeaders).toEqual(['Authorization', 'Content-Type', 'If-Match']);
  });

  it('throttles the API and logs its accesses', () => {
    const [[, stage]] = resources('AWS::ApiGatewayV2::Stage') as [[string, any]];
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    expect(stage.Properties.AccessLogSettings.DestinationArn).toBeDefined();
  });

  it('serves the web bucket through CloudFront only, with origin access control, and the page with its CSP', () => {
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, any]];
    const s3Origins = distribution.Properties.DistributionConfig.Origins.filter((o: any) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0].OriginAccessControlId).toBeDefined();
    expect(s3Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    const [[, bucket]] = resources('AWS::S3::Bucket').filter(([id]) => id.startsWith('GpsWeb')) as [[string, any]];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    const bucketPolicy = resources('AWS::S3::BucketPolicy').map(([, p]) => p.Properties.PolicyDocument.Statement).flat();
    const reads = bucketPolicy.filter((s: any) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:GetObject'));
    expect(reads.map((s: any) => s.Principal)).toEqual([{ Service: 'cloudfront.amazonaws.com' }]);
    expect(reads[0].Condition.StringEquals['AWS:SourceArn']).toBeDefined();
    const [, headers] = resources('AWS::CloudFront::ResponseHeadersPolicy').find(([id]) => id.startsWith('GpsPageHeaders'))!;
    expect(headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toContain("default-src 'self'");
  });

  it('serves the API reference (/docs, its Swagger UI files, /openapi.json) as files rendered at synthesis, from the web bucket', () => {
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, any]];
    const behaviors = distribution.Properties.DistributionConfig.CacheBehaviors.filter((b: any) => ['/docs', '/docs/*', '/openapi.json'].includes(b.PathPattern));
    expect(behaviors).toHaveLength(3);
    const s3OriginId = distribution.Properties.DistributionConfig.Origins.find((o: any) => o.S3OriginConfig).Id;
    for (const behavior of behaviors) expect(behavior).toMatchObject({ TargetOriginId: s3OriginId, FunctionAssociations: [{ EventType: 'viewer-request' }] });
    const deployments = resources('Custom::CDKBucketDeployment').map(([, d]) => d.Properties).filter((d) => d.DestinationBucketKeyPrefix === 'api-docs/');
    expect(deployments).toHaveLength(1);
    expect(deployments[0].DistributionPaths).toEqual(['/docs', '/docs/*', '/openapi.json']);
    // The page, the document, Swagger UI's files and the page's own.
    expect(deployments[0].SourceObjectKeys).toHaveLength(4);
  });

  it('caches the public statistics at the edge as long as the API says (an hour at most), by query string only: no token, cookie or header of the visitor reaches the API', () => {
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, any]];
    const config = distribution.Properties.DistributionConfig;
    const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === '/public/*');
    expect(behavior.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(behavior.OriginRequestPolicyId).toBeUndefined();
    const [, policy] = resources('AWS::CloudFront::CachePolicy').find(([id]) => id.startsWith('GpsPublicStatsCache'))!;
    expect(behavior.CachePolicyId).toEqual({ Ref: resources('AWS::CloudFront::CachePolicy').find(([id]) => id.startsWith('GpsPublicStatsCache'))![0] });
    const { DefaultTTL, MaxTTL, ParametersInCacheKeyAndForwardedToOrigin: key } = policy.Properties.CachePolicyConfig;
    expect({ DefaultTTL, MaxTTL }).toEqual({ DefaultTTL: 0, MaxTTL: 3600 });
    expect(key.HeadersConfig.HeaderBehavior).toBe('none');
    expect(key.CookiesConfig.CookieBehavior).toBe('none');
    expect(key.QueryStringsConfig.QueryStringBehavior).toBe('all');
  });

  it('serves the legal pages (mentions légales, données personnelles, accessibilité) as files rendered at synthesis, with the page’s CSP', () => {
    const [[, distribution]] = resources('AWS::CloudFront::Distribution') as [[string, any]];
    const paths = ['/mentions-legales', '/donnees-personnelles', '/accessibilite'];
    const behaviors = distribution.Properties.DistributionConfig.CacheBehaviors.filter((b: any) => paths.includes(b.PathPattern));
    expect(behaviors).toHaveLength(3);
    const [[pageHeadersId]] = resources('AWS::CloudFront::ResponseHeadersPolicy').filter(([id]) => id.startsWith('GpsPageHeaders')) as [[string, any]];
    for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: pageHeadersId });
    const deployments = resources('Custom::CDKBucketDeployment').map(([, d]) => d.Properties).filter((d) => d.DestinationBucketKeyPrefix === 'legal/');
    expect(deployments).toHaveLength(1);
    expect(deployments[0].DistributionPaths).toEqual(paths);
  });

  it('raises alarms: API 5xx, each function’s errors and throttles, dead letters waiting; and e-mails them', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const metric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(metric('5xx')).toHaveLength(1);
    expect(metric('Errors')).toHaveLength(Object.keys(functions).length);
    expect(metric('Throttles')).toHaveLength(Object.keys(functions).length);
    expect(metric('ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    expect(alarms.every((a) => a.AlarmActions?.length === 1)).toBe(true);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'exploitation@gps.exemple.fr' });
  });

  it('recounts the stats’ gauges every night after retention, and gives the API the public statistics’ threshold, checked as GPS_PUBLIC_STATS_THRESHOLD is', () => {
    const all = templateOf(synthesize(undefined, { ...PROPS, publicStatsThreshold: 10 }).stack);
    expect(functionOf(all, 'StatsGauges').fn.Properties).toMatchObject({ Handler: 'index.handler', Timeout: 900 });
    const rules = Object.values(all).filter((r) => r.Type === 'AWS::Events::Rule').map((r) => r.Properties.ScheduleExpression);
    expect(rules).toContain('cron(30 4 * * ? *)');
    expect(functionOf(all, 'ApiStats').fn.Properties.Environment.Variables.GPS_PUBLIC_STATS_THRESHOLD).toBe('10');
    expect(functionOf(templateOf(synthesize().stack), 'ApiStats').fn.Properties.Environment.Variables.GPS_PUBLIC_STATS_THRESHOLD).toBeUndefined();
    expect(() => synthesize(undefined, { ...PROPS, publicStatsThreshold: 1 })).toThrow(/GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000/);
  });

  it('runs the retention job every night after the idle job, with the configured period and notice checked as GPS_RETENTION is', () => {
    const all = templateOf(synthesize(undefined, { ...PROPS, retention: { inactiveMonths: 36 } }).stack);
    const { fn } = functionOf(all, 'Retention');
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Timeout: 900 });
    expect(JSON.parse(fn.Properties.Environment.Variables.GPS_RETENTION)).toEqual({ inactiveMonths: 36, noticeDays: 30 });
    const rules = Object.values(all).filter((r) => r.Type === 'AWS::Events::Rule').map((r) => r.Properties.ScheduleExpression);
    expect(rules).toEqual(expect.arrayContaining(['cron(30 2 * * ? *)', 'cron(30 3 * * ? *)']));
    expect(() => synthesize(undefined, { ...PROPS, retention: { noticeDays: 0 } })).toThrow();
  });

  it('wakes the stream consumer only for new audit events and queued e-mails, with a dead-letter queue', () => {
    const [[, mapping]] = resources('AWS::Lambda::EventSourceMapping') as [[string, any]];
    expect(mapping.Properties).toMatchObject({ BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 10 });
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    expect(mapping.Properties.FilterCriteria.Filters.map((f: any) => JSON.parse(f.Pattern).dynamodb.NewImage.entity.S)).toEqual([['audit_event'], ['outbox_email']]);
  });

  it('imports the CSV files dropped under imports/ of a private bucket that forgets them after 30 days: a planner, a queue of chunks, bounded workers', () => {
    const [[bucketId, bucket]] = resources('AWS::S3::Bucket').filter(([id]) => /^GpsImports[0-9A-F]{8}$/.test(id)) as [[string, any]];
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
    });
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toBeDefined();

    // The planner, on the upload of a CSV under imports/; retried twice, then the dead letters.
    const planner = functionOf(json.Resources, 'Import');
    expect(planner.fn.Properties).toMatchObject({ Handler: 'index.handler', Timeout: 900 });
    const [[, notification]] = resources('Custom::S3BucketNotifications') as [[string, any]];
    expect(notification.Properties.BucketName).toEqual({ Ref: bucketId });
    expect(notification.Properties.NotificationConfiguration.LambdaFunctionConfigurations).toEqual([
      expect.objectContaining({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }, { Name: 'prefix', Value: 'imports/' }] } },
        LambdaFunctionArn: { 'Fn::GetAtt': [planner.id, 'Arn'] },
      }),
    ]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: planner.id },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });

    // The queue of chunks: hidden longer than a worker runs, to the dead letters after 5 receives, encrypted, TLS only.
    const queues = resources('AWS::SQS::Queue').filter(([id]) => /^GpsImportChunks[0-9A-F]{8}$/.test(id));
    expect(queues).toHaveLength(1);
    const [[queueId, queue]] = queues as [[string, any]];
    const [deadLettersId] = resources('AWS::SQS::Queue').find(([id]) => /^GpsDeadLetters[0-9A-F]{8}$/.test(id))!;
    const worker = functionOf(json.Resources, 'ImportChunk');
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(worker.fn.Properties.Timeout);
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 5 } });
    const queuePolicy = resources('AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues.some((q: any) => q.Ref === queueId))!;
    expect(queuePolicy[1].Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(planner.fn.Properties.Environment.Variables.GPS_IMPORT_QUEUE_URL).toEqual({ Ref: queueId });

    // The workers: one chunk a message, at most 10 at once, failures per message.
    const mappings = resources('AWS::Lambda::EventSourceMapping').filter(([, m]) => m.Properties.FunctionName.Ref === worker.id);
    expect(mappings.map(([, m]) => m.Properties)).toEqual([
      expect.objectContaining({ EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] }, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 10 }, FunctionResponseTypes: ['ReportBatchItemFailures'] }),
    ]);
    expect(worker.fn.Properties.Environment.Variables.GPS_IMPORT_BUCKET).toEqual({ Ref: bucketId });

    // Each may touch only its prefixes of the bucket, and the queue only as its side of it.
    const s3Statements = (fn: ReturnType<typeof functionOf>) =>
      fn.statements
        .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('s3:')))
        .map((s: any) => [s.Action, [s.Resource].flat().map((r: any) => r['Fn::Join'][1].at(-1))]);
    expect(s3Statements(planner)).toEqual([
      ['s3:GetObject', ['/imports/*']],
      ['s3:PutObject', ['/travail/*', '/rapports/*']],
    ]);
    expect(s3Statements(worker)).toEqual([
      ['s3:GetObject', ['/travail/*']],
      ['s3:PutObject', ['/travail/*', '/rapports/*']],
    ]);
    const sqsOf = (fn: ReturnType<typeof functionOf>, target: string) =>
      fn.statements.filter((s: any) => JSON.stringify(s.Resource) === JSON.stringify({ 'Fn::GetAtt': [target, 'Arn'] })).flatMap((s: any) => [s.Action].flat()).sort();
    expect(sqsOf(planner, queueId)).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(sqsOf(worker, queueId)).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    // Nothing else of SQS but the planner's failures to the dead letters.
    expect(sqsOf(worker, deadLettersId)).toEqual([]);
    const everySqs = (fn: ReturnType<typeof functionOf>) => fn.statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('sqs:'))).length;
    expect([everySqs(planner), everySqs(worker)]).toEqual([2, 1]);
    // The table, as every function: its own actions (see least privilege), on the table alone;
    // the workers also on GSI1, where a complete file finds its organization's professionals and their links.
    expect(tableActions(json.Resources, 'Import')).toEqual(['PutItem']);
    const tableResources = (fn: ReturnType<typeof functionOf>) =>
      fn.statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:'))).map((s: any) => [s.Resource].flat());
    expect(tableResources(planner)).toEqual([[{ 'Fn::GetAtt': [tableId, 'Arn'] }]]);
    expect(tableResources(worker)).toEqual([[{ 'Fn::GetAtt': [tableId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/GSI1']] }]]);
  });

  it('runs as many import workers at once as configured', () => {
    const mapping = (workers?: number) =>
      Object.values(templateOf(synthesize(undefined, { ...PROPS, ...(workers ? { importWorkers: workers } : {}) }).stack)).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties.ScalingConfig)!.Properties;
    expect(mapping(40).ScalingConfig).toEqual({ MaximumConcurrency: 40 });
  });
});

describe('least privilege', () => {
  const resources = templateOf(synthesize().stack);
  const names = DEPLOYED.map(({ name }) => name);

  it('grants each function exactly the table actions its bundled code sends, and GSI1 only to those that query it', async () => {
    for (const { name, entry } of DEPLOYED) {
      const used = await actionsInBundle(entry);
      expect(tableActions(resources, name), name).toEqual(used.actions);
      const tableResources = functionOf(resources, name).statements.filter((s: any) => [s.Action].flat().some((a: string) => a === 'dynamodb:GetItem' || a === 'dynamodb:Scan' || a === 'dynamodb:UpdateItem'));
      const index = JSON.stringify(tableResources).includes('/index/GSI1');
      expect(index, `${name} GSI1`).toBe(used.index);
      expect(JSON.stringify(tableResources), name).not.toContain('/index/*');
    }
  }, 60_000);

  it('keeps Scan to the nightly jobs, DeleteItem to the RGPD erase, the retention job and the sign-out, BatchWriteItem to the erasures; no DescribeTable', () => {
    const having = (action: string) => names.filter((name) => tableActions(resources, name).includes(action)).sort();
    expect(having('Scan')).toEqual(['EndIdle', 'Retention', 'StatsGauges']);
    expect(having('DeleteItem')).toEqual(['ApiAdmin', 'ApiAuth', 'Retention']);
    expect(having('BatchWriteItem')).toEqual(['ApiAdmin', 'Retention']);
    expect(having('DescribeTable')).toEqual([]);
    // The stats only read, but for their caller's profile (created on a first call); the e-mail retry never adds an item.
    expect(tableActions(resources, 'ApiStats').filter((a) => (WRITE_ACTIONS as readonly string[]).includes(a))).toEqual(['PutItem']);
    expect(tableActions(resources, 'RetryEmails')).toEqual(['Query', 'UpdateItem']);
  });

  it('lets only a function that writes encrypt with the table’s key; a read-only one gets no write action', () => {
    for (const name of names) {
      const writes = tableActions(resources, name).some((a) => (WRITE_ACTIONS as readonly string[]).includes(a));
      expect(functionOf(resources, name).actions('kms:').includes('kms:GenerateDataKey*'), name).toBe(writes);
    }
    // No GPS function is read-only today (see table-access.ts); bindTable's read-only grant, alone:
    const stack = new Stack(new App(), 'LectureSeule', { env: { region: 'eu-west-3' } });
    const reader = new LambdaFunction(stack, 'Lecteur', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    bindTable(reader, createTable(stack), { actions: ['GetItem', 'Query'], index: true });
    const [policy] = Object.values(templateOf(stack)).filter((r) => r.Type === 'AWS::IAM::Policy');
    expect(policy!.Properties.PolicyDocument.Statement.map((s: any) => s.Action)).toEqual([['dynamodb:GetItem', 'dynamodb:Query'], ['kms:Decrypt', 'kms:DescribeKey']]);
  });

  const readersOf = (all: Resources) => {
    const secrets = Object.entries(all).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret').map(([id]) => id);
    return Object.fromEntries(
      secrets.map((secret) => {
        const granted = names.filter((name) =>
          functionOf(all, name).statements.some((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(`"${secret}"`)),
        );
        const listed = names.filter((name) => JSON.stringify(functionOf(all, name).fn.Properties.Environment.Variables.GPS_SECRETS ?? '').includes(`"${secret}"`));
        expect(granted, `${secret}: granted to those that read it at cold start, and only them`).toEqual(listed);
        return [secret.replace(/^Gps|[0-9A-F]{8}$/g, ''), granted.sort()];
      }),
    );
  };

  it('lets each secret be read by the functions that read it, and by no other', () => {
    const everyStoreFunction = names.filter((name) => !name.startsWith('Import')).sort();
    expect(readersOf(resources)).toEqual({
      IdentitySecret: [...names].sort(),
      InvitationSecret: everyStoreFunction,
      SessionKey: ['ApiAuth'],
      OidcClientSecret: ['ApiAuth'],
      PersonOidcClientSecret: [],
    });
    // Without the page's sign-in, nobody reads the session key or the provider's secret.
    const { oidc: _, ...withoutSignIn } = PROPS;
    const readers = readersOf(templateOf(synthesize(undefined, withoutSignIn).stack));
    expect([readers.SessionKey, readers.OidcClientSecret]).toEqual([[], []]);
  });

  it('with the persons’ sign-in (FranceConnect): only the auth function reads its secret, and the session issuer also signs person tokens, of their own audience', () => {
    const personOidc = { issuer: 'https://fcp.integ01.dev-franceconnect.fr/api/v2', clientId: 'gps-espace', acrValues: 'eidas1' };
    const all = templateOf(synthesize(undefined, { ...PROPS, personOidc }).stack);
    expect(readersOf(all).PersonOidcClientSecret).toEqual(['ApiAuth']);
    const auth = functionOf(all, 'ApiAuth').fn.Properties.Environment.Variables;
    expect(auth).toMatchObject({ GPS_PERSON_OIDC_ISSUER: personOidc.issuer, GPS_PERSON_OIDC_CLIENT_ID: 'gps-espace', GPS_PERSON_OIDC_ACR_VALUES: 'eidas1' });
    const issuers = JSON.stringify(functionOf(all, 'ApiMyFile').fn.Properties.Environment.Variables.GPS_TRUSTED_ISSUERS);
    expect(issuers).toContain('\\"personAudience\\":\\"gps-person-api\\"');
    expect(functionOf(all, 'ApiMyFile').fn.Properties.Environment.Variables.GPS_PERSON_OIDC_ISSUER).toBeUndefined();
    // Without it, no issuer asserts persons: the person's routes answer nobody.
    expect(JSON.stringify(functionOf(templateOf(synthesize().stack), 'ApiAuth').fn.Properties.Environment.Variables.GPS_TRUSTED_ISSUERS)).not.toContain('personAudience');
  });
});

describe('behind CloudFront', () => {
  const apiOrigin = { domainName: 'api-origine.gps.exemple.fr', certificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/api' };
  const defaultOrigin = (all: Resources) => {
    const [, distribution] = Object.entries(all).find(([, r]) => r.Type === 'AWS::CloudFront::Distribution')!;
    const config = distribution.Properties.DistributionConfig;
    return config.Origins.find((o: any) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
  };
  const api = (all: Resources) => Object.values(all).find((r) => r.Type === 'AWS::ApiGatewayV2::Api')!.Properties;

  it('disables the execute-api endpoint when CloudFront reaches the API through its own domain, and points nothing at execute-api', () => {
    const { stack, app } = synthesize(undefined, { ...PROPS, apiOrigin });
    const all = templateOf(stack);
    expect(api(all).DisableExecuteApiEndpoint).toBe(true);
    expect(defaultOrigin(all).DomainName).toBe('api-origine.gps.exemple.fr');
    const [[domainId, domain]] = Object.entries(all).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::DomainName') as [[string, any]];
    expect(domain.Properties).toMatchObject({ DomainName: 'api-origine.gps.exemple.fr', DomainNameConfigurations: [{ CertificateArn: apiOrigin.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] });
    const [mapping] = Object.values(all).filter((r) => r.Type === 'AWS::ApiGatewayV2::ApiMapping');
    expect(mapping!.Properties.DomainName).toEqual({ Ref: domainId });
    // The API's ARNs (its invoke permissions) stay; no host name or URL of the endpoint does.
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/\.execute-api\./);
    expect(text).not.toContain('"ApiEndpoint"');
    expect(() => app.synth()).not.toThrow();
  });

  it('keeps the endpoint CloudFront reaches the API through: without the API’s own domain, execute-api stays on', () => {
    const all = templateOf(synthesize().stack);
    expect(api(all).DisableExecuteApiEndpoint).toBe(false);
    expect(JSON.stringify(defaultOrigin(all).DomainName)).toContain('.execute-api.eu-west-3.amazonaws.com');
  });

  it('gives the functions the session issuer’s keys and the sign-in callback through the CloudFront site, never the API endpoint', () => {
    const all = templateOf(synthesize().stack);
    const auth = functionOf(all, 'ApiAuth').fn.Properties.Environment.Variables;
    const issuers = JSON.stringify(auth.GPS_TRUSTED_ISSUERS);
    expect(issuers).toContain('"jwksUrl\\":\\"https://');
    expect(issuers).toMatch(/"Fn::GetAtt":\["GpsCdn[0-9A-F]{8}","DomainName"\]\},"\/auth\/jwks.json/);
    expect(JSON.stringify(all)).not.toContain('"ApiEndpoint"');
    expect(JSON.stringify(auth.GPS_AUTH_CALLBACK_URL)).toContain('GpsCdn');
  });

  it('lets the widget script be loaded from the configured origins only (the API’s CORS rule), never from any origin', () => {
    const domain = { names: ['gps.exemple.fr'], certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' };
    const all = templateOf(synthesize(undefined, { ...PROPS, domain }).stack);
    const [, distribution] = Object.entries(all).find(([, r]) => r.Type === 'AWS::CloudFront::Distribution')!;
    const widgets = distribution.Properties.DistributionConfig.CacheBehaviors.find((b: any) => b.PathPattern === '/widgets/*');
    expect(widgets.ResponseHeadersPolicyId['Fn::GetAtt']?.[0] ?? widgets.ResponseHeadersPolicyId.Ref, 'our own policy, not a managed one').toMatch(/^GpsWidgetHeaders/);
    const policy = all[widgets.ResponseHeadersPolicyId.Ref ?? widgets.ResponseHeadersPolicyId['Fn::GetAtt'][0]]!.Properties.ResponseHeadersPolicyConfig;
    const expected = ['https://autre-portail.exemple.fr', 'https://gps.exemple.fr', 'https://portail.exemple.fr'];
    expect(policy.CorsConfig.AccessControlAllowOrigins.Items.sort()).toEqual(expected);
    expect(policy.CorsConfig.AccessControlAllowCredentials).toBe(false);
    expect(policy.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(api(all).CorsConfiguration.AllowOrigins.sort()).toEqual(expected);
  });
});

describe('partner issuers', () => {
  const partner: PartnerIssuer = PROPS.trustedIssuers![0]!;
  const { policy: _, ...withoutPolicy } = partner;

  it('are checked as the functions check them: a policy and an origin required, in French', () => {
    expect(parsePartnerIssuers(JSON.stringify([partner]))).toEqual([partner]);
    expect(parsePartnerIssuers(undefined)).toEqual([]);
    expect(() => parsePartnerIssuers(JSON.stringify([withoutPolicy]))).toThrow(/GPS_TRUSTED_ISSUERS\[0\][\s\S]*une politique \(policy\) est obligatoire/);
    expect(() => parsePartnerIssuers(JSON.stringify([{ ...partner, allowedOrigins: [] }]))).toThrow(/au moins une origine autorisée/);
    expect(() => parsePartnerIssuers(JSON.stringify([{ ...partner, policy: { ...partner.policy, emailDomains: ['*'] } }]))).toThrow(/réservé à la connexion de la page GPS/);
    expect(() => parsePartnerIssuers('{')).toThrow('GPS_TRUSTED_ISSUERS : JSON invalide.');
  });

  it('can never become the session issuer: an entry saying kind "session" is refused, by app.ts and by GpsService', () => {
    expect(() => parsePartnerIssuers(JSON.stringify([{ ...partner, kind: 'session' }]))).toThrow(/« kind » ne peut valoir que « partner »/);
    expect(() => synthesize(undefined, { ...PROPS, trustedIssuers: [{ ...partner, kind: 'session' } as PartnerIssuer] })).toThrow(/« kind » ne peut valoir que « partner »/);
    expect(() => synthesize(undefined, { ...PROPS, trustedIssuers: [withoutPolicy as PartnerIssuer] })).toThrow(/policy/);
    expect(() => synthesize(undefined, { ...PROPS, trustedIssuers: [{ ...partner, issuer: 'urn:gps:session' }] })).toThrow(/déjà pris/);
    const issuers = functionOf(templateOf(synthesize().stack), 'ApiMe').fn.Properties.Environment.Variables.GPS_TRUSTED_ISSUERS['Fn::Join'][1][0] as string;
    expect(issuers).toContain('"issuer":"https://portail.exemple.fr","audience":"gps-api","kind":"partner"');
    expect(issuers.match(/"kind":"session"/g)).toHaveLength(1);
  });
});

describe('the region', () => {
  it('is GPS_REGION, else the AWS_REGION the user set, else Paris; never CDK_DEFAULT_REGION', () => {
    expect(gpsRegion({})).toBe('eu-west-3');
    expect(gpsRegion({ CDK_DEFAULT_REGION: 'us-east-1' })).toBe('eu-west-3');
    expect(gpsRegion({ AWS_REGION: 'eu-west-1', CDK_DEFAULT_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(gpsRegion({ GPS_REGION: 'eu-south-1', AWS_REGION: 'eu-west-1' })).toBe('eu-south-1');
  });

  /** `infra/app.ts` as the CDK CLI runs it (which sets CDK_DEFAULT_REGION), without bundling the functions. */
  const runApp = async (env: Record<string, string>) => {
    const outdir = mkdtempSync(join(tmpdir(), 'gps-synth-'));
    const { AWS_REGION: _region, AWS_DEFAULT_REGION: _default, GPS_REGION: _gps, GPS_TRUSTED_ISSUERS: _issuers, CDK_DEFAULT_ACCOUNT: _account, ...inherited } = process.env;
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
        cwd: new URL('../../', import.meta.url).pathname,
        env: { ...inherited, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }), CDK_DEFAULT_REGION: 'us-east-1', ...env },
      });
      return JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; environment?: string }> };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  };

  it('of infra/app.ts is eu-west-3 when none is configured, though the CDK CLI says us-east-1', async () => {
    const manifest = await runApp({});
    expect(manifest.artifacts.Gps!.environment).toBe('aws://unknown-account/eu-west-3');
  }, 120_000);

  it('infra/app.ts refuses a GPS_TRUSTED_ISSUERS entry without its policy, in French', async () => {
    const { policy: _, ...withoutPolicy } = PROPS.trustedIssuers![0]!;
    await expect(runApp({ GPS_TRUSTED_ISSUERS: JSON.stringify([withoutPolicy]) })).rejects.toThrow(/une politique \(policy\) est obligatoire/);
  }, 120_000);
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no finding left unacknowledged: the synthesis succeeds', () => {
    expect(() => synthesize().app.synth()).not.toThrow();
  });

  it('fails the synthesis on a new finding', () => {
    const { app } = synthesize((stack) => new Queue(stack, 'Oubliee'));
    expect(() => app.synth()).toThrow(/ERROR[\s\S]*Test\/Oubliee[\s\S]*AwsSolutions-SQS/);
  });
});

describe('with a custom domain', () => {
  it('serves it with its certificate and TLS 1.2 at least, and builds the page’s URLs on it', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Domaine', { env: { region: 'eu-west-3' } });
    new GpsService(stack, 'Gps', { ...PROPS, domain: { names: ['gps.exemple.fr'], certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Aliases: ['gps.exemple.fr'], ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.2_2021' } },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { GPS_ROUTE_GROUP: 'auth', GPS_AUTH_CALLBACK_URL: 'https://gps.exemple.fr/auth/callback', GPS_PAGE_URL: 'https://gps.exemple.fr/app' } } });
  });
});
