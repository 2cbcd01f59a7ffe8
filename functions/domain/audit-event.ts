import * as z from './zod.ts';
import { Id, Timestamp } from './common.ts';

export const AuditKind = z.enum([
  'person_created',
  'card_read',
  'members_read',
  'actions_read',
  'looked_up',
  'contact_revealed',
  /** A member asked a confidential member to contact them (see domain/confidentiality.ts). */
  'contact_requested',
  'joined',
  'join_requested',
  'join_accepted',
  'join_declined',
  'follow_up_ended',
  'member_removed',
  'follow_up_updated',
  'referent_changed',
  'person_updated',
  'action_added',
  'invitation_sent',
  'invitation_accepted',
  'invitation_revoked',
  /** The invited professional refused the invitation (the actor, not a member); the inviter is the target. */
  'invitation_declined',
  'exported',
  /** The retention job's notice that a file nobody follows will be erased, and its withdrawal when someone follows the person again. */
  'erasure_scheduled',
  'erasure_cancelled',
  'erased',
  /** The person, from their own space: a need written or changed, a member they say they do not know (the member is the target). */
  'need_written',
  'need_updated',
  'member_flagged_unknown',
]);
export type AuditKind = z.infer<typeof AuditKind>;

/**
 * Why an administrator erased a person's data (RGPD art. 17): a legal ground, not free text,
 * because the erasure event outlives the file and must hold nothing about the person.
 */
export const ErasureGround = z.enum(['person_request', 'no_longer_necessary', 'objection', 'unlawful', 'legal_obligation'], 'Motif d’effacement inconnu.');
export type ErasureGround = z.infer<typeof ErasureGround>;

/**
 * At most this many peers on one event. GPS caps the requests waiting in a group
 * (PENDING_REQUESTS_MAX), not its active members: a group holds a handful of professionals
 * (the scale model counts 4), and 100 keeps the audit item near 3 KB and the stream worker's
 * profile reads per event bounded. A group past it records its first 100 members (the inviter
 * or the answerer first, then the longest-standing): the pairs with the others go uncounted.
 */
export const PEERS_MAX = 100;

/**
 * The peers of a link that opens for `joiner`: the group's other active members as read just
 * before the write, `first` (the inviter, or the member who accepts: the transaction proves
 * them active) ahead of the rest, the longest-standing next, at most PEERS_MAX.
 */
export function peersOf(group: readonly { proId: string; status: string; startedAt: string }[], joiner: string, first?: string): string[] {
  const others = group
    .filter((member) => member.status === 'active' && member.proId !== joiner && member.proId !== first)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .map((member) => member.proId);
  return [...(first && first !== joiner ? [first] : []), ...new Set(others)].slice(0, PEERS_MAX);
}

/** Append-only: who did what to whose file, and when. */
export const AuditEvent = z.strictObject({
  id: Id,
  personId: Id,
  actorId: Id,
  kind: AuditKind,
  at: Timestamp,
  /** Which token issuer vouched for the actor (a partner portal, the page's sign-in), or GPS's import or system. */
  issuer: z.string().min(1).max(300),
  /** The token's id, when its issuer sets one: an incident is traced to one token. */
  jti: z.string().min(1).max(200).optional(),
  /** The other professional concerned (revealed contact, accepted requester, former referent…). */
  targetProId: Id.optional(),
  erasureGround: ErasureGround.optional(),
  /** How a lookup found the person: their identity, or their France Travail id with the same birth date. */
  lookupMeans: z.enum(['identity', 'france_travail_id']).optional(),
  /**
   * On an event that opens a link (`person_created`, `joined`, `invitation_accepted`,
   * `join_accepted`): the group's other active members at that moment, whom the new member is
   * now in touch with (the stats count one pair per peer, domain/stats.ts `pairsOf`). Absent
   * from events written before GPS recorded it (December 2026).
   */
  peers: z
    .array(Id)
    .max(PEERS_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'Un même membre deux fois parmi les pairs.')
    .optional(),
});
/** An event whose actor is the person themself (their own space): `actorId` is their file's id. */
export const byThePerson = (event: Pick<AuditEvent, 'actorId' | 'personId'>) => event.actorId === event.personId;
export type AuditEvent = z.infer<typeof AuditEvent>;

/** What events written before GPS recorded issuers (December 2026) read as: the audit is append-only, never rewritten. */
export const UNRECORDED_ISSUER = 'urn:gps:unrecorded';

/** An event as read back: every new one has its issuer (the stored-item validator holds to `AuditEvent`); older ones get `UNRECORDED_ISSUER`. */
export const StoredAuditEvent = AuditEvent.extend({ issuer: AuditEvent.shape.issuer.default(UNRECORDED_ISSUER) });

/** The actor of what GPS does by itself (ending idle follow-ups); the member concerned is the target. */
export const SYSTEM_ACTOR = Id.parse('00000000000000000000000000');
