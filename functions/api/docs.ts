import { definePublicRoute, json, type Route } from '../http/route.ts';
import { apiRoutes } from './api-routes.ts';
import { openApiDocument } from './openapi.ts';
import { referencePage } from './reference-page.ts';

/** Also what the CDK stack publishes as static files: on AWS, CloudFront serves both pages. */
export const apiDocument = openApiDocument(apiRoutes);
export const apiReferencePage = () => referencePage(apiDocument as never);

/** The documentation, generated from the API's routes. */
export const docsRoutes: Route[] = [
  definePublicRoute({
    method: 'GET',
    path: '/openapi.json',
    group: 'docs',
    tag: 'Documentation',
    summary: 'Le document OpenAPI 3.1 de l’API',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handle: async () => json(200, apiDocument, { 'Cache-Control': 'public, max-age=300' }),
  }),
  definePublicRoute({
    method: 'GET',
    path: '/docs',
    group: 'docs',
    tag: 'Documentation',
    summary: 'La référence de l’API, lisible',
    responses: { 200: { description: 'Page HTML' } },
    handle: async () => ({ status: 200, html: apiReferencePage(), headers: { 'Cache-Control': 'public, max-age=300' } }),
  }),
];
