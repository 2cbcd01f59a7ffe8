import { BatchGetCommand, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { notMember } from '#domain/access.ts';
import { SYSTEM_ACTOR, peersOf } from '#domain/audit-event.ts';
import { isDomainError, notFound } from '#domain/errors.ts';
import { FollowUp, PENDING_REQUESTS_MAX, tooManyPendingRequests, type EndReason, type FollowUpSource } from '#domain/follow-up.ts';
import { REOPENABLE } from '#domain/lifecycle.ts';
import type { Professional } from '#domain/professional.ts';
import { referentChangedConcurrently } from '#domain/referent.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { ERASING_ATTRIBUTE, PERSON_OPEN, activityStep, newFollowUp, personExistsStep, putLinkStep, statusChange, whileStatus } from './follow-up-items.ts';
import { keys, partitions, fromItem } from './keys.ts';
import { queryAll, queryPage, type Page, type PageRequest } from './page.ts';
import { PENDING_REQUESTS_ATTRIBUTE, readCard } from './persons.ts';
import { GSI1 } from './table.ts';

export async function getFollowUp(store: Store, personId: string, proId: string): Promise<FollowUp | undefined> {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: keys.followUp(personId, proId), ConsistentRead: true }),
  );
  return Item ? FollowUp.parse(fromItem(Item)) : undefined;
}

type JoinMode = 'direct' | 'request';

const PENDING = { '#pending': PENDING_REQUESTS_ATTRIBUTE };

/**
 * A request takes one of the person's PENDING_REQUESTS_MAX places: `proId` goes into the
 * PROFILE's set of waiting requesters, only while the set is below the cap. A conditional
 * write in the request's own transaction, so concurrent requests cannot overshoot it. It also
 * checks that the person exists: it takes the place of `personExistsStep` (a transaction
 * writes an item once), and so does `pendingRequestEndedStep`. Every write that makes a
 * pending link must include it, else the cap undercounts.
 */
export const takePendingPlaceStep = (store: Store, personId: string, proId: string, onCapReached?: (waiting: Set<string>) => void): Step => ({
  write: {
    Update: {
      TableName: store.table,
      Key: keys.person(personId),
      UpdateExpression: 'ADD #pending :me',
      ConditionExpression: `${PERSON_OPEN} AND (attribute_not_exists(#pending) OR size(#pending) < :max)`,
      ExpressionAttributeNames: PENDING,
      ExpressionAttributeValues: { ':me': new Set([proId]), ':max': PENDING_REQUESTS_MAX },
    },
  },
  onConditionFailed: (current) => {
    if (!current || current[ERASING_ATTRIBUTE]) return notFound('Bénéficiaire introuvable.');
    onCapReached?.(new Set(current[PENDING_REQUESTS_ATTRIBUTE] as Iterable<string> | undefined));
    return tooManyPendingRequests();
  },
});

/**
 * A request that stops waiting (accepted, declined, or overtaken by an invitation or an import
 * that makes its professional a member) gives its place back, in the same transaction. Taking
 * an element out of a set is idempotent, and a no-op for a request made before the cap existed.
 */
export const pendingRequestEndedStep = (store: Store, personId: string, proId: string): Step => ({
  write: {
    Update: {
      TableName: store.table,
      Key: keys.person(personId),
      UpdateExpression: 'DELETE #pending :them',
      ConditionExpression: PERSON_OPEN,
      ExpressionAttributeNames: PENDING,
      ExpressionAttributeValues: { ':them': new Set([proId]) },
    },
  },
  onConditionFailed: () => notFound('Bénéficiaire introuvable.'),
});

/**
 * When the cap refuses a request, the places are checked against the links themselves: one
 * still held by a professional whose link is no longer pending (a path that made them a member
 * without giving it back) is freed, in a transaction that holds only if those links are still
 * not pending (a link unread here is checked there too). Since every write that makes a pending
 * link takes a place, the set can overcount, never undercount: the cap holds, and this keeps an
 * overcount from closing the group for good. Returns whether any place was freed.
 */
