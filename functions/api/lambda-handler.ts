import { depsFromEnv } from '../config/api.ts';
import { createHttpHandler } from '../http/handler.ts';
import type { ApiDeps, Route } from '../http/route.ts';
import { loadSecrets } from '../secrets.ts';

await loadSecrets();

let deps: ApiDeps | undefined;

/**
 * The Lambda handler of one route group: clients and keys are built once per container, on
 * first use. Each group has its own entry in `lambda/`, so a function's bundle holds only its
 * routes and what they use (the sign-in's OpenID client stays in `auth`, the OpenAPI
 * generator in `docs`): smaller code, faster cold starts.
 */
export const lambdaHandler = (routes: readonly Route[]) => createHttpHandler(routes, () => (deps ??= depsFromEnv()));
