import { listFollowUps } from '#store/follow-ups.ts';
import { defineRoute, json } from '../http/route.ts';
import { FollowUpsQuery, MyFollowUp, Professional, page } from './views.ts';

export const meRoutes = [
  defineRoute({
    method: 'GET',
    path: '/me',
    group: 'me',
    tag: 'Moi',
    summary: 'Mon profil de professionnel·le (créé au premier appel, d’après le jeton)',
    responses: { 200: { description: 'Mon profil', schema: Professional } },
    handle: async ({ pro }) => json(200, pro),
  }),
  defineRoute({
    method: 'GET',
    path: '/follow-ups',
    group: 'me',
    tag: 'Moi',
    summary: 'Les personnes que je suis (en cours, terminées ou demandes en attente), les plus récentes d’abord',
    query: FollowUpsQuery,
    responses: { 200: { description: 'Une page de mes suivis', schema: page(MyFollowUp) } },
    handle: async ({ pro, query, deps }) => {
      const { items, cursor } = await listFollowUps(deps.store, pro.id, query.status, query);
      return json(200, { items: items.map(({ lastContactRevealAt, ...link }) => link), ...(cursor ? { cursor } : {}) });
    },
  }),
];
