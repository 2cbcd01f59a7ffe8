import { ulid } from 'ulid';
import { StoredAuditEvent, type AuditEvent } from '#domain/audit-event.ts';
import type { Store } from './client.ts';
import type { FollowUp } from '#domain/follow-up.ts';
import { transact, type Step } from './conditions.ts';
import { activityStep, type LinkChange } from './follow-up-items.ts';
import { keys, partitions, toItem } from './keys.ts';
import { queryPage, type Page, type PageRequest } from './page.ts';

export type AuditInput = Omit<AuditEvent, 'id' | 'at' | 'issuer' | 'jti'>;

/** The audit item of a write, to be put in the same transaction as the write itself; its provenance is the store's. */
export function auditStep(store: Store, input: AuditInput): Step {
  if (!store.provenance) throw new Error('Audit sans provenance : liez le store à l’émetteur de la requête (withProvenance).');
  const event: AuditEvent = { ...input, ...store.provenance, id: ulid(), at: store.now().toISOString() };
  return {
    write: {
      Put: {
        TableName: store.table,
        Item: toItem('audit_event', keys.auditEvent(event.personId, event.actorId, event.at, event.id), event),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
}

/**
 * Records a read (card, contact reveal…) in one transaction with the proof that the reader
 * is an active member: a refused read leaves no trace, an allowed one always does.
 */
export async function recordAccess(store: Store, input: AuditInput, change: LinkChange = {}): Promise<void> {
  await transact(store, [activityStep(store, input.personId, input.actorId, store.now().toISOString(), change), auditStep(store, input)]);
}

/** A lookup that found the person, on their file: who looked, when, and by which means. */
export const recordLookup = (store: Store, input: AuditInput) => transact(store, [auditStep(store, input)]);

/** Newest first, paginated. */
export function listAuditEvents(store: Store, personId: string, page: PageRequest = {}): Promise<Page<AuditEvent>> {
  const partition = partitions.audit(personId);
  return queryPage(
    store,
    { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': partition }, ScanIndexForward: false },
    { ...page, defaultLimit: 50 },
    (key) => key.PK === partition,
    (data) => StoredAuditEvent.parse(data),
  );
}
