import { listFollowUps } from '#store/follow-ups.ts';
import { getPreferences, updatePreferences } from '#store/preferences.ts';
import { defineRoute, json } from '../http/route.ts';
import { FollowUpsQuery, Me, MyFollowUp, UpdateMeBody, page, toMyFollowUp } from './views.ts';

export const meRoutes = [
  defineRoute({
    method: 'GET',
    path: '/me',
    group: 'me',
    tag: 'Moi',
    summary: 'Mon profil professionnel (créé au premier appel, d’après le jeton) et mes préférences d’e-mails',
    responses: { 200: { description: 'Mon profil', schema: Me } },
    handle: async ({ pro, deps }) => json(200, { ...pro, notifications: await getPreferences(deps.store, pro.id) }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/me',
    group: 'me',
    tag: 'Moi',
    summary: 'Choisir les e-mails que je reçois (arrivée d’un membre, demande à rejoindre, changement de référence de parcours)',
    description: 'Le nom, l’e-mail, le téléphone et la structure viennent du jeton de connexion : ils se modifient chez le fournisseur d’identité.',
    body: UpdateMeBody,
    responses: { 200: { description: 'Mon profil', schema: Me } },
    handle: async ({ pro, body, deps }) => json(200, { ...pro, notifications: await updatePreferences(deps.store, pro.id, body.notifications) }),
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
      return json(200, { items: items.map(toMyFollowUp), ...(cursor ? { cursor } : {}) });
    },
  }),
];