async function freeStalePlaces(store: Store, personId: string, waiting: ReadonlySet<string>): Promise<boolean> {
  if (waiting.size === 0) return false;
  const { Responses } = await store.doc.send(
    new BatchGetCommand({
      RequestItems: { [store.table]: { Keys: [...waiting].map((proId) => keys.followUp(personId, proId)), ConsistentRead: true, ProjectionExpression: 'proId, #status', ExpressionAttributeNames: { '#status': 'status' } } },
    }),
  );
  const stillPending = new Set((Responses?.[store.table] ?? []).filter((link) => link.status === 'pending').map((link) => link.proId as string));
  const stale = [...waiting].filter((proId) => !stillPending.has(proId));
  if (stale.length === 0) return false;
  try {
    await transact(store, [
      {
        write: {
          Update: {
            TableName: store.table,
            Key: keys.person(personId),
            UpdateExpression: 'DELETE #pending :stale',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: PENDING,
            ExpressionAttributeValues: { ':stale': new Set(stale) },
          },
        },
      },
      ...stale.map(
        (proId): Step => ({
          write: {
            ConditionCheck: {
              TableName: store.table,
              Key: keys.followUp(personId, proId),
              ConditionExpression: 'attribute_not_exists(PK) OR #status <> :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'pending' },
            },
          },
        }),
      ),
    ]);
    return true;
  } catch (error) {
    // A link became pending again meanwhile: the places stay as they are, the cap answers.
    if (isDomainError(error)) return false;
    throw error;
  }
}

/**
 * Joins the group (`direct`) or asks to (`request`: a pending link). One link per
 * (person, professional) whatever the concurrency: the put succeeds only where no link
 * exists yet or the previous one ended or was declined, which reopens it. A request also
 * takes one of the group's PENDING_REQUESTS_MAX places, or is refused with a conflict. A
 * direct join records the group's other active members, as read, as its event's `peers`
 * (not checked at the write: see README, « Stats », for the simultaneous join it may miss).
 */
export async function join(
  store: Store,
  pro: Professional,
  personId: string,
  { mode, ...input }: { reason: string; role?: string; mode: JoinMode | ((previous: FollowUp | undefined) => JoinMode); source: FollowUpSource },
): Promise<FollowUp> {
  for (let attempt = 1; ; attempt += 1) {
    // One Query of the person's partition: the profile, the pair's earlier link, and the group the joiner meets (the join's peers).
    const card = await readCard(store, personId);
    if (!card) throw notFound('Bénéficiaire introuvable.');
    const previous = card.members.find((member) => member.proId === pro.id);
    // The mode may depend on the pair's earlier link (a removed member comes back by request).
    const status = (typeof mode === 'function' ? mode(previous) : mode) === 'direct' ? 'active' : 'pending';
    const link = newFollowUp({ person: card.person, pro, ...input, status, now: store.now().toISOString() });
    let waiting: Set<string> | undefined;
    try {
      await transact(store, [
        putLinkStep(store, link, previous, REOPENABLE),
        status === 'pending' ? takePendingPlaceStep(store, personId, pro.id, (seen) => (waiting = seen)) : personExistsStep(store, personId),
        auditStep(
          store,
          status === 'active'
            ? { personId, actorId: pro.id, kind: 'joined', peers: peersOf(card.members, pro.id) }
            : { personId, actorId: pro.id, kind: 'join_requested' },
        ),
      ]);
      return link;
    } catch (error) {
      if (!waiting || attempt > 1 || !(await freeStalePlaces(store, personId, waiting))) throw error;
    }
  }
}

/**
 * An active member accepts or declines a pending request; the request must still be pending.
 * Either way it gives its place among the waiting requests back, in the same transaction.
 * `group` is the group as the answerer's request read it (the card, with `request` in it): an
 * accepted requester's peers are its active members, the answerer first.
 */
export async function answerJoinRequest(
  store: Store,
  answererId: string,
  request: FollowUp,
  accept: boolean,
  group: readonly FollowUp[],
): Promise<void> {
  const now = store.now().toISOString();
  const change = accept
    ? statusChange(request, 'active', { startedAt: now, lastActivityAt: now })
    : statusChange(request, 'declined', { endedAt: now, endReason: 'declined' });
  await transact(store, [
    activityStep(store, request.personId, answererId, now),
    {
      write: {
        Update: conditionalUpdate(store.table, keys.followUp(request.personId, request.proId), change, whileStatus('pending')),
      },
      onConditionFailed: () => notFound('Cette demande a déjà reçu une réponse.'),
    },
    pendingRequestEndedStep(store, request.personId, request.proId),
    auditStep(store, {
      personId: request.personId,
      actorId: answererId,
      kind: accept ? 'join_accepted' : 'join_declined',
      targetProId: request.proId,
      ...(accept ? { peers: peersOf(group, request.proId, answererId) } : {}),
    }),
  ]);
}

