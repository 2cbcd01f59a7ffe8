import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { apiDocument, apiReferencePage } from '../functions/api/docs.ts';
import { REFERENCE_ASSET_FOLDERS } from '../functions/api/reference-assets.ts';
import { LEGAL_PATHS, legalPages } from '../functions/legal/pages.ts';
import { legalSettingsFrom, type LegalSettings } from '../functions/legal/settings.ts';
import { PAGE_SECURITY_HEADERS } from '../functions/local/static-files.ts';

const API_DOCS_PREFIX = 'api-docs/';
const LEGAL_PREFIX = 'legal/';

export type WebDistributionProps = {
  /** The host CloudFront reaches the API at (every path but the page's, the widgets' and the reference's). */
  apiOriginHost: string;
  /** Browser origins that may load the widget script (CORS). */
  widgetOrigins: string[];
  domain?: { names: string[]; certificateArn: string };
  webAssets?: { widgets: string; page: string };
  /** What the legal pages say of the operator (`GPS_LEGAL`); placeholders, said so on each page, when absent. */
  legal?: LegalSettings;
};

const HSTS = { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true };

/**
 * The page, the widgets and the API on one origin: a private bucket read by CloudFront only
 * (origin access control) for `/app/*`, `/widgets/*` and the API reference, every other path
 * to the API. The page gets its CSP; the widget script its CORS allow-list (the same origins
 * as the API's), never `*`.
 */
