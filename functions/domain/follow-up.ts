import * as z from './zod.ts';
import { Id, Timestamp, personName, text } from './common.ts';
import { conflict } from './errors.ts';
import { NewsKind } from './news.ts';
import { Organization } from './organization.ts';
import { PersonSummary } from './person.ts';

/**
 * - pending: asked to join, waiting for an active member's answer;
 * - active: member of the follow-up group;
 * - ended: left (manually or after two idle years), kept in the history;
 * - declined: the join request was refused.
 */
export const FollowUpStatus = z.enum(['pending', 'active', 'ended', 'declined']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

/**
 * Why a link ended: its member left (`manual`), two idle years (`automatic`), a member
 * refused the request (`declined`), another member removed them (`removed`), or their
 * organization's complete import file no longer lists it (`import`, see functions/import/complete.ts).
 */
export const EndReason = z.enum(['manual', 'automatic', 'declined', 'removed', 'import']);
export type EndReason = z.infer<typeof EndReason>;

/** A period a professional followed the person before rejoining: each rejoin opens a new one. */
export const FollowUpPeriod = z.strictObject({ startedAt: Timestamp, endedAt: Timestamp, endReason: EndReason });
export type FollowUpPeriod = z.infer<typeof FollowUpPeriod>;
/** How many earlier periods a link keeps (the audit keeps them all). */
export const EARLIER_PERIODS_KEPT = 10;

/**
 * How many join requests may wait for an answer at once in one group. Every member is told of
 * each request and the card holds them all: without a cap, one professional (or a few
 * accounts) could bury a group under requests. A request beyond it is refused until members
 * answer some; members can still invite whoever they want.
 */
export const PENDING_REQUESTS_MAX = 20;

export const tooManyPendingRequests = () =>
  conflict(
    `Trop de demandes attendent déjà une réponse dans ce groupe de suivi (${PENDING_REQUESTS_MAX} au plus) : votre demande n’a pas été enregistrée. Contactez un membre du groupe, qui peut répondre aux demandes en attente ou vous inviter.`,
    { pendingRequestsMax: PENDING_REQUESTS_MAX },
  );

export const FollowUpSource = z.enum(['self', 'invitation', 'import', 'partner']);
export type FollowUpSource = z.infer<typeof FollowUpSource>;

export const FollowUp = z.strictObject({
  personId: Id,
  proId: Id,
  /** Snapshots taken when the link is made: the group shows who followed the person, and from where. */
  professional: z.strictObject({ firstName: personName, lastName: personName, jobTitle: text(120).optional() }),
  organization: Organization,
  person: PersonSummary,
  role: text(120).optional(),
  /** Visible to every member: the UI warns not to write anything confidential here. */
  reason: text(500),
  status: FollowUpStatus,
  isReferent: z.boolean(),
  /** Set only by a France Travail import, never self-declared. */
  certified: z.boolean(),
  source: FollowUpSource,
  startedAt: Timestamp,
  /** Both set once the link ended (`ended` or `declined`), neither before. */
  endedAt: Timestamp.optional(),
  endReason: EndReason.optional(),
  /** What the member who removed this one wrote; visible to the members, like every reason. */
  endNote: text(500).optional(),
  /** Earlier periods of this same professional with the person, oldest first. */
  earlierPeriods: z.array(FollowUpPeriod).max(EARLIER_PERIODS_KEPT).optional(),
  lastActivityAt: Timestamp,
  lastContactRevealAt: Timestamp.optional(),
  /** A member of a confidential structure who chose to show it to the group (see domain/confidentiality.ts). */
  showsOrganization: z.boolean().optional(),
  /** When the person said, from their own space, that they do not know this professional: shown to the others, never cleared by itself. */
  flaggedUnknownAt: Timestamp.optional(),
  /** What changed in the file since this member last opened it (`seenAt`), and since when: theirs only (see domain/news.ts). */
  news: z.array(NewsKind).max(NewsKind.options.length).optional(),
  newsAt: Timestamp.optional(),
  seenAt: Timestamp.optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;
