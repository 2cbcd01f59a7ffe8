import { assertCanAnswerJoinRequest, assertCanRemove, joinMode, notMember } from '#domain/access.ts';
import { confidentialKindsOf, groupSeenBy } from './group.ts';
import { notFound } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { assertCanBecomeReferent } from '#domain/referent.ts';
import { recordAccess } from '#store/audit.ts';
import {
  answerJoinRequest,
  becomeReferent,
  endFollowUp,
  getFollowUp,
  join,
  stepDownAsReferent,
  updateMembership,
} from '#store/follow-ups.ts';
import { getProfessional } from '#store/professionals.ts';
import { useQuotas } from '#store/quotas.ts';
import { defineRoute, json } from '../http/route.ts';
import * as z from '#domain/zod.ts';
import { listInbox } from '#store/inbox.ts';
import { Contact, JoinBody, JoinRequest, JoinRequestParams, Member, MemberParams, PageQuery, PersonParams, Problem, RemoveMemberBody, SeenMember, UpdateMembershipBody, seenBy, toMember } from './views.ts';
import { assertMayReveal } from '#domain/confidentiality.ts';

const ORDER: Record<FollowUp['status'], number> = { active: 0, pending: 1, ended: 2, declined: 3 };

/** Referent first, then current members, pending requests, past members; the longest-standing first. */
const byDisplayOrder = (a: FollowUp, b: FollowUp) =>
  Number(b.isReferent) - Number(a.isReferent) || ORDER[a.status] - ORDER[b.status] || a.startedAt.localeCompare(b.startedAt);