export function createWebDistribution(scope: Construct, props: WebDistributionProps) {
  const bucket = new Bucket(scope, 'Web', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const pageHeaders = new cloudfront.ResponseHeadersPolicy(scope, 'PageHeaders', {
    comment: 'GPS page: strict CSP and security headers',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: PAGE_SECURITY_HEADERS['Content-Security-Policy']!, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      strictTransportSecurity: HSTS,
    },
  });
  const widgetHeaders = new cloudfront.ResponseHeadersPolicy(scope, 'WidgetHeaders', {
    comment: 'GPS widgets: CORS for the configured origins only, and security headers',
    ...(props.widgetOrigins.length > 0
      ? {
          corsBehavior: {
            accessControlAllowOrigins: props.widgetOrigins,
            accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
            accessControlAllowHeaders: ['*'],
            accessControlAllowCredentials: false,
            accessControlMaxAge: Duration.minutes(10),
            originOverride: true,
          },
        }
      : {}),
    securityHeadersBehavior: {
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.SAMEORIGIN, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      strictTransportSecurity: HSTS,
    },
  });
  const spaIndex = new cloudfront.Function(scope, 'PageRoutes', {
    comment: 'GPS page: its own routes answer with its index',
    code: cloudfront.FunctionCode.fromInline(
      "function handler(event){var r=event.request;if(r.uri.startsWith('/app')&&r.uri.indexOf('.')<0){r.uri='/app/index.html';}return r;}",
    ),
  });
  const s3 = S3BucketOrigin.withOriginAccessControl(bucket);
  const api = new HttpOrigin(props.apiOriginHost);
  // The API's reference is the same for every request: rendered at synthesis, served from S3
  // with the page's CSP, and Swagger UI's files (from the npm package) beside it under /docs/.
  const apiDocsBehavior: cloudfront.BehaviorOptions = {
    origin: s3,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    responseHeadersPolicy: pageHeaders,
    functionAssociations: [
      {
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(scope, 'ApiDocsPaths', {
          comment: 'GPS API reference: /docs, its files and /openapi.json from the web bucket',
          code: cloudfront.FunctionCode.fromInline(
            `function handler(event){var r=event.request;r.uri=r.uri==='/docs'?'/${API_DOCS_PREFIX}docs.html':r.uri==='/openapi.json'?'/${API_DOCS_PREFIX}openapi.json':'/${API_DOCS_PREFIX}'+r.uri.slice(6);return r;}`,
          ),
        }),
      },
    ],
  };
  // The legal pages: rendered at synthesis from the operator's settings, served from S3.
  const legalBehavior: cloudfront.BehaviorOptions = {
    origin: s3,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    responseHeadersPolicy: pageHeaders,
    functionAssociations: [
      {
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
        function: new cloudfront.Function(scope, 'LegalPaths', {
          comment: 'GPS legal pages from the web bucket',
          code: cloudfront.FunctionCode.fromInline(`function handler(event){var r=event.request;r.uri='/${LEGAL_PREFIX}'+r.uri.slice(1)+'.html';return r;}`),
        }),
      },
    ],
  };
  // The public statistics (no token, aggregates only) are the same for every visitor: CloudFront
  // keeps them as long as the API's Cache-Control says (an hour), so a public dashboard read by
  // many costs one Lambda call and one read of the counters an hour, per query string. Nothing
  // of the visitor reaches the API: no Authorization, no cookie, no header in the cache key.
  const publicStatsBehavior: cloudfront.BehaviorOptions = {
    origin: api,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    cachePolicy: new cloudfront.CachePolicy(scope, 'PublicStatsCache', {
      comment: 'GPS public statistics: as long as the API says, by query string only',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.hours(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    }),
  };
  const distribution = new cloudfront.Distribution(scope, 'Cdn', {
    comment: 'GPS: the page, the widgets, and the API on the same origin',
    ...(props.domain
      ? {
          domainNames: props.domain.names,
          certificate: Certificate.fromCertificateArn(scope, 'Certificate', props.domain.certificateArn),
          minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {}),
    defaultBehavior: {
      origin: api,
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
      '/public/*': publicStatsBehavior,
      '/openapi.json': apiDocsBehavior,
      '/docs': apiDocsBehavior,
      '/docs/*': apiDocsBehavior,
      ...Object.fromEntries(LEGAL_PATHS.map((path) => [path, legalBehavior])),
      '/widgets/*': {
        origin: s3,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: widgetHeaders,
      },
    },
  });

  if (props.webAssets) deployWebAssets(scope, bucket, distribution, props.webAssets);
  new BucketDeployment(scope, 'DeployApiDocs', {
    sources: [
      Source.jsonData('openapi.json', apiDocument),
      Source.data('docs.html', apiReferencePage()),
      // Only the files the page loads, not the whole package (its demo index.html has an inline script).
      ...REFERENCE_ASSET_FOLDERS.map(({ folder, files }) => Source.asset(folder, { exclude: ['**', ...files.map((file) => `!${file}`)] })),
    ],
    destinationBucket: bucket,
    destinationKeyPrefix: API_DOCS_PREFIX,
    cacheControl: [CacheControl.fromString('public, max-age=300')],
    distribution,
    distributionPaths: ['/docs', '/docs/*', '/openapi.json'],
  });

  const legal = legalPages(props.legal ?? legalSettingsFrom(undefined));
  new BucketDeployment(scope, 'DeployLegalPages', {
    sources: LEGAL_PATHS.map((path) => Source.data(`${path.slice(1)}.html`, legal[path])),
    destinationBucket: bucket,
    destinationKeyPrefix: LEGAL_PREFIX,
    cacheControl: [CacheControl.fromString('public, max-age=300')],
    distribution,
    distributionPaths: [...LEGAL_PATHS],
  });

  /** Where the page, widgets and API are: the custom domain, or CloudFront's own. */
  const site = `https://${props.domain?.names[0] ?? distribution.distributionDomainName}`;
  return { bucket, distribution, site };
}

function deployWebAssets(scope: Construct, bucket: Bucket, distribution: cloudfront.Distribution, assets: { widgets: string; page: string }) {
  new BucketDeployment(scope, 'DeployPage', {
    sources: [Source.asset(assets.page)],
    destinationBucket: bucket,
    destinationKeyPrefix: 'app/',
    // Hashed file names: cached for a year; index.html is revalidated by its ETag.
    cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    exclude: ['index.html'],
    prune: false,
    distribution,
    distributionPaths: ['/app/*'],
  });
  new BucketDeployment(scope, 'DeployPageIndex', {
    sources: [Source.asset(assets.page, { exclude: ['**', '!index.html'] })],
    destinationBucket: bucket,
    destinationKeyPrefix: 'app/',
    cacheControl: [CacheControl.noCache()],
    prune: false,
  });
  new BucketDeployment(scope, 'DeployWidgets', {
    sources: [Source.asset(assets.widgets)],
    destinationBucket: bucket,
    destinationKeyPrefix: 'widgets/',
    // A stable URL portals put in a script tag: short cache, served stale while revalidating.
    cacheControl: [CacheControl.fromString('public, max-age=300, stale-while-revalidate=86400')],
    distribution,
    distributionPaths: ['/widgets/*'],
  });
}
