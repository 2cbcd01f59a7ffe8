import { NewAction } from '#domain/action.ts';
import { addAction, listActions } from '#store/actions.ts';
import { recordAccess } from '#store/audit.ts';
import { defineRoute, json } from '../http/route.ts';
import { Action, PageQuery, PersonParams, Problem, page } from './views.ts';

export const actionRoutes = [
  defineRoute({
    method: 'GET',
    path: '/persons/{id}/actions',
    group: 'actions',
    tag: 'Ce qui a été entrepris',
    summary: 'Ce qui a été entrepris pour la personne, le plus récent d’abord',
    params: PersonParams,
    query: PageQuery,
    responses: {
      200: { description: 'Une page d’actions', schema: page(Action) },
      404: { description: 'Introuvable, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, query, deps }) => {
      // The read and its audit, which proves membership, go out together: one round trip.
      const [actions] = await Promise.all([
        listActions(deps.store, params.id, query),
        recordAccess(deps.store, { personId: params.id, actorId: pro.id, kind: 'actions_read' }),
      ]);
      return json(200, actions);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/actions',
    group: 'actions',
    tag: 'Ce qui a été entrepris',
    summary: 'Ajouter une action (catégorie, date, texte court)',
    params: PersonParams,
    body: NewAction,
    responses: {
      201: { description: 'L’action ajoutée', schema: Action },
      404: { description: 'Introuvable, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => json(201, await addAction(deps.store, pro, params.id, body)),
  }),
];
