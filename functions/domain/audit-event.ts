import { Id, Timestamp, z } from './common.ts';

export const AuditKind = z.enum([
  'person_created',
  'card_read',
  'contact_revealed',
  'joined',
  'join_requested',
  'join_accepted',
  'join_declined',
  'follow_up_ended',
  'follow_up_updated',
  'referent_changed',
  'person_updated',
  'action_added',
  'invitation_sent',
  'invitation_accepted',
  'invitation_revoked',
  'exported',
]);
export type AuditKind = z.infer<typeof AuditKind>;

/** Append-only: who did what to whose file, and when. */
export const AuditEvent = z.strictObject({
  id: Id,
  personId: Id,
  actorId: Id,
  kind: AuditKind,
  at: Timestamp,
  /** The other professional concerned (revealed contact, accepted requester, former referent…). */
  targetProId: Id.optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** The actor of what GPS does by itself (ending idle follow-ups); the member concerned is the target. */
export const SYSTEM_ACTOR = Id.parse('00000000000000000000000000');
