import { globalRegistry } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { Route } from '../http/route.ts';
import { MyJournalEntry, TeamMember } from './my-file-views.ts';
import {
  Action,
  Contact,
  ErasureReport,
  InvitationView,
  JoinRequest,
  JournalEntry,
  LookupResult,
  Me,
  Member,
  MyFollowUp,
  OpenedInvitation,
  Person,
  Problem,
} from './views.ts';
import { PublicStatsView, StatsView } from './stats-views.ts';

/**
 * The views named in the document: each becomes a schema of `components` that the operations
 * refer to, listed in the reference. Registered as they are (no copy), so every route that
 * answers with one of them is a reference to it.
 */
const NAMED_SCHEMAS = { TeamMember, MyJournalEntry, Person, Member, MyFollowUp, JoinRequest, Contact, LookupResult, Action, JournalEntry, InvitationView, OpenedInvitation, Me, StatsView, PublicStatsView, ErasureReport };
for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) if (!globalRegistry.has(schema)) globalRegistry.add(schema, { id });

const COMMON_RESPONSES = {
  400: 'Requête invalide : `errors` liste chaque champ en cause',
  401: 'Jeton absent, invalide, expiré, ou d’un émetteur inconnu',
} as const;

const toOperation = (route: Route): ZodOpenApiOperationObject => ({
  summary: route.summary,
  ...(route.description ? { description: route.description } : {}),
  tags: [route.tag],
  operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^\w]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
  ...(route.public ? { security: [] } : route.person ? { security: [{ personBearer: [] }] } : {}),
  requestParams: {
    ...(route.params ? { path: route.params as never } : {}),
    ...(route.query ? { query: route.query as never } : {}),
    ...(route.headers ? { header: route.headers as never } : {}),
  },
  ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
  responses: {
    ...Object.fromEntries(
      Object.entries(route.public ? {} : COMMON_RESPONSES).map(([status, description]) => [
        status,
        { description, content: { 'application/problem+json': { schema: Problem } } },
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(route.responses).map(([status, { description, schema }]) => [
        status,
        {
          description,
          ...(schema ? { content: { [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: { schema } } } : {}),
        },
      ]),
    ),
  },
});

/** The OpenAPI 3.1 document, generated from the routes table and its zod schemas: never written by hand. */
export function openApiDocument(routes: readonly Route[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: toOperation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'API GPS — Guide de partage et de suivi',
      version: '1',
      description:
        'Qui accompagne cette personne, et qu’est-ce qui a été entrepris ? Chaque appel porte `Authorization: Bearer <JWT>` d’un émetteur de confiance. Erreurs : RFC 9457 `application/problem+json`, `detail` en français.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Jeton d’un professionnel (audience `audience` de son émetteur).' },
        personBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Jeton de la personne accompagnée (identité pivot FranceConnect : `given_name`, `family_name`, `birthdate`, `preferred_username`), audience `personAudience` de son émetteur : il n’ouvre que l’espace de la personne (/my-file), et aucun jeton de professionnel ne l’ouvre (403).',
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  });
}
