import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Action } from '#domain/action.ts';
import { StoredAuditEvent, type AuditEvent, type ErasureGround } from '#domain/audit-event.ts';
import { isDomainError, notFound } from '#domain/errors.ts';
import { FollowUp } from '#domain/follow-up.ts';
import { Invitation } from '#domain/invitation.ts';
import { anonymizeAuditEvent, isAnonymized } from '#domain/personal-data.ts';
import type { Person } from '#domain/person.ts';
import { auditStep } from './audit.ts';
import type { Store } from './client.ts';
import { transact, type Step } from './conditions.ts';
import { personExistsStep } from './follow-up-items.ts';
import { invitationEmailId } from './invitations.ts';
import { ACTION_PREFIX, MEMBER_PREFIX, fromItem, keys, partitions, toItem, type Keys } from './keys.ts';
import { getPerson, guardKeys } from './persons.ts';
import { queryAll } from './page.ts';
import { GSI1 } from './table.ts';

type Item = Record<string, unknown>;


const personPartition = (store: Store, personId: string, prefix?: string) =>
  queryAll(store, {
    KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
    ExpressionAttributeValues: { ':pk': partitions.person(personId), ...(prefix ? { ':prefix': prefix } : {}) },
    ConsistentRead: true,
  });

const auditPartition = (store: Store, personId: string) =>
  queryAll(store, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partitions.audit(personId) }, ConsistentRead: true });

/** From the index (a GSI cannot be read consistently): the erasure reads it until it comes back empty. */
const invitationsOf = (store: Store, personId: string) =>
  queryAll(store, { IndexName: GSI1.name, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': partitions.invitationsOf(personId) } });

export type PersonalData = {
  person: Person;
  links: FollowUp[];
  actions: Action[];
  invitations: Invitation[];
  audit: AuditEvent[];
};

/**
 * Everything GPS holds about a person, after recording the export in their audit (in one
 * transaction with the proof that the person exists): an export is never unaccounted for.
 */
export async function exportPersonalData(store: Store, adminId: string, personId: string): Promise<PersonalData> {
  await transact(store, [personExistsStep(store, personId), auditStep(store, { personId, actorId: adminId, kind: 'exported' })]);
  const [person, links, actions, invitations, audit] = await Promise.all([
    getPerson(store, personId),
    personPartition(store, personId, MEMBER_PREFIX),
    personPartition(store, personId, ACTION_PREFIX),
    invitationsOf(store, personId),
    auditPartition(store, personId),
  ]);
  if (!person) throw notFound('Bénéficiaire introuvable.');
  return {
    person,
    links: links.map((item) => FollowUp.parse(fromItem(item))),
    actions: actions.map((item) => Action.parse(fromItem(item))),
    invitations: invitations.map((item) => Invitation.parse(fromItem(item))),
    audit: audit.map((item) => StoredAuditEvent.parse(fromItem(item))),
  };
}

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));

