import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { DomainName, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SESSION_ISSUER } from '../functions/config/api.ts';
import { PERSON_API_AUDIENCE } from '../functions/auth/routes.ts';
import { PublicStatsThreshold } from '../functions/domain/public-stats.ts';
import { createAlarms } from './alarms.ts';
import { createApiFunctions } from './api-functions.ts';
import { createSecrets } from './bind-secrets.ts';
import { createHttpApi, type ApiOrigin } from './http-api.ts';
import { createImportBucket } from './import-bucket.ts';
import { gpsFunction, type FunctionSpec } from './lambda-function.ts';
import { createTable } from './table.ts';
import { partnerIssuers, trustedIssuerList, type PartnerIssuer } from './trusted-issuers.ts';
import type { LegalSettings } from '../functions/legal/settings.ts';
import { createWebDistribution } from './web-distribution.ts';
import { createWorkers } from './workers.ts';

export { STATIC_GROUPS } from './api-functions.ts';
export type { ApiOrigin } from './http-api.ts';
export type { PartnerIssuer } from './trusted-issuers.ts';

export type GpsServiceProps = {
  /** What the legal pages say of the operator: publisher, data protection, accessibility (`GPS_LEGAL`). */
  legal?: LegalSettings;
  /** Import chunk workers running at once (default 10; README, « Import »). */
  importWorkers?: number;
  /** Partner portals whose tokens GPS accepts, each with its assertion policy and its origins. */
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
  /**
   * The persons' identity provider (FranceConnect), for their own space; needs `oidc`. Its client
   * secret lives in Secrets Manager; the session issuer then also signs person tokens.
   */
  personOidc?: { issuer: string; clientId: string; scopes?: string; acrValues?: string; userInfoSignedAlg?: string };
  /** How long a file nobody follows is kept (`inactiveMonths`, 24) and the notice before its erasure (`noticeDays`, 30). */
  retention?: { inactiveMonths?: number; noticeDays?: number };
  /** Below this count a cell of the public statistics is not published (`GPS_PUBLIC_STATS_THRESHOLD`, 5 by default; README, « Stats »). */
  publicStatsThreshold?: number;
  /** CloudWatch Logs retention of every log group. */
  logRetention?: RetentionDays;
  /** Who gets the alarms. */
  alarmEmail?: string;
  /** API Gateway's steady rate and burst, for the whole API. */
  throttle?: { rateLimit: number; burstLimit: number };
  /** A custom domain for the page, widgets and API (CloudFront): its certificate must be in us-east-1. */
  domain?: { names: string[]; certificateArn: string };
  /**
   * The API's own domain, CloudFront's way to it (a CNAME to the `ApiOriginDnsTarget` output):
   * with it the default execute-api endpoint is disabled, so only CloudFront reaches the API.
   */
  apiOrigin?: ApiOrigin;
  /** Where the built widgets and page are (`npm run build:widgets`); left out, nothing is uploaded. */
  webAssets?: { widgets: string; page: string };
};

/**
 * The browser origins GPS answers cross-origin, for the API and the widget script alike: the
 * custom domain's names, `allowedOrigins`, every partner's `allowedOrigins`. CloudFront's own
 * *.cloudfront.net name is left out: the page is on it, same origin as the API and widgets, and
 * naming it there would make the distribution depend on itself.
 */
export const browserOrigins = (props: Pick<GpsServiceProps, 'domain' | 'allowedOrigins' | 'trustedIssuers'>) => [
  ...new Set([
    ...(props.domain?.names ?? []).map((name) => `https://${name}`),
    ...(props.allowedOrigins ?? []),
    ...partnerIssuers(props.trustedIssuers ?? []).flatMap((issuer) => issuer.allowedOrigins),
  ]),
];

/**
 * GPS in an AWS account, secure by default: the single table, one function per route group
 * behind an HTTP API, the stream consumer and the scheduled jobs, SES, the widgets and the
 * page behind CloudFront (with the API, same origin), the import bucket, alarms and
 * dead-letter queues. Each part is built by its module beside this one; every construct
 * keeps this one as its scope, so their ids (and the deployed resources) stay put.
 */
export class GpsService extends Construct {
  readonly table: TableV2;
  readonly api: HttpApi;
  /** The API's own domain, when CloudFront reaches it there (`apiOrigin`). */
  readonly apiOriginDomain?: DomainName;
  readonly distribution: cloudfront.Distribution;
  /** Where partners drop their import files (see README, « Import »). */
  readonly imports: Bucket;
  readonly functions: Record<string, NodejsFunction> = {};
  readonly customDomain: boolean;

