import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, DomainName, HttpApi, HttpStage, LogGroupLogDestination, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export type ApiOrigin = {
  /** The API's own regional domain name, which only CloudFront uses (e.g. `api-origine.gps.example.fr`). */
  domainName: string;
  /** Its certificate, in the stack's region (not us-east-1, unless the stack is there). */
  certificateArn: string;
};

export type HttpApiProps = {
  /** Browser origins allowed by CORS. */
  allowedOrigins: string[];
  throttle?: { rateLimit: number; burstLimit: number };
  retention: RetentionDays;
  /** How CloudFront reaches the API; without it, through the default execute-api endpoint. */
  origin?: ApiOrigin;
};

/**
 * The HTTP API (its routes are added by the functions): a CORS allow-list, throttling, access
 * logs. CloudFront fronts it; when it reaches it through the API's own domain (`origin`),
 * the default execute-api endpoint is disabled, so that nobody goes around CloudFront. Without
 * that domain CloudFront has no other way in and the endpoint must stay on.
 */
export function createHttpApi(scope: Construct, props: HttpApiProps): { api: HttpApi; originHost: string; originDomain?: DomainName } {
  const api = new HttpApi(scope, 'Api', {
    description: 'GPS API',
    createDefaultStage: false,
    disableExecuteApiEndpoint: Boolean(props.origin),
    corsPreflight: {
      allowOrigins: props.allowedOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
      allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.OPTIONS],
      exposeHeaders: ['ETag', 'Location', 'Link'],
      maxAge: Duration.minutes(10),
    },
  });
  const originDomain = props.origin
    ? new DomainName(scope, 'ApiOriginDomain', {
        domainName: props.origin.domainName,
        certificate: Certificate.fromCertificateArn(scope, 'ApiOriginCertificate', props.origin.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      })
    : undefined;
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: props.retention, removalPolicy: RemovalPolicy.DESTROY });
  new HttpStage(scope, 'ApiStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    ...(originDomain ? { domainMapping: { domainName: originDomain } } : {}),
  });
  const originHost = props.origin?.domainName ?? `${api.apiId}.execute-api.${Stack.of(scope).region}.amazonaws.com`;
  return { api, originHost, ...(originDomain ? { originDomain } : {}) };
}
