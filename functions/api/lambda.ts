import { depsFromEnv } from '../config.ts';
import { createHttpHandler } from '../http/handler.ts';
import type { ApiDeps } from '../http/route.ts';
import { routes } from './routes.ts';

let deps: ApiDeps | undefined;

/** The Lambda entry point: clients and keys are built once per container, on first use. */
export const handler = createHttpHandler(routes, () => (deps ??= depsFromEnv()));