/** Deletes the items 25 at a time, again and again for what DynamoDB leaves unprocessed (throttling, a transaction in flight). */
async function deleteAll(store: Store, itemKeys: readonly Keys[]): Promise<void> {
  for (let start = 0; start < itemKeys.length; start += BATCH_SIZE) {
    let requests = itemKeys.slice(start, start + BATCH_SIZE).map(({ PK, SK }) => ({ DeleteRequest: { Key: { PK, SK } } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt === MAX_ATTEMPTS) throw new Error(`Effacement inachevé : ${requests.length} éléments non supprimés, relancez-le.`);
      if (attempt > 0) await pause(attempt);
      try {
        const { UnprocessedItems } = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
        requests = (UnprocessedItems?.[store.table] ?? []) as typeof requests;
      } catch (error) {
        if ((error as Error).name !== 'TransactionConflictException') throw error;
      }
    }
  }
}

const keysOf = (items: readonly Item[]): Keys[] => items.map((item) => ({ PK: item.PK as string, SK: item.SK as string }));

/**
 * The first, atomic step of an erasure: the profile, the identity guards and the audit event
 * of the erasure, together. From then on the person is not found by anyone, the same identity
 * can be created again, and no new link can be made (every join and acceptance checks the
 * profile in its own transaction).
 */
function sealSteps(store: Store, person: Person, adminId: string, ground: ErasureGround): Step[] {
  const ours = { expression: 'attribute_not_exists(PK) OR personId = :personId', values: { ':personId': person.id } };
  return [
    {
      write: { Delete: { TableName: store.table, Key: keys.person(person.id), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => notFound('Cette personne vient d’être effacée.'),
    },
    ...guardKeys(store, person.identity).map((guard) => ({
      write: { Delete: { TableName: store.table, Key: guard, ConditionExpression: ours.expression, ExpressionAttributeValues: ours.values } },
    })),
    auditStep(store, { personId: person.id, actorId: adminId, kind: 'erased', erasureGround: ground }),
  ];
}

const SEAL_ATTEMPTS = 5;

/** Seals the person unless someone else did meanwhile; a write racing with it is retried, not lost. */
async function seal(store: Store, adminId: string, personId: string, ground: ErasureGround): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    const person = await getPerson(store, personId);
    if (!person) return false;
    try {
      await transact(store, sealSteps(store, person, adminId, ground));
      return true;
    } catch (error) {
      if (isDomainError(error, 'not_found')) return false;
      if (!isDomainError(error, 'conflict') || attempt === SEAL_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
}

/** Rewrites the audit events that hold more than the erasure keeps. */
async function anonymizeAudit(store: Store, personId: string): Promise<{ kept: number; anonymized: number }> {
  const events = (await auditPartition(store, personId)).map(fromItem);
  const stale = events.filter((event) => !isAnonymized(event));
  for (const event of stale) {
    const kept = anonymizeAuditEvent(event) as AuditEvent;
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: toItem('audit_event', keys.auditEvent(kept.personId, kept.actorId, kept.at, kept.id), kept),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }
  return { kept: events.length, anonymized: stale.length };
}

export type ErasureReport = {
  deleted: { profile: boolean; links: number; actions: number; invitations: number };
  audit: { kept: number; anonymized: number };
};

/**
 * Erases a person, safely under concurrent writes and idempotently:
 * 1. seal (see `sealSteps`): profile and guards gone, erasure audited, in one transaction;
 * 2. delete every follow-up link: every other write a member can make (action, invitation,
 *    card read, answer, edit) checks its author's active link in its own transaction, so
 *    from here on none can succeed;
 * 3. only then read and delete what such writes left: actions and anything else in the
 *    person's partition, invitations (any status: their message may speak of the person)
 *    and their e-mails, queued or not;
 * 4. anonymize the audit, which stays in the person's audit partition: it proves who
 *    accessed the file, and the id it is filed under now leads to nothing.
 * An interrupted erasure is finished by running it again: each step works from what is left.
 */
export async function erasePersonalData(store: Store, adminId: string, personId: string, ground: ErasureGround): Promise<ErasureReport> {
  const sealed = await seal(store, adminId, personId, ground);
  const links = await personPartition(store, personId, MEMBER_PREFIX);
  await deleteAll(store, keysOf(links));
  const rest = await personPartition(store, personId);
  await deleteAll(store, keysOf(rest));
  // The index may still list what was just deleted: deleting it again is harmless.
  const invitations = new Set<string>();
  for (let found = await invitationsOf(store, personId); found.length > 0; found = await invitationsOf(store, personId)) {
    await deleteAll(store, [...keysOf(found), ...found.map((item) => keys.outboxEmail(invitationEmailId(item.id as string)))]);
    for (const item of found) invitations.add(item.id as string);
  }
  return {
    deleted: { profile: sealed, links: links.length, actions: rest.filter((item) => item.entity === 'action').length, invitations: invitations.size },
    audit: await anonymizeAudit(store, personId),
  };
}
