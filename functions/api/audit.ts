import { assertActiveMember } from '#domain/access.ts';
import { listAuditEvents } from '#store/audit.ts';
import { getFollowUp } from '#store/follow-ups.ts';
import { defineRoute, json } from '../http/route.ts';
import { portalName } from '#domain/federation.ts';
import { JournalEntry, PageQuery, PersonParams, Problem, page } from './views.ts';

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    path: '/persons/{id}/audit',
    group: 'actions',
    tag: 'Traçabilité',
    summary: 'Qui a consulté ou modifié le dossier, et quand (le plus récent d’abord)',
    params: PersonParams,
    query: PageQuery,
    responses: {
      200: { description: 'Une page du journal', schema: page(JournalEntry) },
      404: { description: 'Introuvable, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, query, deps }) => {
      assertActiveMember(await getFollowUp(deps.store, params.id, pro.id));
      const { items, ...rest } = await listAuditEvents(deps.store, params.id, query);
      return json(200, { ...rest, items: items.map((event) => ({ ...event, portal: portalName(deps.issuers, event.issuer) })) });
    },
  }),
];
