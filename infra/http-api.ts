import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export type HttpApiProps = {
  /** Browser origins allowed by CORS. */
  allowedOrigins: string[];
  throttle?: { rateLimit: number; burstLimit: number };
  retention: RetentionDays;
};

/**
 * The HTTP API (its routes are added by the functions): a CORS allow-list, throttling, access
 * logs. CloudFront fronts it, through its execute-api endpoint (`originHost`).
 */
export function createHttpApi(scope: Construct, props: HttpApiProps): { api: HttpApi; originHost: string } {
  const api = new HttpApi(scope, 'Api', {
    description: 'GPS API',
    createDefaultStage: false,
    corsPreflight: {
      allowOrigins: props.allowedOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
      allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.OPTIONS],
      exposeHeaders: ['ETag', 'Location'],
      maxAge: Duration.minutes(10),
    },
  });
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: props.retention, removalPolicy: RemovalPolicy.DESTROY });
  new HttpStage(scope, 'ApiStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
  });
  return { api, originHost: `${api.apiId}.execute-api.${Stack.of(scope).region}.amazonaws.com` };
}
