import { ulid } from 'ulid';
import * as z from '#domain/zod.ts';
import { alreadyExists, forbidden, notFound } from '#domain/errors.ts';
import { assertInviterStillMember, assertOpenTo, assertUsable, invitationToken, isAddressedTo, tokenHash } from '#domain/invitation.ts';
import { nameAndOrganization, type Professional } from '#domain/professional.ts';
import { summarize } from '#domain/person.ts';
import { acceptInvitation, createInvitation, declineInvitation, getInvitation, listInvitations, revokeInvitation } from '#store/invitations.ts';
import { getFollowUp } from '#store/follow-ups.ts';
import { getPerson } from '#store/persons.ts';
import { professionalIdByEmail } from '#store/professionals.ts';
import type { Store } from '#store/client.ts';
import { defineRoute, json } from '../http/route.ts';
import { groupSeenBy } from './group.ts';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  InvitationParams,
  InvitationView,
  Member,
  MyFollowUp,
  OpenedInvitation,
  PersonParams,
  Problem,
  TokenBody,
  toInvitationView,
  toMember,
} from './views.ts';

const TAG = 'Invitations';

/**
 * The invitation a token opens for this professional, if it still can be used: pending, not
 * expired, its inviter still an active member, and (for another address than the invited
 * one) not yet used to ask to join. Otherwise a clear 410, which never names the invited address.
 */
async function usableInvitation(store: Store, token: string, pro: Professional) {
  const invitation = await getInvitation(store, tokenHash(token));
  assertUsable(invitation, store.now());
  assertOpenTo(invitation, pro.email);
  assertInviterStillMember(invitation, await getFollowUp(store, invitation.personId, invitation.inviter.proId));
  return invitation;
}

const GONE = {
  description: 'Invitation déjà utilisée, expirée, annulée ou inconnue ; ou la personne qui l’a envoyée ne fait plus partie du groupe ; ou, pour une autre adresse que celle invitée, lien ayant déjà servi à une demande',
  schema: Problem,
};

