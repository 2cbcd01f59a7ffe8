/**
 * « Demandes à traiter »: one entry per (active member, pending request) of a group, so that a
 * professional's requests to answer are one Query, whatever the number of persons they follow.
 * The stream consumer keeps the entries (functions/workers/update-inbox.ts); every write here
 * holds only if the links are still as the consumer read them, so a late or replayed record
 * never brings back a request that was answered, nor hides one that is pending.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Id, Timestamp } from '#domain/common.ts';
import { FollowUp } from '#domain/follow-up.ts';
import { PersonSummary } from '#domain/person.ts';
import * as z from '#domain/zod.ts';
import type { Store } from './client.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './page.ts';
import { GSI1, TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/** The requester as the members see them in the group: their link, without the person or contact traces. */
export const Requester = FollowUp.omit({ personId: true, person: true, lastActivityAt: true, lastContactRevealAt: true });
export type Requester = z.infer<typeof Requester>;

export const requesterView = ({ personId, person, lastActivityAt, lastContactRevealAt, ...requester }: FollowUp): Requester => requester;

export const InboxEntry = z
  .strictObject({
    /** Whose inbox. */
    memberProId: Id,
    /** The member's `startedAt` when the entry was written: a member who left and came back is another period. */
    memberSince: Timestamp,
    personId: Id,
    /** The person as the members see them (`PersonSummary`). */
    person: PersonSummary,
    requester: Requester,
    /** The request's `startedAt`: the order of the inbox, oldest first. */
    requestedAt: Timestamp,
  })
  .refine(
    (entry) => entry.requester.status === 'pending' && entry.requester.startedAt === entry.requestedAt && entry.requester.proId !== entry.memberProId,
    'Une entrée de boîte est une demande en attente, datée de son début, adressée à un autre membre.',
  );
export type InboxEntry = z.infer<typeof InboxEntry>;

/**
 * An entry taken out of the inbox (request answered, member gone, person erased): out of the
 * index, without the person or the requester, only ids and dates until DynamoDB's TTL drops it.
 * Retired rather than deleted: the consumer holds no DeleteItem (that stays with the erasure and
 * the sign-out), and nothing of the person is left either way.
 */
export const RetiredInboxEntry = z.strictObject({
  memberProId: Id,
  memberSince: Timestamp,
  personId: Id,
  requestedAt: Timestamp,
  retiredAt: Timestamp,
});
export type RetiredInboxEntry = z.infer<typeof RetiredInboxEntry>;

/** What an `inbox_entry` item holds: a live entry, or a retired one. */
export const StoredInboxEntry = z.union([InboxEntry, RetiredInboxEntry]);

/** How long a retired entry stays before TTL removes it; nothing reads it meanwhile but the consumer. */
const RETIRED_DAYS = 2;

/** A group's entries as stored: live ones by (requester, member), and which pairs hold a retired one. */
export type GroupEntries = { live: InboxEntry[]; retired: Set<string> };

const keysOf = (entry: InboxEntry) => keys.inboxEntry(entry.personId, entry.requester.proId, entry.memberProId, entry.requestedAt);
const tableKeyOf = (entry: InboxEntry) => {
  const { PK, SK } = keysOf(entry);
  return { PK, SK };
};

/** My inbox, oldest request first: one GSI1 Query per page. */
export function listInbox(store: Store, proId: string, page: PageRequest = {}): Promise<Page<InboxEntry>> {
  const partition = partitions.inboxOf(proId);
  return queryPage(
    store,
    {
      IndexName: GSI1.name,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: true,
    },
    { ...page, defaultLimit: 100 },
    (key) => key.GSI1PK === partition && partitions.isInboxEntries(key.PK),
    (data) => InboxEntry.parse(data),
  );
}

/**
 * Every entry of a person's group, in every member's inbox, consistent, every page; the retired
 * ones only by their pair (`<requesterProId>#<memberProId>`, their sort key).
 */
export async function inboxEntriesOf(store: Store, personId: string): Promise<GroupEntries> {
  const entries: GroupEntries = { live: [], retired: new Set() };
  let start: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partitions.inboxEntriesOf(personId) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.GSI1PK === undefined) entries.retired.add(item.SK as string);
      else entries.live.push(InboxEntry.parse(fromItem(item)));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
}

