import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { StoredAuditEvent } from '#domain/audit-event.ts';
import type { Store } from '#store/client.ts';
import { fromItem } from '#store/keys.ts';
import { countEvent, organizationLookup } from '../../functions/workers/count-stats.ts';
import type { WorkerDeps } from '../../functions/workers/deps.ts';

/**
 * What the stream consumer does for the stat counters, and nothing else: the audit events'
 * INSERTs handed to `countEvent`, in order, as `processRecords` hands them.
 */
export async function countRecords(store: Store, records: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  // countEvent reads the store only; nothing here sends mail.
  const deps = { store } as WorkerDeps;
  const organizationOf = organizationLookup(deps);
  for (const record of records) {
    const image = record.eventName === 'INSERT' ? record.dynamodb?.NewImage : undefined;
    const item = image && unmarshall(image as Record<string, AttributeValue>);
    if (item?.entity === 'audit_event') await countEvent(deps, StoredAuditEvent.parse(fromItem(item)), organizationOf);
  }
  return { batchItemFailures: [] };
}
