import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { StoredAuditEvent } from '#domain/audit-event.ts';
import { fromItem } from '#store/keys.ts';
import { logger } from '../observability/logger.ts';
import { countEvent, organizationLookup } from './count-stats.ts';
import { deliverEmail } from './deliver-email.ts';
import type { WorkerDeps } from './deps.ts';
import { notifyAbout } from './notify-members.ts';
import { spreadNews } from './spread-news.ts';
import { changesInbox, updateInbox } from './update-inbox.ts';

/**
 * The consumer of the table's stream. Two kinds of new items matter: audit events (the
 * social-graph counters, the notifications they call for, the members' « demandes à
 * traiter » when the event moved a link, and the news on the other members' links) and queued e-mails (sent at once). Everything it does
 * is idempotent, so a batch retried by Lambda changes nothing twice.
 */
export async function processRecords(deps: WorkerDeps, records: readonly DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  const organizationOf = organizationLookup(deps);
  for (const record of records) {
    try {
      const image = record.eventName === 'INSERT' ? record.dynamodb?.NewImage : undefined;
      if (!image) continue;
      const item = unmarshall(image as Record<string, AttributeValue>);
      if (item.entity === 'audit_event') {
        const event = StoredAuditEvent.parse(fromItem(item));
        await Promise.all([
          countEvent(deps, event, organizationOf),
          notifyAbout(deps, event),
          changesInbox(event) ? updateInbox(deps.store, event.personId) : undefined,
          spreadNews(deps, event),
        ]);
      } else if (item.entity === 'outbox_email') {
        await deliverEmail(deps, item.id as string);
      }
    } catch (error) {
      logger.error({ message: 'stream_record_failed', eventID: record.eventID }, error as Error);
      // Lambda retries from this record on; the ones before it are done.
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
