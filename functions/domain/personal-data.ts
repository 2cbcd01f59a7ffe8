import type { AuditEvent } from './audit-event.ts';
import type { FollowUp } from './follow-up.ts';
import type { Invitation } from './invitation.ts';
import type { Professional } from './professional.ts';

/**
 * The rules of the RGPD rights GPS serves to administrators: what an export shows, and what
 * survives an erasure. No AWS here; the store reads and deletes, these decide.
 */

/** A link that is or was a follow-up; the others (pending, declined) are join requests. */
export const isFollowUp = (link: FollowUp): boolean => link.status === 'active' || link.status === 'ended';

/** GPS keeps no earlier values of a profile: its history is who created and changed it, when. */
export const isProfileChange = (event: AuditEvent): boolean => event.kind === 'person_created' || event.kind === 'person_updated';

/** Every professional an export mentions: members, requesters, audit actors, targets and peers, inviters. */
export function professionalsNamedIn(links: readonly FollowUp[], audit: readonly AuditEvent[], invitations: readonly Invitation[]): string[] {
  const ids = [
    ...links.map((link) => link.proId),
    ...audit.flatMap((event) => [event.actorId, ...(event.targetProId ? [event.targetProId] : []), ...(event.peers ?? [])]),
    ...invitations.map((invitation) => invitation.inviter.proId),
  ];
  return [...new Set(ids)];
}

/** A professional as the person sees them in an export: who and from where, never their contact details. */
export const namedProfessional = ({ firstName, lastName, jobTitle, organization }: Professional) => ({
  firstName,
  lastName,
  ...(jobTitle ? { jobTitle } : {}),
  organization: { name: organization.name, kind: organization.kind },
});

/**
 * What an audit event keeps once its person is erased: who (a professional's id), did what,
 * when, to which other professional, and with which peers a link opened (professionals' ids,
 * as the actor's: the social graph's counts stay recountable from the audit). An allow-list,
 * not a deny-list: a field added to audit events later is dropped by an erasure until someone
 * decides it holds nothing personal.
 */
const KEPT_AFTER_ERASURE = ['id', 'personId', 'actorId', 'kind', 'at', 'issuer', 'jti', 'targetProId', 'erasureGround', 'lookupMeans', 'peers'] as const satisfies readonly (keyof AuditEvent)[];

export function anonymizeAuditEvent(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KEPT_AFTER_ERASURE.filter((field) => event[field] !== undefined).map((field) => [field, event[field]]));
}

export const isAnonymized = (event: Record<string, unknown>): boolean =>
  Object.keys(event).every((field) => (KEPT_AFTER_ERASURE as readonly string[]).includes(field));