const STATUS = { '#status': 'status' };

/**
 * Puts an entry (over nothing or a retired one, or replacing `previous`, the live entry as read)
 * only while, at that very moment, the person exists, the request is pending since
 * `requestedAt` and the member active since `memberSince`. False when anything changed
 * meanwhile: the write that changed it is audited, and its own stream record brings the inbox
 * up to date.
 */
export async function putInboxEntry(store: Store, entry: InboxEntry, previous: InboxEntry | undefined): Promise<boolean> {
  const { personId, memberProId, requestedAt, memberSince } = entry;
  return unlessConditionFailed(
    store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: store.table, Key: keys.person(personId), ConditionExpression: 'attribute_exists(PK)' } },
          {
            ConditionCheck: {
              TableName: store.table,
              Key: keys.followUp(personId, entry.requester.proId),
              ConditionExpression: '#status = :pending AND startedAt = :requestedAt',
              ExpressionAttributeNames: STATUS,
              ExpressionAttributeValues: { ':pending': 'pending', ':requestedAt': requestedAt },
            },
          },
          {
            ConditionCheck: {
              TableName: store.table,
              Key: keys.followUp(personId, memberProId),
              ConditionExpression: '#status = :active AND startedAt = :memberSince',
              ExpressionAttributeNames: STATUS,
              ExpressionAttributeValues: { ':active': 'active', ':memberSince': memberSince },
            },
          },
          {
            Put: {
              TableName: store.table,
              Item: toItem('inbox_entry', keysOf(entry), entry),
              ...(previous
                ? {
                    ConditionExpression: 'requestedAt = :previousRequest AND memberSince = :previousMember',
                    ExpressionAttributeValues: { ':previousRequest': previous.requestedAt, ':previousMember': previous.memberSince },
                  }
                : { ConditionExpression: 'attribute_not_exists(PK) OR attribute_not_exists(GSI1PK)' }),
            },
          },
        ],
      }),
    ),
  );
}

/**
 * Retires an entry only if it is still the live one read (same request, same membership
 * period). The consumer reads the entries before the group, so an entry it finds stale was
 * stale for good: a request answered, or a period ended, does not come back with the same dates.
 */
export function retireInboxEntry(store: Store, entry: InboxEntry): Promise<boolean> {
  const now = store.now();
  return unlessConditionFailed(
    store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: tableKeyOf(entry),
        UpdateExpression: 'REMOVE GSI1PK, GSI1SK, person, requester SET retiredAt = :now, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(GSI1PK) AND requestedAt = :requestedAt AND memberSince = :memberSince',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':ttl': epochSeconds(now, RETIRED_DAYS),
          ':requestedAt': entry.requestedAt,
          ':memberSince': entry.memberSince,
        },
      }),
    ),
  );
}

async function unlessConditionFailed(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    if (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
      return false;
    }
    throw error;
  }
}

/**
 * One page of a Scan for the persons whose inbox entries may be missing or stale: those with a
 * pending request, and those with live entries. For the one-off rebuild (a table that had requests
 * before the inbox existed, or records the consumer gave up on), never on a request path.
 */
export async function personsToReconcile(
  store: Store,
  cursor?: Record<string, unknown>,
): Promise<{ personIds: string[]; cursor?: Record<string, unknown> }> {
  const page: ScanCommandOutput = await store.doc.send(
    new ScanCommand({
      TableName: store.table,
      FilterExpression: '(entity = :link AND #status = :pending) OR (entity = :entry AND attribute_exists(GSI1PK))',
      ExpressionAttributeNames: STATUS,
      ExpressionAttributeValues: { ':link': 'follow_up', ':pending': 'pending', ':entry': 'inbox_entry' },
      ProjectionExpression: 'personId',
      ExclusiveStartKey: cursor,
    }),
  );
  const personIds = [...new Set((page.Items ?? []).map((item) => item.personId as string))];
  return { personIds, ...(page.LastEvaluatedKey ? { cursor: page.LastEvaluatedKey } : {}) };
}
