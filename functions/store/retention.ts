import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACTOR } from '#domain/audit-event.ts';
import { FollowUp } from '#domain/follow-up.ts';
import { RetentionNotice } from '#domain/retention.ts';
import type { OutboxEmail } from '#domain/outbox.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { ERASING_ATTRIBUTE, personExistsStep } from './follow-up-items.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { outboxStep } from './outbox.ts';
import { queryAll } from './page.ts';

const PROFILE_EXISTS = { expression: 'attribute_exists(PK)' };

/** A transaction holds 100 items: the notice, the profile check and the audit leave room for this many e-mails. */
export const NOTICE_EMAILS_MAX = 90;

/** One page of a Scan for persons' profiles, as the idle job reads links: the nightly batch reads the whole table. */
export async function findPersons(store: Store, { cursor, pageSize = 500 }: { cursor?: Record<string, unknown>; pageSize?: number } = {}) {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new ScanCommand({
      TableName: store.table,
      FilterExpression: 'entity = :person',
      ExpressionAttributeValues: { ':person': 'person' },
      ProjectionExpression: 'id',
      Limit: pageSize,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  return { personIds: Items.map((item) => item.id as string), cursor: LastEvaluatedKey };
}

export type RetentionState = { exists: boolean; erasing: boolean; links: FollowUp[]; notice?: RetentionNotice };

/**
 * The group and the notice in one consistent Query: `ERASURE_NOTICE` sorts after the actions
 * and before `MEMBER#`, so `SK >= ERASURE_NOTICE` reads the notice, the links and the profile.
 */
export async function readRetentionState(store: Store, personId: string): Promise<RetentionState> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND SK >= :notice',
    ExpressionAttributeValues: { ':pk': partitions.person(personId), ':notice': keys.retentionNotice(personId).SK },
    ConsistentRead: true,
  });
  const profile = items.find((item) => item.entity === 'person');
  const notice = items.find((item) => item.entity === 'retention_notice');
  return {
    exists: profile !== undefined,
    erasing: profile?.[ERASING_ATTRIBUTE] !== undefined,
    links: items.filter((item) => item.entity === 'follow_up').map((item) => FollowUp.parse(fromItem(item))),
    ...(notice ? { notice: RetentionNotice.parse(fromItem(notice)) } : {}),
  };
}

/** The notice, its audit and its e-mails, together: a notice is never given without telling the last members, nor twice. */
export async function giveNotice(store: Store, notice: RetentionNotice, emails: readonly OutboxEmail[]): Promise<void> {
  await transact(store, [
    personExistsStep(store, notice.personId),
    {
      write: {
        Put: { TableName: store.table, Item: toItem('retention_notice', keys.retentionNotice(notice.personId), notice), ConditionExpression: 'attribute_not_exists(PK)' },
      },
    },
    auditStep(store, { personId: notice.personId, actorId: SYSTEM_ACTOR, kind: 'erasure_scheduled' }),
    ...emails.slice(0, NOTICE_EMAILS_MAX).map((email) => outboxStep(store, email)),
  ]);
}

/** Someone follows the person again: the notice goes, and the fence if an erasure had begun. */
export async function withdrawNotice(store: Store, personId: string): Promise<void> {
  await transact(store, [
    { write: { Delete: { TableName: store.table, Key: keys.retentionNotice(personId), ConditionExpression: 'attribute_exists(PK)' } } },
    { write: { Update: conditionalUpdate(store.table, keys.person(personId), { set: {}, remove: [ERASING_ATTRIBUTE] }, PROFILE_EXISTS) } },
    auditStep(store, { personId, actorId: SYSTEM_ACTOR, kind: 'erasure_cancelled' }),
  ]);
}

/**
 * Closes the group before erasing it: every write that makes a member or a requester checks
 * the fence (`PERSON_OPEN`), so what the job reads after this is what it erases. Only while the
 * notice stands: a withdrawal racing with it wins.
 */
export async function fence(store: Store, personId: string): Promise<void> {
  await transact(store, [
    { write: { ConditionCheck: { TableName: store.table, Key: keys.retentionNotice(personId), ConditionExpression: 'attribute_exists(PK)' } } },
    { write: { Update: conditionalUpdate(store.table, keys.person(personId), { set: { [ERASING_ATTRIBUTE]: store.now().toISOString() } }, PROFILE_EXISTS) } },
  ]);
}
