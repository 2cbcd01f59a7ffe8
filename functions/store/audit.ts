import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { AuditEvent, type AuditKind } from '#domain/audit-event.ts';
import type { Store } from './client.ts';
import type { Step } from './conditions.ts';
import { fromItem, keys, partitions, toItem } from './keys.ts';

export type AuditInput = { personId: string; actorId: string; kind: AuditKind; targetProId?: string };

/** The audit item of a write, to be put in the same transaction as the write itself. */
export function auditStep(store: Store, input: AuditInput): Step {
  const event: AuditEvent = { ...input, id: ulid(), at: store.now().toISOString() };
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

/** Oldest first: the audit reads as the story of the file. */
export async function listAuditEvents(store: Store, personId: string): Promise<AuditEvent[]> {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partitions.audit(personId) },
    }),
  );
  return Items.map((item) => AuditEvent.parse(fromItem(item)));
}