const answerRoute = (answer: 'accept' | 'decline') =>
  defineRoute({
    method: 'POST',
    path: `/persons/{id}/join-requests/{proId}/${answer}`,
    group: 'members',
    tag: 'Groupe de suivi',
    summary: answer === 'accept' ? 'Accepter une demande pour rejoindre le groupe' : 'Refuser une demande pour rejoindre le groupe',
    params: JoinRequestParams,
    responses: {
      200: { description: 'Le membre tel qu’il est maintenant', schema: Member },
      404: { description: 'Pas de demande en attente, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      const { me, members } = await groupSeenBy(deps.store, params.id, pro.id);
      const request = members.find((member) => member.proId === params.proId);
      assertCanAnswerJoinRequest(me, request);
      await answerJoinRequest(deps.store, pro.id, request!, answer === 'accept', members);
      return json(200, toMember((await getFollowUp(deps.store, params.id, params.proId))!));
    },
  });

export const memberRoutes = [
  defineRoute({
    method: 'GET',
    path: '/join-requests',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Les demandes pour rejoindre les groupes dont je suis membre, qui attendent une réponse',
    description:
      'Les plus anciennes d’abord, par pages (`limit`, 100 au plus et par défaut) : l’en-tête `Link` (rel="next") donne la page suivante. Une lecture, quel que soit le nombre de personnes suivies. Tenue à jour juste après chaque demande, réponse ou départ, en général en moins d’une seconde : une demande qui vient de recevoir une réponse peut y figurer encore un instant, et y répondre est alors refusé (404) sans rien changer.',
    query: PageQuery,
    responses: { 200: { description: 'Une page des demandes en attente, les plus anciennes d’abord', schema: z.array(JoinRequest) } },
    handle: async ({ pro, query, deps }) => {
      const { items, cursor } = await listInbox(deps.store, pro.id, query);
      const next = cursor ? new URLSearchParams({ cursor, ...(query.limit ? { limit: String(query.limit) } : {}) }) : undefined;
      return json(
        200,
        items.map(({ personId, person, requester }) => ({ personId, person, requester })),
        next ? { Link: `</join-requests?${next}>; rel="next"` } : undefined,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/persons/{id}/members',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Les membres actuels et passés du groupe de suivi (sans leurs coordonnées)',
    description: 'La ou le référent d’abord, puis membres actuels, demandes en attente, anciens membres. Les coordonnées s’obtiennent membre par membre (/contact), chaque fois tracé.',
    params: PersonParams,
    responses: {
      200: { description: 'Le groupe de suivi ; un membre d’une structure confidentielle n’y figure que comme « accompagnement confidentiel »', schema: z.array(SeenMember) },
      404: { description: 'Introuvable, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      // The read and its audit, which proves membership, go out together: one round trip.
      const [{ members }] = await Promise.all([
        groupSeenBy(deps.store, params.id, pro.id),
        recordAccess(deps.store, { personId: params.id, actorId: pro.id, kind: 'members_read' }),
      ]);
      return json(200, members.filter((m) => m.status !== 'declined').sort(byDisplayOrder).map(seenBy(pro.id, confidentialKindsOf(deps))));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/members/{proId}/contact',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Afficher l’e-mail et le téléphone d’un membre (action tracée)',
    params: MemberParams,
    responses: {
      200: { description: 'Ses coordonnées', schema: Contact },
      403: { description: 'Un accompagnement confidentiel : demandez plutôt à être contacté', schema: Problem },
      404: { description: 'Pas un membre actuel ou passé, ou je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      const { members } = await groupSeenBy(deps.store, params.id, pro.id);
      const target = members.find((m) => m.proId === params.proId && (m.status === 'active' || m.status === 'ended'));
      if (!target) throw notFound('Ce professionnel ne fait pas partie du groupe de suivi.');
      assertMayReveal(target, confidentialKindsOf(deps));
      const now = deps.store.now().toISOString();
      const [colleague] = await Promise.all([
        getProfessional(deps.store, params.proId),
        recordAccess(deps.store, { personId: params.id, actorId: pro.id, kind: 'contact_revealed', targetProId: params.proId }, { set: { lastContactRevealAt: now } }),
      ]);
      if (!colleague) throw notFound('Ce professionnel n’existe plus.');
      return json(200, { email: colleague.email, ...(colleague.phone ? { phone: colleague.phone } : {}) });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/members',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Rejoindre le groupe de suivi, ou demander à le rejoindre',
    description: 'Les équipes du service public de l’emploi et des structures autorisées rejoignent directement (201) ; les autres créent une demande qu’un membre accepte ou refuse (202).',
    params: PersonParams,
    body: JoinBody,
    responses: {
      201: { description: 'Je suis membre', schema: Member },
      202: { description: 'Ma demande attend la réponse d’un membre', schema: Member },
      404: { description: 'Personne introuvable', schema: Problem },
      409: { description: 'Déjà membre, ou demande déjà en attente', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => {
      await useQuotas(deps.store, [{ holder: pro.id, kind: 'joins', max: deps.quotas.joins }]);
      const link = await join(deps.store, pro, params.id, { ...body, mode: (previous) => joinMode(pro.organization, deps.joinPolicy, false, previous), source: 'self' });
      return json(link.status === 'active' ? 201 : 202, toMember(link));
    },
  }),
  answerRoute('accept'),
  answerRoute('decline'),
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/members/{proId}/remove',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Mettre fin au suivi d’un autre membre (un intrus, une erreur), avec un motif',
    description:
      'Tout membre actuel peut mettre fin au suivi d’un autre membre actuel, sauf de la ou du référent certifié par France Travail. Le membre retiré en est averti par e-mail ; le motif est visible des membres et de lui. Il ne peut revenir que par une demande (ou une invitation), même s’il pouvait rejoindre directement.',
    params: MemberParams,
    body: RemoveMemberBody,
    responses: {
      200: { description: 'Le membre retiré, tel qu’il est maintenant', schema: SeenMember },
      403: { description: 'Moi-même, ou la ou le référent certifié par France Travail', schema: Problem },
      404: { description: 'Pas un membre actuel, ou je ne suis pas membre', schema: Problem },
      409: { description: 'La référence de parcours a changé entre-temps', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => {
      const { me, members } = await groupSeenBy(deps.store, params.id, pro.id);
      const target = members.find((member) => member.proId === params.proId);
      assertCanRemove(me, target);
      await endFollowUp(deps.store, target, { reason: 'removed', by: me, note: body.reason });
      return json(200, seenBy(pro.id, confidentialKindsOf(deps))((await getFollowUp(deps.store, params.id, params.proId))!));
    },
  }),
  defineRoute({
    method: 'PATCH',
    path: '/persons/{id}/members/me',
    group: 'members',
    tag: 'Groupe de suivi',
    summary: 'Modifier mon suivi : motif, rôle, date de début, prendre ou quitter la référence de parcours, y mettre fin',
    params: PersonParams,
    body: UpdateMembershipBody,
    responses: {
      200: { description: 'Mon suivi tel qu’il est maintenant', schema: Member },
      403: { description: 'Référence certifiée par France Travail : seul un import peut la changer', schema: Problem },
      404: { description: 'Je ne suis pas membre', schema: Problem },
      409: { description: 'La référence de parcours a changé entre-temps', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => {
      const { store } = deps;
      const { me, members } = await groupSeenBy(store, params.id, pro.id);
      const { ended, isReferent, ...details } = body;
      if (ended) {
        await useQuotas(store, [{ holder: pro.id, kind: 'leaves', max: deps.quotas.leaves }]);
        await endFollowUp(store, me, { reason: 'manual' });
      } else {
        if (Object.keys(details).length > 0) await updateMembership(store, me, details);
        const currentReferent = members.find((m) => m.isReferent);
        if (isReferent === true && assertCanBecomeReferent(me, currentReferent)) {
          await becomeReferent(store, me, currentReferent);
        }
        if (isReferent === false && me.isReferent) await stepDownAsReferent(store, me);
      }
      const updated = await getFollowUp(store, params.id, pro.id);
      if (!updated) throw notMember();
      return json(200, toMember(updated));
    },
  }),
];
