import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { peersOf } from '#domain/audit-event.ts';
import { conflict, gone, notFound, rateLimited } from '#domain/errors.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { INVITATIONS_PER_DAY, INVITER_GONE, Invitation, assertOpenTo, assertUsable, expiryOf, isAddressedTo, type NewInvitation } from '#domain/invitation.ts';
import { REOPENABLE } from '#domain/lifecycle.ts';
import { emailActorOf, newOutboxEmail } from '#domain/outbox.ts';
import { secondsUntilTomorrow } from '#domain/quotas.ts';
import type { Professional } from '#domain/professional.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { activityStep, newFollowUp, personExistsStep, putLinkStep } from './follow-up-items.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { outboxStep } from './outbox.ts';
import { pendingRequestEndedStep, takePendingPlaceStep } from './follow-ups.ts';
import { readCard } from './persons.ts';
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
      inviter: emailActorOf(inviter),
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

/** Pending, and not yet used by someone signed in with another address to ask to join. */
const notYetRequested = (now: string) => {
  const pending = whilePending(now);
  return { ...pending, expression: `${pending.expression} AND attribute_not_exists(requestedBy)` };
};

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
 * The invited professional refuses a pending invitation addressed to them: the link stops
 * working, and the refusal goes to the person's journal (with the inviter as target, who is told).
 */
export async function declineInvitation(store: Store, invitee: Professional, invitation: Invitation): Promise<void> {
  const now = store.now().toISOString();
  await transact(store, [
    {
      write: {
        Update: conditionalUpdate(store.table, invitationKey(invitation), { set: { status: 'declined', declinedAt: now, declinedBy: invitee.id } }, whilePending(now)),
      },
      onConditionFailed: () => conflict('Cette invitation n’est plus en attente : elle a été acceptée, annulée, refusée, ou elle a expiré.'),
    },
    auditStep(store, { personId: invitation.personId, actorId: invitee.id, kind: 'invitation_declined', targetProId: invitation.inviter.proId }),
  ]);
}

/** Holds only while the inviter is still the active member who sent the invitation (see `assertInviterStillMember`). */
const inviterStillMemberStep = (store: Store, invitation: Invitation): Step => ({
  write: {
    ConditionCheck: {
      TableName: store.table,
      Key: keys.followUp(invitation.personId, invitation.inviter.proId),
      ConditionExpression: '#status = :active AND startedAt <= :invitedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active', ':invitedAt': invitation.createdAt },
    },
  },
  onConditionFailed: () => gone(INVITER_GONE),
});

/**
 * Accepting an invitation, in one transaction with the proof that the inviter is still an
 * active member (so a link whose inviter left, was removed or ended automatically is gone,
 * whatever the race):
 * - signed in with the invited address, the invitee joins the group directly (the
 *   invitation is the authorization) and uses the invitation up: of two tabs accepting at
 *   once, one wins; a pending request of the same professional becomes an active membership;
 * - signed in with any other address, the holder of the link only asks to join: a pending
 *   link (source `invitation`) that an active member accepts or declines, as any request.
 *   The invitation stays pending for its addressee, but serves one such request only.
 */
export async function acceptInvitation(
  store: Store,
  pro: Professional,
  invitation: Invitation,
  input: { reason: string; role?: string },
): Promise<FollowUp> {
  const now = store.now();
  const at = now.toISOString();
  const direct = isAddressedTo(invitation, pro.email);
  // One Query of the person's partition: the profile, the invitee's earlier link, and the group they meet (the acceptance's peers).
  const card = await readCard(store, invitation.personId);
  if (!card) throw notFound('Bénéficiaire introuvable : son dossier a été supprimé.');
  const previous = card.members.find((member) => member.proId === pro.id);
  const link = newFollowUp({ person: card.person, pro, ...input, status: direct ? 'active' : 'pending', source: 'invitation', now: at });
  const use = direct
    ? conditionalUpdate(store.table, invitationKey(invitation), { set: { status: 'accepted', acceptedAt: at, acceptedBy: pro.id } }, whilePending(at))
    : conditionalUpdate(store.table, invitationKey(invitation), { set: { requestedAt: at, requestedBy: pro.id } }, notYetRequested(at));
  // The PROFILE once per transaction: a direct join over a pending request gives its place back, a request takes one.
  const placeStep = direct
    ? previous?.status === 'pending'
      ? pendingRequestEndedStep(store, invitation.personId, pro.id)
      : personExistsStep(store, invitation.personId)
    : takePendingPlaceStep(store, invitation.personId, pro.id);
  await transact(store, [
    placeStep,
    {
      write: { Update: use },
      onConditionFailed: (current) => {
        const stored = current ? Invitation.parse(fromItem(current)) : undefined;
        assertUsable(stored, now);
        assertOpenTo(stored, pro.email);
        return conflict('Cette invitation vient d’être modifiée. Réessayez.');
      },
    },
    // The inviter accepting their own link is an active member (409 below) or was refused before.
    ...(pro.id === invitation.inviter.proId ? [] : [inviterStillMemberStep(store, invitation)]),
    putLinkStep(store, link, previous, direct ? ['ended', 'declined', 'pending'] : REOPENABLE),
    direct
      ? auditStep(store, {
          personId: invitation.personId,
          actorId: pro.id,
          kind: 'invitation_accepted',
          targetProId: invitation.inviter.proId,
          // The inviter first: the transaction proves them an active member since the invitation.
          peers: peersOf(card.members, pro.id, invitation.inviter.proId),
        })
      : auditStep(store, { personId: invitation.personId, actorId: pro.id, kind: 'join_requested' }),
  ]);
  return link;
}
