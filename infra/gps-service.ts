import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, FilterCriteria, FilterRule, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { apiDocument, apiReferencePage } from '../functions/api/docs.ts';
import { routes } from '../functions/api/routes.ts';
import { IMPORT_PREFIX, REPORT_PREFIX } from '../functions/import/s3-import.ts';
import { SESSION_ISSUER } from '../functions/config.ts';
import { PAGE_SECURITY_HEADERS } from '../functions/local/static-files.ts';
import { GSI1, KEY, TTL_ATTRIBUTE } from '../functions/store/table.ts';
import { bindTable } from './bind-table.ts';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** A partner portal's token issuer (see README, "Embed GPS in your portal"). */
export type PartnerIssuer = { issuer: string; audience?: string; jwksUrl: string; allowedOrigins: string[] };

export type GpsServiceProps = {
  /** Partner portals whose tokens GPS accepts. */
  trustedIssuers?: PartnerIssuer[];
  /** Browser origins allowed by CORS beyond the GPS page's and the issuers' own. */
  allowedOrigins?: string[];
  /** SIRETs that join groups directly, beyond the service public de l'emploi. */
  authorizedSirets?: string[];
  /** Who may export and erase persons' data (RGPD): `e-mail` (GPS's own sign-in) or `<issuer>#<e-mail>`. */
  administrators?: string[];
  /** Who GPS e-mails come from: an address of the verified domain (or the verified address). */
  mail: { from: string; domain?: string };
  /** The GPS page's identity provider (ProConnect); its client secret lives in Secrets Manager. */
  oidc?: { issuer: string; clientId: string; scopes?: string; userInfoSignedAlg?: string };
  /** CloudWatch Logs retention of every log group. */
  logRetention?: RetentionDays;
  /** Who gets the alarms. */
  alarmEmail?: string;
  /** API Gateway's steady rate and burst, for the whole API. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** A custom domain for the page, widgets and API (CloudFront): its certificate must be in us-east-1. */
  domain?: { names: string[]; certificateArn: string };
  /** Where the built widgets and page are (`npm run build:widgets`); left out, nothing is uploaded. */
  webAssets?: { widgets: string; page: string };
};

/** Route groups CloudFront serves as static files, rendered at synthesis: no function. */
export const STATIC_GROUPS: ReadonlySet<string> = new Set(['docs']);
const API_DOCS_PREFIX = 'api-docs/';

/**
 * GPS in an AWS account, secure by default: the single table, one function per route group
 * behind an HTTP API, the stream consumer and the scheduled jobs, SES, the widgets and the
 * page behind CloudFront (with the API, same origin), alarms and dead-letter queues.
 */
export class GpsService extends Construct {
  readonly table: TableV2;
  readonly api: HttpApi;
  readonly distribution: cloudfront.Distribution;
  /** Where partners drop their import files (see README, « Import »). */
  readonly imports: Bucket;
  readonly functions: Record<string, NodejsFunction> = {};
  readonly customDomain: boolean;

