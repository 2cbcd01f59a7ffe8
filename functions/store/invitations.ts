import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { conflict, notFound, rateLimited } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { INVITATIONS_PER_DAY, Invitation, assertUsable, expiryOf, type NewInvitation } from '#domain/invitation.ts';
import { newOutboxEmail } from '#domain/outbox.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { activityStep, newFollowUp, personExistsStep, putLinkStep } from './follow-up-items.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { outboxStep } from './outbox.ts';
import { getFollowUp } from './follow-ups.ts';
import { getPerson } from './persons.ts';
import { GSI1, TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/** The queued e-mail of an invitation: one per invitation, found again from its id. */
export const invitationEmailId = (invitationId: string) => `invitation.${invitationId}`;

/** An expired link keeps saying "expired" (rather than "unknown") for three months. */
const KEEP_AFTER_EXPIRY_DAYS = 90;

const invitationItem = (invitation: Invitation) =>
  toItem('invitation', keys.invitation(invitation.tokenHash, invitation.personId, invitation.createdAt, invitation.id), {
    ...invitation,
    [TTL_ATTRIBUTE]: epochSeconds(invitation.expiresAt, KEEP_AFTER_EXPIRY_DAYS),
  });

const secondsUntilTomorrow = (now: Date) => {
  const tomorrow = new Date(now);
  tomorrow.setUTCHours(24, 0, 0, 0);
  return Math.ceil((tomorrow.getTime() - now.getTime()) / 1000);
};

/** One more invitation today for this inviter, refused past the daily quota. */
function quotaStep(store: Store, inviterId: string, now: Date): Step {
  const { PK, SK } = keys.invitationQuota(inviterId, now.toISOString().slice(0, 10));
  return {
    write: {
      Update: {
        TableName: store.table,
        Key: { PK, SK },
        UpdateExpression: 'SET entity = :entity, #ttl = :ttl ADD sent :one',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :max',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':entity': 'invitation_quota', ':ttl': epochSeconds(now, 2), ':one': 1, ':max': INVITATIONS_PER_DAY },
      },
    },
    onConditionFailed: () =>
      rateLimited(`Vous avez envoyé ${INVITATIONS_PER_DAY} invitations aujourd’hui : c’est le maximum. Réessayez demain.`, secondsUntilTomorrow(now)),
  };
}

/**
 * Stores the invitation and queues its e-mail in one transaction, with the proof that the
 * inviter is an active member, the daily quota and the audit: the e-mail is sent from the
 * queue (see outbox.ts), so a failing SES never loses an invitation.
 */
export async function createInvitation(
  store: Store,
  inviter: Professional,
  personId: string,
  input: NewInvitation & { id: string; tokenHash: string },
): Promise<Invitation> {
  const now = store.now();
  const invitation: Invitation = {
    ...input,
    personId,
    inviter: { proId: inviter.id, firstName: inviter.firstName, lastName: inviter.lastName, organization: inviter.organization },
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: expiryOf(now),
  };
  const email = newOutboxEmail(
    invitationEmailId(invitation.id),
    invitation.email,
    {
      template: 'invitation',
      invitationId: invitation.id,
      inviter: { firstName: inviter.firstName, lastName: inviter.lastName, organization: inviter.organization },
      ...(invitation.message ? { message: invitation.message } : {}),
      expiresAt: invitation.expiresAt,
    },
    now,
  );
  await transact(store, [
    activityStep(store, personId, inviter.id, now.toISOString()),
    quotaStep(store, inviter.id, now),
    { write: { Put: { TableName: store.table, Item: invitationItem(invitation), ConditionExpression: 'attribute_not_exists(PK)' } } },
    outboxStep(store, email),
    auditStep(store, { personId, actorId: inviter.id, kind: 'invitation_sent' }),
  ]);
  return invitation;
}

export async function getInvitation(store: Store, tokenHash: string): Promise<Invitation | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: keys.invitationByToken(tokenHash), ConsistentRead: true }),
  );
  return Item ? Invitation.parse(fromItem(Item)) : undefined;
}

/** The invitations of a person, newest first (the last hundred). */
export async function listInvitations(store: Store, personId: string): Promise<Invitation[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: GSI1.name,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partitions.invitationsOf(personId) },
      ScanIndexForward: false,
      Limit: 100,
    }),
  );
  return Items.map((item) => Invitation.parse(fromItem(item)));
}

const whilePending = (now: string) => ({
  expression: '#status = :pending AND expiresAt > :now',
  names: { '#status': 'status' },
  values: { ':pending': 'pending', ':now': now },
});

const invitationKey = (invitation: Invitation) => keys.invitationByToken(invitation.tokenHash);

/** A member withdraws a pending invitation; its link then says so. */
export async function revokeInvitation(store: Store, proId: string, invitation: Invitation): Promise<void> {
  const now = store.now().toISOString();
  await transact(store, [
    activityStep(store, invitation.personId, proId, now),
    {
      write: {
        Update: conditionalUpdate(store.table, invitationKey(invitation), { set: { status: 'revoked', revokedAt: now, revokedBy: proId } }, whilePending(now)),
      },
      onConditionFailed: () => conflict('Cette invitation n’est plus en attente : elle a été acceptée, annulée, ou elle a expiré.'),
    },
    auditStep(store, { personId: invitation.personId, actorId: proId, kind: 'invitation_revoked' }),
  ]);
}

/**
 * Accepting joins the group directly (the invitation is the authorization) and uses the
 * invitation up, in one transaction: of two tabs accepting at once, one wins; a pending
 * request of the same professional becomes an active membership.
 */
export async function acceptInvitation(
  store: Store,
  pro: Professional,
  invitation: Invitation,
  input: { reason: string; role?: string },
): Promise<FollowUp> {
  const now = store.now();
  const [person, previous] = await Promise.all([getPerson(store, invitation.personId), getFollowUp(store, invitation.personId, pro.id)]);
  if (!person) throw notFound('Bénéficiaire introuvable : son dossier a été supprimé.');
  const link = newFollowUp({ person, pro, ...input, status: 'active', source: 'invitation', now: now.toISOString() });
  await transact(store, [
    personExistsStep(store, invitation.personId),
    {
      write: {
        Update: conditionalUpdate(
          store.table,
          invitationKey(invitation),
          { set: { status: 'accepted', acceptedAt: now.toISOString(), acceptedBy: pro.id } },
          whilePending(now.toISOString()),
        ),
      },
      onConditionFailed: (current) => {
        assertUsable(current ? Invitation.parse(fromItem(current)) : undefined, now);
        return conflict('Cette invitation vient d’être modifiée. Réessayez.');
      },
    },
    putLinkStep(store, link, previous, ['ended', 'declined', 'pending']),
    auditStep(store, { personId: invitation.personId, actorId: pro.id, kind: 'invitation_accepted', targetProId: invitation.inviter.proId }),
  ]);
  return link;
}
