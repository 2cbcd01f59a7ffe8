import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Action } from '#domain/action.ts';
import { AuditEvent } from '#domain/audit-event.ts';
import * as z from '#domain/zod.ts';
import { Email, Id, Timestamp } from '#domain/common.ts';
import { FollowUp, PENDING_REQUESTS_MAX } from '#domain/follow-up.ts';
import { StoredInboxEntry } from '#store/inbox.ts';
import { endIsCoherent } from '#domain/lifecycle.ts';
import { INVITATIONS_PER_DAY, Invitation } from '#domain/invitation.ts';
import { Organization } from '#domain/organization.ts';
import { OutboxEmail } from '#domain/outbox.ts';
import { Person } from '#domain/person.ts';
import { NotificationPreferences, Professional } from '#domain/professional.ts';
import type { Store } from '#store/client.ts';
import { RetentionNotice } from '#domain/retention.ts';
import { GAUGE_METRICS } from '#domain/stats.ts';
import { SCHEMA_VERSION, fromItem, keys, type Entity, type Keys } from '#store/keys.ts';

export type StoredItem = Record<string, any>;

/** Every item of the table, read with a consistent Scan. */
export async function scanTable(store: Store): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await store.doc.send(new ScanCommand({ TableName: store.table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * What each kind of item must hold, from the domain's own schemas wherever the domain has
 * one: an item the API could not read back is a corrupted file for a professional.
 */
const SCHEMAS: Record<Entity, z.ZodType> = {
  // The store's bookkeeping beside the person: who waits for an answer (see follow-ups.join).
  // And the fence of an erasure by the retention job (see store/retention.ts).
  person: Person.extend({ pendingProIds: z.set(Id).min(1).max(PENDING_REQUESTS_MAX).optional(), erasingAt: Timestamp.optional() }),
  identity_guard: z.strictObject({ personId: Id }),
  france_travail_guard: z.strictObject({ personId: Id }),
  follow_up: FollowUp,
  action: Action,
  audit_event: AuditEvent,
  professional: Professional,
  email_guard: z.strictObject({ proId: Id }),
  organization: Organization,
  invitation: Invitation,
  invitation_quota: z.strictObject({ sent: z.int().min(1).max(INVITATIONS_PER_DAY) }),
  daily_quota: z.strictObject({ used: z.int().min(1) }),
  outbox_email: OutboxEmail,
  notification_preferences: NotificationPreferences.partial(),
  // Zero once a first-time professional's count moved to an earlier week (store/stats.ts, countFirstActivity).
  stat_counter: z.strictObject({ day: z.iso.date(), metric: z.string(), dimension: z.string(), count: z.int().nonnegative() }),
  stat_marker: z.strictObject({}),
  stat_first_activity: z.strictObject({ week: z.iso.date(), dimensions: z.array(z.string()).min(1) }),
  stat_gauge: z.strictObject({ day: z.iso.date(), metric: z.enum(GAUGE_METRICS), counts: z.record(z.string(), z.int().positive()) }),
  session: z.strictObject({ email: Email, expiresAt: Timestamp }),
  inbox_entry: StoredInboxEntry,
  retention_notice: RetentionNotice,
  // An import file's chunks (functions/store/import-jobs.ts): bookkeeping, no personal data.
  import_job: z.strictObject({
    jobId: z.string(),
    fileKey: z.string(),
    reportKey: z.string(),
    chunks: z.int().positive(),
    // Zero for a complete file without a record: one empty chunk completes it (import/plan-import.ts).
    lines: z.int().nonnegative(),
    createdAt: Timestamp,
    doneChunks: z.set(z.string()).optional(),
    assemblingUntil: Timestamp.optional(),
    reportedAt: Timestamp.optional(),
  }),
};

/** Where an item of each aggregate must be stored, from its own data. */
const EXPECTED_KEYS: Partial<Record<Entity, (data: any) => Keys>> = {
  person: (person) => keys.person(person.id),
  follow_up: (link) => keys.followUp(link.personId, link.proId),
  action: (action) => keys.action(action.personId, action.createdAt, action.id),
  audit_event: (event) => keys.auditEvent(event.personId, event.actorId, event.at, event.id),
  professional: (pro) => keys.professional(pro.id),
};

/** Counters and preferences are created by an UpdateExpression, which does not stamp a schema version. */
const UPSERTED: ReadonlySet<string> = new Set<Entity>(['invitation_quota', 'daily_quota', 'stat_counter', 'notification_preferences']);

/** The items that break their entity's schema or sit under the wrong key, each with why. */
export function invalidItems(items: readonly StoredItem[]): { key: string; problems: string[] }[] {
  return items.flatMap((item) => {
    const problems: string[] = [];
    const schema = SCHEMAS[item.entity as Entity];
    if (!schema) problems.push(`unknown entity ${JSON.stringify(item.entity)}`);
    if (item.schemaVersion !== SCHEMA_VERSION && !(UPSERTED.has(item.entity) && item.schemaVersion === undefined)) problems.push(`schemaVersion ${item.schemaVersion}`);
    const parsed = schema?.safeParse(fromItem(item));
    if (parsed && !parsed.success) problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    if (item.entity === 'follow_up' && !endIsCoherent(item as FollowUp)) problems.push(`${item.status} with endedAt ${item.endedAt} and endReason ${item.endReason}: both or neither`);
    const expected = EXPECTED_KEYS[item.entity as Entity]?.(item);
    if (expected && (expected.PK !== item.PK || expected.SK !== item.SK)) problems.push(`stored under ${item.PK} ${item.SK}`);
    return problems.length ? [{ key: `${item.PK} ${item.SK}`, problems }] : [];
  });
}

export const byEntity = (items: readonly StoredItem[], entity: Entity) => items.filter((item) => item.entity === entity);
