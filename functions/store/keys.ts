/**
 * The DynamoDB key schema of GPS. This is the only module that spells a key: every item
 * the store writes gets its PK/SK (and GSI1PK/GSI1SK) from here, plus its entity type and
 * schema version. The access patterns these keys serve are listed in ACCESS_PATTERNS.md.
 */
import type { FollowUpStatus } from '#domain/follow-up.ts';
import { TTL_ATTRIBUTE } from './table.ts';

export const SCHEMA_VERSION = 1;

export type Entity =
  | 'person'
  | 'identity_guard'
  | 'france_travail_guard'
  | 'follow_up'
  | 'action'
  | 'audit_event'
  | 'professional'
  | 'email_guard'
  | 'organization'
  | 'invitation'
  | 'invitation_quota'
  | 'daily_quota'
  | 'outbox_email'
  | 'notification_preferences'
  | 'stat_counter'
  | 'stat_marker'
  | 'stat_first_activity'
  | 'stat_gauge'
  | 'session'
  | 'inbox_entry'
  | 'import_job'
  | 'retention_notice';

export type Keys = { PK: string; SK: string; GSI1PK?: string; GSI1SK?: string };

const person = (personId: string) => `PERSON#${personId}`;
const pro = (proId: string) => `PRO#${proId}`;

/** Prefix of every follow-up link's sort key: card + members is `PK = PERSON#id AND SK >= MEMBER#`. */
export const MEMBER_PREFIX = 'MEMBER#';
export const ACTION_PREFIX = 'ACTION#';
const FOLLOW_PREFIX = 'FOLLOW#';
const INBOX_OF_PREFIX = 'INBOXOF#';
const INBOX_PREFIX = 'INBOX#';
const ORG_PROS_PREFIX = 'ORGPROS#';

/** Write shards of the stat counters: fixed, since a reader sums all of them. */
export const STAT_SHARDS = 16;

/** The shard an event's increments go to: a hash of its marker, so a retried transaction hits the same items. */
export function statShard(markerId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < markerId.length; index += 1) hash = Math.imul(hash ^ markerId.charCodeAt(index), 0x01000193);
  return (hash >>> 0) % STAT_SHARDS;
}

