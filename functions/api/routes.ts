import { authRoutes } from '../auth/routes.ts';
import { definePublicRoute, json, type Route } from '../http/route.ts';
import { actionRoutes } from './actions.ts';
import { adminRoutes } from './admin.ts';
import { auditRoutes } from './audit.ts';
import { invitationRoutes } from './invitations.ts';
import { meRoutes } from './me.ts';
import { memberRoutes } from './members.ts';
import { openApiDocument } from './openapi.ts';
import { personRoutes } from './persons.ts';
import { referencePage } from './reference-page.ts';
import { statsRoutes } from './stats.ts';

const apiRoutes: Route[] = [...meRoutes, ...personRoutes, ...memberRoutes, ...actionRoutes, ...auditRoutes, ...invitationRoutes, ...statsRoutes, ...adminRoutes];

const document = openApiDocument(apiRoutes);

/**
 * The routes table of GPS: read by the local server and by the CDK stack (one Lambda
 * function per `group`). The documentation routes are generated from the others.
 */
export const routes: readonly Route[] = [
  ...apiRoutes,
  ...authRoutes,
  definePublicRoute({
    method: 'GET',
    path: '/openapi.json',
    group: 'docs',
    tag: 'Documentation',
    summary: 'Le document OpenAPI 3.1 de l’API',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handle: async () => json(200, document, { 'Cache-Control': 'public, max-age=300' }),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/docs',
    group: 'docs',
    tag: 'Documentation',
    summary: 'La référence de l’API, lisible',
    responses: { 200: { description: 'Page HTML' } },
    handle: async () => ({ status: 200, html: referencePage(document as never), headers: { 'Cache-Control': 'public, max-age=300' } }),
  }),
];