  constructor(scope: Construct, id: string, props: GpsServiceProps) {
    super(scope, id);
    this.customDomain = Boolean(props.domain);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;
    const origins = browserOrigins(props);

    this.table = createTable(this);
    const secrets = createSecrets(this);
    const { watch } = createAlarms(this, props.alarmEmail);
    const create = (name: string, spec: FunctionSpec) => (this.functions[name] = gpsFunction(this, name, spec, { retention, watch }));

    const { api, originHost, originDomain } = createHttpApi(this, { allowedOrigins: origins, retention, ...(props.throttle ? { throttle: props.throttle } : {}), ...(props.apiOrigin ? { origin: props.apiOrigin } : {}) });
    this.api = api;
    if (originDomain) this.apiOriginDomain = originDomain;
    const web = createWebDistribution(this, {
      apiOriginHost: originHost,
      widgetOrigins: origins,
      ...(props.domain ? { domain: props.domain } : {}),
      ...(props.webAssets ? { webAssets: props.webAssets } : {}),
      ...(props.legal ? { legal: props.legal } : {}),
    });
    this.distribution = web.distribution;
    const site = web.site;
    const pageUrl = `${site}/app`;

    // Everything a browser or a function reaches goes through CloudFront: the session
    // issuer's keys too, never the execute-api endpoint (disabled when `apiOrigin` is set).
    const personOidc = props.oidc ? props.personOidc : undefined;
    const trusted = trustedIssuerList(props.trustedIssuers ?? [], {
      issuer: SESSION_ISSUER,
      jwksUrl: `${site}/auth/jwks.json`,
      allowedOrigins: [site],
      ...(personOidc ? { personAudience: PERSON_API_AUDIENCE } : {}),
    });
    createApiFunctions({
      api,
      table: this.table,
      secrets,
      create,
      environment: {
        GPS_TRUSTED_ISSUERS: Stack.of(this).toJsonString(trusted),
        GPS_ALLOWED_ORIGINS: [site, ...(props.allowedOrigins ?? [])].join(','),
        GPS_AUTHORIZED_SIRETS: (props.authorizedSirets ?? []).join(','),
        GPS_ADMINISTRATORS: (props.administrators ?? []).join(','),
        // Checked as the functions check it: a bad threshold stops the synthesis, in French.
        ...(props.publicStatsThreshold === undefined ? {} : { GPS_PUBLIC_STATS_THRESHOLD: String(PublicStatsThreshold.parse(props.publicStatsThreshold)) }),
      },
      ...(props.oidc
        ? {
            signIn: {
              GPS_PAGE_URL: pageUrl,
              GPS_AUTH_CALLBACK_URL: `${site}/auth/callback`,
              GPS_OIDC_ISSUER: props.oidc.issuer,
              GPS_OIDC_CLIENT_ID: props.oidc.clientId,
              GPS_OIDC_SCOPES: props.oidc.scopes ?? 'openid email given_name usual_name phone siret',
              ...(props.oidc.userInfoSignedAlg ? { GPS_OIDC_USERINFO_SIGNED_ALG: props.oidc.userInfoSignedAlg } : {}),
              ...(personOidc
                ? {
                    GPS_PERSON_OIDC_ISSUER: personOidc.issuer,
                    GPS_PERSON_OIDC_CLIENT_ID: personOidc.clientId,
                    ...(personOidc.scopes ? { GPS_PERSON_OIDC_SCOPES: personOidc.scopes } : {}),
                    ...(personOidc.acrValues ? { GPS_PERSON_OIDC_ACR_VALUES: personOidc.acrValues } : {}),
                    ...(personOidc.userInfoSignedAlg ? { GPS_PERSON_OIDC_USERINFO_SIGNED_ALG: personOidc.userInfoSignedAlg } : {}),
                  }
                : {}),
            },
          }
        : {}),
    });

    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    watch('DeadLettersWaiting', deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }));
    createWorkers(this, { table: this.table, secrets, deadLetters, mail: props.mail, pageUrl, create, ...(props.retention ? { retention: props.retention } : {}) });
    this.imports = createImportBucket(this, { table: this.table, secrets, deadLetters, create, ...(props.importWorkers ? { importWorkers: props.importWorkers } : {}) });

    watch('Api5xx', api.metricServerError({ period: Duration.minutes(5) }), 5);

    new CfnOutput(this, 'PageUrl', { value: `${pageUrl}/` });
    new CfnOutput(this, 'WidgetsUrl', { value: `${site}/widgets/gps-widgets.js` });
    new CfnOutput(this, 'ApiUrl', { value: site });
    new CfnOutput(this, 'ImportBucket', { value: this.imports.bucketName });
    new CfnOutput(this, 'SessionKeySecretArn', { value: secrets.GPS_SESSION_KEY.secretArn });
    new CfnOutput(this, 'OidcClientSecretArn', { value: secrets.GPS_OIDC_CLIENT_SECRET.secretArn });
    if (personOidc) new CfnOutput(this, 'PersonOidcClientSecretArn', { value: secrets.GPS_PERSON_OIDC_CLIENT_SECRET.secretArn });
    if (originDomain) {
      new CfnOutput(this, 'ApiOriginDnsTarget', {
        description: `CNAME ${props.apiOrigin!.domainName} to this name: CloudFront reaches the API there.`,
        value: originDomain.regionalDomainName,
      });
    }
  }
}