/**
 * Who ends a follow-up: its member (`manual`), GPS (`automatic`), their organization's complete
 * import file that no longer lists it (`import`), or another member who removes them, with their note.
 */
export type Ending = { reason: 'manual' | 'automatic' | 'import' } | { reason: 'removed'; by: FollowUp; note: string };

/**
 * Ends an active follow-up, kept in the history. A referent who leaves leaves the role
 * too; the link read beforehand is checked unchanged, so a concurrent referent change
 * is a conflict, never a dangling referent. An automatic end is GPS's own act (the system
 * actor, the member as target), and only happens if nobody touched the link since it was read.
 * An import's end is GPS's act too, on the file's word: it holds only for the period read
 * (the same `startedAt`: a link reopened meanwhile is not the one the file left out), and takes
 * the certification with it.
 * A removal is the remover's act, made while they are an active member (checked in the same
 * transaction), the removed member as target.
 */
export async function endFollowUp(store: Store, link: FollowUp, ending: Ending): Promise<void> {
  const now = store.now().toISOString();
  const automatic = ending.reason === 'automatic';
  const imported = ending.reason === 'import';
  const endReason: EndReason = ending.reason;
  const change = statusChange(link, 'ended', {
    endedAt: now,
    endReason,
    isReferent: false,
    ...(ending.reason === 'removed' ? { endNote: ending.note } : {}),
    ...(imported ? { certified: false } : {}),
  });
  const unchanged = whileStatus('active', {
    expression: ['isReferent = :wasReferent', automatic ? 'lastActivityAt = :lastActivityAt' : '', imported ? 'startedAt = :startedAt' : ''].filter(Boolean).join(' AND '),
    values: { ':wasReferent': link.isReferent, ...(automatic ? { ':lastActivityAt': link.lastActivityAt } : {}), ...(imported ? { ':startedAt': link.startedAt } : {}) },
  });
  const actor =
    ending.reason === 'removed'
      ? { kind: 'member_removed' as const, actorId: ending.by.proId, targetProId: link.proId }
      : { kind: 'follow_up_ended' as const, ...(automatic || imported ? { actorId: SYSTEM_ACTOR, targetProId: link.proId } : { actorId: link.proId }) };
  const steps: Step[] = [
    ...(ending.reason === 'removed' ? [activityStep(store, link.personId, ending.by.proId, now)] : []),
    {
      write: { Update: conditionalUpdate(store.table, keys.followUp(link.personId, link.proId), change, unchanged) },
      onConditionFailed: (current) => (current?.status === 'active' ? referentChangedConcurrently() : notMember()),
    },
    auditStep(store, { personId: link.personId, ...actor }),
  ];
  if (link.isReferent) steps.push(clearReferentStep(store, link));
  await transact(store, steps);
}

const clearReferentStep = (store: Store, link: FollowUp): Step => ({
  write: {
    Update: {
      TableName: store.table,
      Key: keys.person(link.personId),
      UpdateExpression: 'REMOVE referentProId',
      ConditionExpression: 'referentProId = :me',
      ExpressionAttributeValues: { ':me': link.proId },
    },
  },
  onConditionFailed: referentChangedConcurrently,
});

/**
 * Moves the référent role to `me` in one transaction: the person's referent pointer
 * changes only if it still names `current`, so of concurrent claims exactly one wins and
 * the others get a conflict; the former referent stays a member. Only an import sets
 * `certified` (France Travail's designation), which the role keeps until it moves.
 */
export async function becomeReferent(
  store: Store,
  me: FollowUp,
  current: FollowUp | undefined,
  { certified }: { certified?: boolean } = {},
): Promise<void> {
  const now = store.now().toISOString();
  const steps: Step[] = [
    {
      write: {
        Update: {
          TableName: store.table,
          Key: keys.person(me.personId),
          UpdateExpression: 'SET referentProId = :me',
          ConditionExpression: current ? 'referentProId = :current' : 'attribute_exists(PK) AND attribute_not_exists(referentProId)',
          ExpressionAttributeValues: { ':me': me.proId, ...(current ? { ':current': current.proId } : {}) },
        },
      },
      onConditionFailed: (person) => (person ? referentChangedConcurrently() : notFound()),
    },
    {
      write: {
        Update: conditionalUpdate(
          store.table,
          keys.followUp(me.personId, me.proId),
          { set: { isReferent: true, lastActivityAt: now, ...(certified === undefined ? {} : { certified }) } },
          whileStatus('active'),
        ),
      },
      onConditionFailed: notMember,
    },
    auditStep(store, { personId: me.personId, actorId: me.proId, kind: 'referent_changed', targetProId: current?.proId }),
  ];
  if (current) {
    steps.push({
      write: {
        Update: {
          TableName: store.table,
          Key: keys.followUp(current.personId, current.proId),
          // Certification goes with the role.
          UpdateExpression: 'SET isReferent = :false, certified = :false',
          ConditionExpression: 'isReferent = :true',
          ExpressionAttributeValues: { ':false': false, ':true': true },
        },
      },
      onConditionFailed: referentChangedConcurrently,
    });
  }
  await transact(store, steps);
}

