import { authRoutes } from '../auth/routes.ts';
import type { Route } from '../http/route.ts';
import { apiRoutes } from './api-routes.ts';
import { docsRoutes } from './docs.ts';

/**
 * The routes table of GPS: read by the local server and by the CDK stack (one Lambda
 * function per `group`, each bundled from its entry in `lambda/`).
 */
export const routes: readonly Route[] = [...apiRoutes, ...authRoutes, ...docsRoutes];
