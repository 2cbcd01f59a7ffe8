import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Watch } from './alarms.ts';
import { LAMBDA_BUNDLING } from './bundling.ts';

export const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export type FunctionSpec = {
  entry: string;
  handler: string;
  description: string;
  environment?: Record<string, string>;
  timeout?: Duration;
  /** 512 MB unless the job needs more (memory also sets the CPU). */
  memorySize?: number;
};

/**
 * One GPS function: Node.js 22 on arm64, an ESM bundle minified with source maps, X-Ray, its
 * own log group, and alarms on its errors and throttles. It gets nothing else: the table,
 * secrets and other rights are bound by the caller.
 */
export function gpsFunction(scope: Construct, name: string, spec: FunctionSpec, { retention, watch }: { retention: RetentionDays; watch: Watch }): NodejsFunction {
  const created = new NodejsFunction(scope, name, {
    entry: root(spec.entry),
    handler: spec.handler,
    description: spec.description,
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: spec.memorySize ?? 512,
    timeout: spec.timeout ?? Duration.seconds(10),
    tracing: Tracing.ACTIVE,
    projectRoot: root(''),
    depsLockFilePath: root('package-lock.json'),
    logGroup: new LogGroup(scope, `${name}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY }),
    environment: { NODE_OPTIONS: '--enable-source-maps', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...spec.environment },
    bundling: LAMBDA_BUNDLING,
  });
  watch(`${name}Errors`, created.metricErrors({ period: Duration.minutes(5) }));
  watch(`${name}Throttles`, created.metricThrottles({ period: Duration.minutes(5) }));
  return created;
}
