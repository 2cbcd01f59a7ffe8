import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { LEASE_MS, MAX_ATTEMPTS, OutboxEmail, retryDelayMs } from '#domain/outbox.ts';
import type { Store } from './client.ts';
import type { Step } from './conditions.ts';
import { conditionalUpdate } from './expressions.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';
import { GSI1, TTL_ATTRIBUTE, epochSeconds } from './table.ts';

/** Sent e-mails are kept a month (support questions), then DynamoDB deletes them. */
const KEEP_SENT_DAYS = 30;

const outboxItem = (email: OutboxEmail) =>
  toItem('outbox_email', { ...keys.outboxEmail(email.id), ...keys.outboxDue(email.dueAt, email.id) }, email);

const putNew = (store: Store, email: OutboxEmail) => ({
  TableName: store.table,
  Item: outboxItem(email),
  ConditionExpression: 'attribute_not_exists(PK)',
});

/** Queues an e-mail inside the transaction of what causes it. */
export const outboxStep = (store: Store, email: OutboxEmail): Step => ({ write: { Put: putNew(store, email) } });

/**
 * Queues an e-mail on its own. Ids are derived from what causes the e-mail, so a cause
 * processed twice (a stream batch retried) queues it once: the second put finds it there.
 */
export async function enqueue(store: Store, email: OutboxEmail): Promise<boolean> {
  try {
    await store.doc.send(new PutCommand(putNew(store, email)));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function getOutboxEmail(store: Store, id: string): Promise<OutboxEmail | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: keys.outboxEmail(id), ConsistentRead: true }));
  return Item ? OutboxEmail.parse(fromItem(Item)) : undefined;
}

/**
 * Takes an e-mail to send it: only one sender can, because the claim is conditional on the
 * e-mail being due (queued and its time come, or sending with an expired lease).
 */
export async function claim(store: Store, id: string): Promise<OutboxEmail | undefined> {
  const now = store.now();
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: keys.outboxEmail(id),
        UpdateExpression: 'SET #status = :sending, dueAt = :lease, GSI1SK = :dueKey ADD attempts :one',
        ConditionExpression: '#status IN (:queued, :sending) AND dueAt <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':queued': 'queued',
          ':lease': leaseUntil,
          ':dueKey': keys.outboxDue(leaseUntil, id).GSI1SK,
          ':one': 1,
          ':now': now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return OutboxEmail.parse(fromItem(Attributes!));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Only the sender holding this claim (same attempt) may settle it. */
const stillMine = (email: OutboxEmail) => ({
  expression: '#status = :sending AND attempts = :attempt',
  names: { '#status': 'status' },
  values: { ':sending': 'sending', ':attempt': email.attempts },
});

export async function markSent(store: Store, email: OutboxEmail, messageId: string): Promise<void> {
  const now = store.now();
  await store.doc.send(
    new UpdateCommand(
      conditionalUpdate(
        store.table,
        keys.outboxEmail(email.id),
        { set: { status: 'sent', sentAt: now.toISOString(), messageId, [TTL_ATTRIBUTE]: epochSeconds(now, KEEP_SENT_DAYS) }, remove: ['GSI1PK', 'GSI1SK', 'lastError'] },
        stillMine(email),
      ),
    ),
  );
}

/** Gives the e-mail back for a later attempt, or gives up after MAX_ATTEMPTS. */
export async function markFailed(store: Store, email: OutboxEmail, reason: string): Promise<'retry' | 'failed'> {
  const now = store.now();
  const giveUp = email.attempts >= MAX_ATTEMPTS;
  const dueAt = new Date(now.getTime() + retryDelayMs(email.attempts)).toISOString();
  await store.doc.send(
    new UpdateCommand(
      conditionalUpdate(
        store.table,
        keys.outboxEmail(email.id),
        giveUp
          ? { set: { status: 'failed', lastError: reason }, remove: ['GSI1PK', 'GSI1SK'] }
          : { set: { status: 'queued', lastError: reason, dueAt, GSI1SK: keys.outboxDue(dueAt, email.id).GSI1SK } },
        stillMine(email),
      ),
    ),
  );
  return giveUp ? 'failed' : 'retry';
}

/** The ids of e-mails due now, oldest first: one Query on the sparse index. */
export async function dueEmailIds(store: Store, limit = 100): Promise<string[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      IndexName: GSI1.name,
      KeyConditionExpression: 'GSI1PK = :due AND GSI1SK <= :now',
      ExpressionAttributeValues: { ':due': partitions.outboxDue, ':now': `${store.now().toISOString()}#~` },
      ProjectionExpression: 'id',
      Limit: limit,
    }),
  );
  return Items.map((item) => item.id as string);
}
