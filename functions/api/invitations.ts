import { ulid } from 'ulid';
import * as z from '#domain/zod.ts';
import { alreadyExists, notFound } from '#domain/errors.ts';
import { assertAddressee, assertUsable, invitationToken, tokenHash } from '#domain/invitation.ts';
import { summarize } from '#domain/person.ts';
import { acceptInvitation, createInvitation, getInvitation, listInvitations, revokeInvitation } from '#store/invitations.ts';
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
  MyFollowUp,
  OpenedInvitation,
  PersonParams,
  Problem,
  TokenBody,
  toInvitationView,
} from './views.ts';

const TAG = 'Invitations';

/** The invitation a token opens, if it still can be used; otherwise a clear 410. */
async function usableInvitation(store: Store, token: string) {
  const invitation = await getInvitation(store, tokenHash(token));
  assertUsable(invitation, store.now());
  return invitation;
}

const GONE = { description: 'Invitation déjà utilisée, expirée, annulée ou inconnue', schema: Problem };

export const invitationRoutes = [
  defineRoute({
    method: 'POST',
    path: '/persons/{id}/invitations',
    group: 'invitations',
    tag: TAG,
    summary: 'Inviter un·e collègue par e-mail à rejoindre le groupe de suivi',
    description: `L’invitation est enregistrée puis envoyée par e-mail (lien à usage unique, valable 14 jours). L’e-mail ne dit rien de la personne : l’invité·e se connecte pour le voir.`,
    params: PersonParams,
    body: CreateInvitationBody,
    responses: {
      201: { description: 'Invitation enregistrée ; l’e-mail part aussitôt (et est réessayé en cas d’échec)', schema: InvitationView },
      404: { description: 'Je ne suis pas membre', schema: Problem },
      409: { description: 'Cette personne est déjà membre du groupe', schema: Problem },
      429: { description: 'Trop d’invitations aujourd’hui', schema: Problem },
    },
    handle: async ({ pro, params, body, deps }) => {
      const { store } = deps;
      const [{ members }, inviteeId] = await Promise.all([groupSeenBy(store, params.id, pro.id), professionalIdByEmail(store, body.email)]);
      if (members.some((member) => member.proId === inviteeId && member.status === 'active')) {
        throw alreadyExists('Ce ou cette professionnel·le fait déjà partie du groupe de suivi.');
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
    description: 'Le jeton est le fragment du lien reçu (après « # »). La personne concernée n’est montrée que si l’invitation vous est adressée.',
    body: TokenBody,
    responses: { 200: { description: 'L’invitation', schema: OpenedInvitation }, 410: GONE },
    handle: async ({ pro, body, deps }) => {
      const invitation = await usableInvitation(deps.store, body.token);
      const addressedToMe = invitation.email.toLowerCase() === pro.email.toLowerCase();
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
    summary: 'Accepter une invitation : je rejoins le groupe de suivi',
    body: AcceptInvitationBody,
    responses: {
      201: { description: 'Je suis membre (source « invitation »)', schema: MyFollowUp },
      400: { description: 'Invitation adressée à un autre e-mail, sans confirmation', schema: Problem },
      409: { description: 'Je suis déjà membre', schema: Problem },
      410: GONE,
    },
    handle: async ({ pro, body, deps }) => {
      const invitation = await usableInvitation(deps.store, body.token);
      assertAddressee(invitation, pro.email, body.confirmDifferentEmail === true);
      const { inviter } = invitation;
      const link = await acceptInvitation(deps.store, pro, invitation, {
        reason: body.reason ?? `Invité·e par ${inviter.firstName} ${inviter.lastName} (${inviter.organization.name})`,
        ...(body.role ? { role: body.role } : {}),
      });
      const { lastContactRevealAt, ...mine } = link;
      return json(201, mine);
    },
  }),
];