export const invitationRoutes = [
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/invitations',
    group: 'invitations',
    tag: TAG,
    summary: 'Inviter par e-mail une ou un collègue à rejoindre le groupe de suivi',
    description: `L’invitation est enregistrée puis envoyée par e-mail (lien à usage unique, valable 14 jours, tant que vous restez membre). L’e-mail ne dit rien de la personne : la personne invitée se connecte pour le voir. Le message, facultatif, ne peut contenir aucun lien.`,
    params: PersonParams,
    body: CreateInvitationBody,
    responses: {
      201: { description: 'Invitation enregistrée ; l’e-mail part aussitôt (et est réessayé en cas d’échec)', schema: InvitationView },
      400: { description: 'Adresse invalide, ou message trop long ou contenant un lien', schema: Problem },
      404: { description: 'Je ne suis pas membre', schema: Problem },
      409: { description: 'Cette personne est déjà membre du groupe', schema: Problem },
      429: { description: 'Trop d’invitations aujourd’hui', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => {
      const { store } = deps;
      const [{ members }, inviteeId] = await Promise.all([groupSeenBy(store, params.id, pro.id), professionalIdByEmail(store, body.email)]);
      if (members.some((member) => member.proId === inviteeId && member.status === 'active')) {
        throw alreadyExists('Cette adresse est déjà celle d’un membre du groupe de suivi.');
      }
      const id = ulid();
      const invitation = await createInvitation(store, pro, params.id, { ...body, id, tokenHash: tokenHash(invitationToken(deps.invitationSecret, id)) });
      return json(201, toInvitationView(invitation, store.now()));
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/persons/{id}/invitations',
    group: 'invitations',
    tag: TAG,
    summary: 'Les invitations envoyées pour cette personne, les plus récentes d’abord',
    params: PersonParams,
    responses: {
      200: { description: 'Les invitations (100 au plus)', schema: z.array(InvitationView) },
      404: { description: 'Je ne suis pas membre', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      await groupSeenBy(deps.store, params.id, pro.id);
      const now = deps.store.now();
      return json(200, (await listInvitations(deps.store, params.id)).map((invitation) => toInvitationView(invitation, now)));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/invitations/{invitationId}/revoke',
    group: 'invitations',
    tag: TAG,
    summary: 'Annuler une invitation en attente (son lien ne fonctionne plus)',
    params: InvitationParams,
    responses: {
      200: { description: 'L’invitation, annulée', schema: InvitationView },
      404: { description: 'Invitation inconnue, ou je ne suis pas membre', schema: Problem },
      409: { description: 'L’invitation n’est plus en attente', schema: Problem },
    },
    handle: async ({ pro, params, deps }) => {
      const { store } = deps;
      const [, invitations] = await Promise.all([groupSeenBy(store, params.id, pro.id), listInvitations(store, params.id)]);
      const invitation = invitations.find((candidate) => candidate.id === params.invitationId);
      if (!invitation) throw notFound('Invitation introuvable pour cette personne.');
      await revokeInvitation(store, pro.id, invitation);
      return json(200, toInvitationView({ ...invitation, status: 'revoked', revokedAt: store.now().toISOString(), revokedBy: pro.id }, store.now()));
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/invitations/open',
    group: 'invitations',
    tag: TAG,
    summary: 'Lire une invitation reçue par e-mail, avant de l’accepter',
    description:
      'Le jeton est le fragment du lien reçu (après « # »). La personne concernée n’est montrée que si l’invitation vous est adressée ; l’adresse invitée ne l’est jamais.',
    body: TokenBody,
    responses: { 200: { description: 'L’invitation', schema: OpenedInvitation }, 410: GONE },
    handle: async ({ pro, body, deps }) => {
      const invitation = await usableInvitation(deps.store, body.token, pro);
      const addressedToMe = isAddressedTo(invitation, pro.email);
      const person = addressedToMe ? await getPerson(deps.store, invitation.personId) : undefined;
      return json(200, {
        inviter: invitation.inviter,
        ...(invitation.message ? { message: invitation.message } : {}),
        expiresAt: invitation.expiresAt,
        addressedToMe,
        ...(person ? { person: summarize(person.identity) } : {}),
      });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/invitations/accept',
    group: 'invitations',
    tag: TAG,
    summary: 'Accepter une invitation : je rejoins le groupe de suivi, ou je demande à le rejoindre',
    description:
      'Avec une session ouverte sous l’adresse invitée, je rejoins le groupe (201) et le lien est utilisé. Avec une autre adresse, je crée une demande (202, source « invitation ») qu’un membre actuel accepte ou refuse ; le lien reste valable pour la personne invitée, et ne sert qu’à une seule demande de ce type. `confirmDifferentEmail` est sans effet.',
    body: AcceptInvitationBody,
    responses: {
      201: { description: 'Je suis membre (source « invitation »)', schema: MyFollowUp },
      202: { description: 'Ma demande attend la réponse d’un membre', schema: Member },
      409: { description: 'Je suis déjà membre, ou ma demande est déjà en attente', schema: Problem },
      410: GONE,
    },
    handle: async ({ pro, body, deps }) => {
      const invitation = await usableInvitation(deps.store, body.token, pro);
      const { inviter } = invitation;
      const from = nameAndOrganization(inviter);
      const link = await acceptInvitation(deps.store, pro, invitation, {
        reason: body.reason ?? (isAddressedTo(invitation, pro.email) ? `Sur invitation de ${from}` : `Demande faite avec le lien d’une invitation de ${from} adressée à une autre adresse e-mail`),
        ...(body.role ? { role: body.role } : {}),
      });
      if (link.status === 'pending') return json(202, toMember(link));
      const { lastContactRevealAt, ...mine } = link;
      return json(201, mine);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/invitations/decline',
    group: 'invitations',
    tag: TAG,
    summary: 'Refuser une invitation qui m’est adressée : le lien ne sert plus, la personne qui l’a envoyée en est prévenue',
    body: TokenBody,
    responses: {
      200: { description: '`{ declined: true }`' },
      403: { description: 'L’invitation est adressée à une autre adresse e-mail que la mienne', schema: Problem },
      410: GONE,
    },
    handle: async ({ pro, body, deps }) => {
      const invitation = await usableInvitation(deps.store, body.token, pro);
      if (!isAddressedTo(invitation, pro.email)) throw forbidden('Seule la personne à qui l’invitation est adressée peut la refuser. Si elle ne vous concerne pas, ignorez-la : sans action, rien ne se passe.');
      await declineInvitation(deps.store, pro, invitation);
      return json(200, { declined: true });
    },
  }),
];
