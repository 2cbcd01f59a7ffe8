import { depsFromEnv } from '../config.ts';
import { createHttpHandler } from '../http/handler.ts';
import type { ApiDeps } from '../http/route.ts';
import { loadSecrets } from '../secrets.ts';
import { routes } from './routes.ts';

await loadSecrets();

let deps: ApiDeps | undefined;
const group = process.env.GPS_ROUTE_GROUP;

/**
 * The Lambda entry point of every route group (`GPS_ROUTE_GROUP`, set by the CDK stack):
 * clients and keys are built once per container, on first use.
 */
export const handler = createHttpHandler(
  group ? routes.filter((route) => route.group === group) : routes,
  () => (deps ??= depsFromEnv()),
);