  constructor(scope: Construct, id: string, props: GpsServiceProps) {
    super(scope, id);
    this.customDomain = Boolean(props.domain);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;
    const key = new Key(this, 'TableKey', { enableKeyRotation: true, description: 'GPS table encryption' });
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: KEY.partition, type: AttributeType.STRING },
      sortKey: { name: KEY.sort, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: GSI1.name,
          partitionKey: { name: GSI1.partition, type: AttributeType.STRING },
          sortKey: { name: GSI1.sort, type: AttributeType.STRING },
        },
      ],
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      encryption: TableEncryptionV2.customerManagedKey(key),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Secrets: generated where GPS can, to be filled by the operator where it cannot.
    const secrets = {
      GPS_IDENTITY_SECRET: new Secret(this, 'IdentitySecret', { description: 'GPS: key of the identity HMACs. Never change it.', generateSecretString: { passwordLength: 48, excludePunctuation: true } }),
      GPS_INVITATION_SECRET: new Secret(this, 'InvitationSecret', { description: 'GPS: key of invitation tokens', generateSecretString: { passwordLength: 48, excludePunctuation: true } }),
      GPS_SESSION_KEY: new Secret(this, 'SessionKey', { description: 'GPS: ES256 private JWK of the page sessions (npm run session-key)' }),
      GPS_OIDC_CLIENT_SECRET: new Secret(this, 'OidcClientSecret', { description: 'GPS: client secret at the identity provider (ProConnect)' }),
    };
    const secretsOf = (names: (keyof typeof secrets)[]) => ({ GPS_SECRETS: Stack.of(this).toJsonString(Object.fromEntries(names.map((name) => [name, secrets[name].secretArn]))) });

    const alarms = new Topic(this, 'Alarms', { enforceSSL: true, displayName: 'GPS alarms' });
    if (props.alarmEmail) alarms.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarm = (name: string, metric: IMetric, threshold = 1) =>
      new Alarm(this, name, { metric, threshold, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING }).addAlarmAction(new SnsAction(alarms));

    const fn = (name: string, entry: string, handler: string, description: string, environment: Record<string, string>, timeout = Duration.seconds(10)) => {
      const created = new NodejsFunction(this, name, {
        entry: root(entry),
        handler,
        description,
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout,
        tracing: Tracing.ACTIVE,
        projectRoot: root(''),
        depsLockFilePath: root('package-lock.json'),
        logGroup: new LogGroup(this, `${name}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY }),
        environment: { NODE_OPTIONS: '--enable-source-maps', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...environment },
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          minify: true,
          sourceMap: true,
          mainFields: ['module', 'main'],
          // Some dependencies still call require(): give ESM bundles one.
          banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
        },
      });
      alarm(`${name}Errors`, created.metricErrors({ period: Duration.minutes(5) }));
      alarm(`${name}Throttles`, created.metricThrottles({ period: Duration.minutes(5) }));
      this.functions[name] = created;
      return created;
    };

    // The page and the widgets: a private bucket, read by CloudFront only (OAC).
    const web = new Bucket(this, 'Web', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.api = new HttpApi(this, 'Api', {
      description: 'GPS API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...new Set([...(props.allowedOrigins ?? []), ...(props.trustedIssuers ?? []).flatMap((i) => i.allowedOrigins)])],
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.OPTIONS],
        exposeHeaders: ['ETag', 'Location'],
        maxAge: Duration.minutes(10),
      },
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention, removalPolicy: RemovalPolicy.DESTROY });
    new HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });

    const pageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: 'GPS page: strict CSP and security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: PAGE_SECURITY_HEADERS['Content-Security-Policy']!, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      },
    });
    const spaIndex = new cloudfront.Function(this, 'PageRoutes', {
      comment: 'GPS page: its own routes answer with its index',
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(r.uri.startsWith('/app')&&r.uri.indexOf('.')<0){r.uri='/app/index.html';}return r;}",
      ),
    });
    const s3 = S3BucketOrigin.withOriginAccessControl(web);
    // The API's reference is the same for every request: rendered at synthesis, served from S3.
    const apiDocsBehavior: cloudfront.BehaviorOptions = {
      origin: s3,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: pageHeaders,
      functionAssociations: [
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: new cloudfront.Function(this, 'ApiDocsPaths', {
            comment: 'GPS API reference: /docs and /openapi.json from the web bucket',
            code: cloudfront.FunctionCode.fromInline(
              `function handler(event){var r=event.request;r.uri=r.uri==='/docs'?'/${API_DOCS_PREFIX}docs.html':'/${API_DOCS_PREFIX}openapi.json';return r;}`,
            ),
          }),
        },
      ],
    };
    const apiOrigin = new HttpOrigin(`${this.api.apiId}.execute-api.${Stack.of(this).region}.amazonaws.com`);
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'GPS: the page, the widgets, and the API on the same origin',
      ...(props.domain
        ? {
            domainNames: props.domain.names,
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        origin: apiOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      additionalBehaviors: {
        '/app/*': {
          origin: s3,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: pageHeaders,
          functionAssociations: [{ function: spaIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
        '/openapi.json': apiDocsBehavior,
        '/docs': apiDocsBehavior,
        '/widgets/*': {
          origin: s3,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS,
        },
      },
    });
    const site = `https://${props.domain?.names[0] ?? this.distribution.distributionDomainName}`;
    const pageUrl = `${site}/app`;

    const trusted = [
      ...(props.trustedIssuers ?? []).map((issuer) => ({ audience: 'gps-api', kind: 'partner', ...issuer })),
      { issuer: SESSION_ISSUER, audience: 'gps-api', kind: 'session', jwksUrl: `${this.api.apiEndpoint}/auth/jwks.json`, allowedOrigins: [site] },
    ];
    const apiEnvironment = {
      GPS_TRUSTED_ISSUERS: Stack.of(this).toJsonString(trusted),
      GPS_ALLOWED_ORIGINS: [site, ...(props.allowedOrigins ?? [])].join(','),
      GPS_AUTHORIZED_SIRETS: (props.authorizedSirets ?? []).join(','),
      GPS_ADMINISTRATORS: (props.administrators ?? []).join(','),
    };

    // One function per route group of the routes table (but the static ones), each with only what its routes use.
    for (const group of [...new Set(routes.map((route) => route.group))].filter((candidate) => !STATIC_GROUPS.has(candidate))) {
      const isAuth = group === 'auth';
      const groupFn = fn(`Api${group[0]!.toUpperCase()}${group.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`, `functions/api/lambda/${group}.ts`, 'handler', `GPS API: ${group}`, {
        ...apiEnvironment,
        GPS_ROUTE_GROUP: group,
        ...secretsOf(isAuth ? ['GPS_IDENTITY_SECRET', 'GPS_INVITATION_SECRET', 'GPS_SESSION_KEY', 'GPS_OIDC_CLIENT_SECRET'] : ['GPS_IDENTITY_SECRET', 'GPS_INVITATION_SECRET']),
        ...(isAuth && props.oidc
          ? {
              GPS_PAGE_URL: pageUrl,
              GPS_AUTH_CALLBACK_URL: `${site}/auth/callback`,
              GPS_OIDC_ISSUER: props.oidc.issuer,
              GPS_OIDC_CLIENT_ID: props.oidc.clientId,
              GPS_OIDC_SCOPES: props.oidc.scopes ?? 'openid email given_name usual_name phone siret',
              ...(props.oidc.userInfoSignedAlg ? { GPS_OIDC_USERINFO_SIGNED_ALG: props.oidc.userInfoSignedAlg } : {}),
            }
          : {}),
      });
      bindTable(groupFn, this.table, 'readWrite');
      secrets.GPS_IDENTITY_SECRET.grantRead(groupFn);
      secrets.GPS_INVITATION_SECRET.grantRead(groupFn);
      if (isAuth) {
        secrets.GPS_SESSION_KEY.grantRead(groupFn);
        secrets.GPS_OIDC_CLIENT_SECRET.grantRead(groupFn);
      }
      const integration = new HttpLambdaIntegration(`${group}Integration`, groupFn);
      for (const route of routes.filter((candidate) => candidate.group === group)) {
        this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      }
    }

    // E-mail: the SES identity, a configuration set, and sending rights for the workers only.
    const configurationSet = new ConfigurationSet(this, 'MailConfiguration', {});
    const identity = new EmailIdentity(this, 'MailIdentity', {
      identity: props.mail.domain ? Identity.domain(props.mail.domain) : Identity.email(props.mail.from.replace(/^.*<|>.*$/g, '')),
      configurationSet,
    });
    const workerEnvironment = {
      GPS_PAGE_URL: pageUrl,
      GPS_MAIL_FROM: props.mail.from,
      GPS_SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      ...secretsOf(['GPS_IDENTITY_SECRET', 'GPS_INVITATION_SECRET']),
    };
    const sends = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
        Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
      ],
    });
    const worker = (name: string, handler: string, description: string, timeout: Duration, mails: boolean) => {
      const created = fn(name, 'functions/workers/lambda.ts', handler, description, workerEnvironment, timeout);
      bindTable(created, this.table, 'readWrite');
      secrets.GPS_IDENTITY_SECRET.grantRead(created);
      secrets.GPS_INVITATION_SECRET.grantRead(created);
      if (mails) created.addToRolePolicy(sends);
      return created;
    };

    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    alarm('DeadLettersWaiting', deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }));

    const consumer = worker('StreamConsumer', 'streamHandler', 'GPS: stats, notifications and e-mails from the table stream', Duration.minutes(1), true);
    consumer.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(deadLetters),
        // Only new audit events and queued e-mails wake it up.
        filters: [
          FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('audit_event') } } } }),
          FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox_email') } } } }),
        ],
      }),
    );
    const scheduled = (name: string, schedule: Schedule, target: NodejsFunction) =>
      new Rule(this, name, { schedule, targets: [new LambdaTarget(target, { deadLetterQueue: deadLetters, retryAttempts: 2 })] });
    scheduled('RetryEmailsEveryMinute', Schedule.rate(Duration.minutes(1)), worker('RetryEmails', 'retryEmailsHandler', 'GPS: e-mails whose sending failed', Duration.minutes(1), true));
    scheduled('EndIdleEveryNight', Schedule.cron({ hour: '2', minute: '30' }), worker('EndIdle', 'endIdleHandler', 'GPS: ends follow-ups idle for two years', Duration.minutes(15), false));


    // Imports: a partner drops a CSV under imports/, the function writes its report under
    // rapports/. The files hold personal data: private, encrypted, access-logged, kept 30 days.
    const privateBucket = (id: string, extra: { serverAccessLogsBucket?: Bucket; expiration: Duration }) =>
      new Bucket(this, id, {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(extra.serverAccessLogsBucket ? { serverAccessLogsBucket: extra.serverAccessLogsBucket } : {}),
        lifecycleRules: [{ expiration: extra.expiration }],
      });
    this.imports = privateBucket('Imports', { serverAccessLogsBucket: privateBucket('ImportsAccessLogs', { expiration: Duration.days(365) }), expiration: Duration.days(30) });
    const importer = fn('Import', 'functions/import/lambda.ts', 'handler', 'GPS: imports persons and follow-up links from a CSV file', secretsOf(['GPS_IDENTITY_SECRET']), Duration.minutes(15));
    bindTable(importer, this.table, 'readWrite');
    secrets.GPS_IDENTITY_SECRET.grantRead(importer);
    importer.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.imports.arnForObjects(`${IMPORT_PREFIX}*`)] }));
    importer.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.imports.arnForObjects(`${REPORT_PREFIX}*`)] }));
    // A run cut short by the timeout throws: the retries of the S3 event finish the file.
    importer.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(deadLetters) });
    this.imports.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(importer), { prefix: IMPORT_PREFIX, suffix: '.csv' });

    alarm('Api5xx', this.api.metricServerError({ period: Duration.minutes(5) }), 5);

    if (props.webAssets) {
      new BucketDeployment(this, 'DeployPage', {
        sources: [Source.asset(props.webAssets.page)],
        destinationBucket: web,
        destinationKeyPrefix: 'app/',
        // Hashed file names: cached for a year; index.html is revalidated by its ETag.
        cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
        exclude: ['index.html'],
        prune: false,
        distribution: this.distribution,
        distributionPaths: ['/app/*'],
      });
      new BucketDeployment(this, 'DeployPageIndex', {
        sources: [Source.asset(props.webAssets.page, { exclude: ['**', '!index.html'] })],
        destinationBucket: web,
        destinationKeyPrefix: 'app/',
        cacheControl: [CacheControl.noCache()],
        prune: false,
      });
      new BucketDeployment(this, 'DeployWidgets', {
        sources: [Source.asset(props.webAssets.widgets)],
        destinationBucket: web,
        destinationKeyPrefix: 'widgets/',
        // A stable URL portals put in a script tag: short cache, served stale while revalidating.
        cacheControl: [CacheControl.fromString('public, max-age=300, stale-while-revalidate=86400')],
        distribution: this.distribution,
        distributionPaths: ['/widgets/*'],
      });
    }

    new BucketDeployment(this, 'DeployApiDocs', {
      sources: [Source.jsonData('openapi.json', apiDocument), Source.data('docs.html', apiReferencePage())],
      destinationBucket: web,
      destinationKeyPrefix: API_DOCS_PREFIX,
      cacheControl: [CacheControl.fromString('public, max-age=300')],
      distribution: this.distribution,
      distributionPaths: ['/docs', '/openapi.json'],
    });

    new CfnOutput(this, 'PageUrl', { value: `${pageUrl}/` });
    new CfnOutput(this, 'WidgetsUrl', { value: `${site}/widgets/gps-widgets.js` });
    new CfnOutput(this, 'ApiUrl', { value: site });
    new CfnOutput(this, 'ImportBucket', { value: this.imports.bucketName });
    new CfnOutput(this, 'SessionKeySecretArn', { value: secrets.GPS_SESSION_KEY.secretArn });
    new CfnOutput(this, 'OidcClientSecretArn', { value: secrets.GPS_OIDC_CLIENT_SECRET.secretArn });
  }
}