const LISTED_STATUS = { current: 'active', ended: 'ended', pending: 'pending', declined: 'declined' } as const;

/** "My follow-ups", newest first, one GSI1 Query per page, the person summary on each link. */
export function listFollowUps(
  store: Store,
  proId: string,
  which: keyof typeof LISTED_STATUS,
  page: PageRequest & { changed?: boolean } = {},
): Promise<Page<FollowUp>> {
  const partition = partitions.followUpsOf(proId);
  const prefix = partitions.followUpStatus(LISTED_STATUS[which]);
  return queryPage(
    store,
    {
      IndexName: GSI1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
      // Still the one Query: a page may hold fewer items, and its cursor goes on.
      ...(page.changed ? { FilterExpression: 'attribute_exists(news)' } : {}),
      ScanIndexForward: false,
    },
    { ...page, defaultLimit: 20 },
    (key) => key.GSI1PK === partition && key.GSI1SK?.startsWith(prefix) === true,
    (data) => FollowUp.parse(data),
  );
}

/**
 * Every active link of one professional: GSI1 `PRO#<id>`, `FOLLOW#active#`, every page (what
 * a complete import file checks against its lines). Eventually consistent, as GSI1 is.
 */
export async function activeFollowUpsOf(store: Store, proId: string): Promise<FollowUp[]> {
  const items = await queryAll(store, {
    IndexName: GSI1.name,
    KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
    ExpressionAttributeValues: { ':pk': partitions.followUpsOf(proId), ':prefix': partitions.followUpStatus('active') },
  });
  return items.map((item) => FollowUp.parse(fromItem(item)));
}

/** A member corrects their own role, reason or start date (while still active). */
export async function updateMembership(
  store: Store,
  link: FollowUp,
  changes: Partial<Pick<FollowUp, 'reason' | 'role' | 'startedAt' | 'showsOrganization'>>,
): Promise<void> {
  const now = store.now().toISOString();
  await transact(store, [
    {
      write: {
        Update: conditionalUpdate(
          store.table,
          keys.followUp(link.personId, link.proId),
          statusChange(link, 'active', { ...changes, lastActivityAt: now }),
          whileStatus('active'),
        ),
      },
      onConditionFailed: notMember,
    },
    auditStep(store, { personId: link.personId, actorId: link.proId, kind: 'follow_up_updated' }),
  ]);
}

/** The referent gives up the role but stays a member; the person then has no referent. */
export async function stepDownAsReferent(store: Store, link: FollowUp): Promise<void> {
  await transact(store, [
    {
      write: {
        Update: conditionalUpdate(
          store.table,
          keys.followUp(link.personId, link.proId),
          { set: { isReferent: false, lastActivityAt: store.now().toISOString() } },
          whileStatus('active', { expression: 'isReferent = :true', values: { ':true': true } }),
        ),
      },
      onConditionFailed: referentChangedConcurrently,
    },
    clearReferentStep(store, link),
    auditStep(store, { personId: link.personId, actorId: link.proId, kind: 'referent_changed', targetProId: link.proId }),
  ]);
}

/**
 * One page of a Scan for active links idle since `idleSince`. A daily batch reads the table
 * once; an index on last activity would cost a write on every card read instead.
 */
export async function findIdleFollowUps(
  store: Store,
  idleSince: string,
  { cursor, pageSize = 500 }: { cursor?: Record<string, unknown>; pageSize?: number } = {},
): Promise<{ links: FollowUp[]; cursor?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new ScanCommand({
      TableName: store.table,
      FilterExpression: 'entity = :entity AND #status = :active AND lastActivityAt <= :idleSince',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':entity': 'follow_up', ':active': 'active', ':idleSince': idleSince },
      ExclusiveStartKey: cursor,
      Limit: pageSize,
    }),
  );
  return { links: Items.map((item) => FollowUp.parse(fromItem(item))), ...(LastEvaluatedKey ? { cursor: LastEvaluatedKey } : {}) };
}