export const keys = {
  person: (personId: string): Keys => ({ PK: person(personId), SK: 'PROFILE' }),
  /**
   * The notice that a file nobody follows will be erased (see workers/apply-retention.ts). In
   * the person's partition, sorting before `MEMBER#`: the card's Query never reads it, the
   * erasure deletes it with the rest.
   */
  retentionNotice: (personId: string): Keys => ({ PK: person(personId), SK: 'ERASURE_NOTICE' }),
  identityGuard: (digest: string): Keys => ({ PK: `IDENT#${digest}`, SK: 'IDENT' }),
  franceTravailGuard: (digest: string): Keys => ({ PK: `FTID#${digest}`, SK: 'FTID' }),
  followUp: (personId: string, proId: string): Keys => ({ PK: person(personId), SK: `${MEMBER_PREFIX}${proId}` }),
  /** Indexed by professional and by status, newest first, for "my follow-ups". */
  followUpIndex: (proId: string, status: FollowUpStatus, since: string) => ({
    GSI1PK: pro(proId),
    GSI1SK: `${FOLLOW_PREFIX}${status}#${since}`,
  }),
  action: (personId: string, createdAt: string, actionId: string): Keys => ({
    PK: person(personId),
    SK: `${ACTION_PREFIX}${createdAt}#${actionId}`,
  }),
  /** In its own partition: reading the audit never slows down the card, and vice versa. */
  auditEvent: (personId: string, actorId: string, at: string, eventId: string): Keys => ({
    PK: `AUDIT#${personId}`,
    SK: `${at}#${eventId}`,
    GSI1PK: `AUDITBY#${actorId}`,
    GSI1SK: at,
  }),
  professional: (proId: string): Keys => ({ PK: pro(proId), SK: 'PROFILE' }),
  /**
   * A professional's profile indexed under its organization, so that a complete import file
   * finds that organization's professionals (and then their links, `PRO#<id>` on GSI1). Written
   * with every Put of the profile: a professional who changes organization moves with it.
   */
  professionalIndex: (siret: string, proId: string) => ({ GSI1PK: `${ORG_PROS_PREFIX}${siret}`, GSI1SK: proId }),
  emailGuard: (email: string): Keys => ({ PK: `EMAIL#${email.toLowerCase()}`, SK: 'EMAIL' }),
  organization: (siret: string): Keys => ({ PK: `ORG#${siret}`, SK: 'PROFILE' }),
  notificationPreferences: (proId: string): Keys => ({ PK: pro(proId), SK: 'PREFERENCES' }),
  /** Found by the hash of its token (accepting); listed by person, newest first. */
  invitation: (tokenHash: string, personId: string, createdAt: string, invitationId: string): Keys => ({
    PK: `INVITE#${tokenHash}`,
    SK: 'INVITE',
    GSI1PK: `INVITES#${personId}`,
    GSI1SK: `${createdAt}#${invitationId}`,
  }),
  invitationByToken: (tokenHash: string): Keys => ({ PK: `INVITE#${tokenHash}`, SK: 'INVITE' }),
  invitationQuota: (proId: string, day: string): Keys => ({ PK: `QUOTA#${proId}`, SK: `INVITATIONS#${day}` }),
  /** A holder's uses of one daily quota (lookups, joins…), expiring two days later. */
  dailyQuota: (holder: string, kind: string, day: string): Keys => ({ PK: `QUOTA#${holder}`, SK: `${kind.toUpperCase()}#${day}` }),
  outboxEmail: (emailId: string): Keys => ({ PK: `OUTBOX#${emailId}`, SK: 'OUTBOX' }),
  /**
   * Sparse: only e-mails still to send are indexed, by due time, so the retry job reads
   * exactly those. One partition is fine: it holds only what failed and waits for a retry.
   */
  outboxDue: (dueAt: string, emailId: string) => ({ GSI1PK: 'OUTBOX#DUE', GSI1SK: `${dueAt}#${emailId}` }),
  /**
   * `STAT_SHARDS` partitions per month, summed on read: a national import or the nightly
   * idle-end job would otherwise put every increment of the day on one `…#all` item, past
   * DynamoDB's 1,000 WCU/s per partition (see tests/scale/model.ts).
   */
  statCounter: (day: string, metric: string, dimension: string, shard: number): Keys => ({
    PK: `STAT#${day.slice(0, 7)}#${shard}`,
    SK: `${day}#${metric}#${dimension}`,
  }),
  /** Proof that an event (or a professional's activity in a week) was counted once already. */
  statMarker: (what: string): Keys => ({ PK: `COUNTED#${what}`, SK: 'COUNTED' }),
  /**
   * The week a professional's first use of GPS is counted in, and the dimensions it was counted
   * under: kept for good (no TTL), since a later event must never count them a second time,
   * and an earlier one arriving late moves their count to its own week.
   */
  statFirstActivity: (proId: string): Keys => ({ PK: `FIRSTSEEN#${proId}`, SK: 'FIRSTSEEN' }),
  /** One gauge's snapshot of a day (every dimension in one item, replaced whole by a later recount of the same day). */
  statGauge: (day: string, metric: string): Keys => ({ PK: `GAUGE#${day.slice(0, 7)}`, SK: `${day}#${metric}` }),
  /** A signed-in session of the GPS page; logging out deletes it. */
  session: (sessionId: string): Keys => ({ PK: `SESSION#${sessionId}`, SK: 'SESSION' }),
  /**
   * One pending request in one active member's inbox. Stored by person (the stream consumer
   * reads a group's entries with one consistent Query, and an entry's key needs no time: a new
   * request of the same professional replaces it), indexed by member, oldest request first.
   */
  /**
   * One import file being imported in chunks (see functions/import/chunk-worker.ts): how many
   * chunks, which are done, who assembled the report. Its own partition per file, expiring
   * with the file (30 days), so chunk workers never contend with anything else.
   */
  importJob: (jobId: string): Keys => ({ PK: `IMPORTJOB#${jobId}`, SK: 'JOB' }),
  inboxEntry: (personId: string, requesterProId: string, memberProId: string, requestedAt: string): Keys => ({
    PK: `${INBOX_OF_PREFIX}${personId}`,
    SK: `${requesterProId}#${memberProId}`,
    GSI1PK: `${INBOX_PREFIX}${memberProId}`,
    GSI1SK: `${requestedAt}#${personId}#${requesterProId}`,
  }),
};

export const partitions = {
  person,
  audit: (personId: string) => `AUDIT#${personId}`,
  followUpsOf: pro,
  /** The professionals of an organization (GSI1). */
  professionalsOf: (siret: string) => `${ORG_PROS_PREFIX}${siret}`,
  followUpStatus: (status: FollowUpStatus) => `${FOLLOW_PREFIX}${status}#`,
  invitationsOf: (personId: string) => `INVITES#${personId}`,
  outboxDue: 'OUTBOX#DUE',
  /** Every shard of a month's counters. */
  statMonth: (month: string) => Array.from({ length: STAT_SHARDS }, (_, shard) => `STAT#${month}#${shard}`),
  /** A month's gauge snapshots: one a night and gauge, a few KB each, one partition. */
  statGaugeMonth: (month: string) => `GAUGE#${month}`,
  /** A person's inbox entries, in every member's inbox (table). */
  inboxEntriesOf: (personId: string) => `${INBOX_OF_PREFIX}${personId}`,
  isInboxEntries: (pk: string | undefined) => pk?.startsWith(INBOX_OF_PREFIX) === true,
  /** A member's inbox (GSI1). */
  inboxOf: (proId: string) => `${INBOX_PREFIX}${proId}`,
};

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity', 'schemaVersion', TTL_ATTRIBUTE] as const;

/** A storable item: keys, entity type and schema version around the domain data. */
export const toItem = (entity: Entity, itemKeys: Keys, data: object) => ({
  ...data,
  ...itemKeys,
  entity,
  schemaVersion: SCHEMA_VERSION,
});

/** The domain data of an item, without what only the store cares about. */
export const fromItem = (item: Record<string, unknown>): Record<string, unknown> => {
  const data = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete data[attribute];
  return data;
};
