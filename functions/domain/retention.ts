import * as z from './zod.ts';
import { Id, Timestamp } from './common.ts';
import type { FollowUp } from './follow-up.ts';

/**
 * How long GPS keeps a file nobody follows any more. The reference GPS anonymizes job seekers
 * inactive for two years after 30 days' notice; GPS erases them the same way, as the RGPD
 * erasure does (art. 5-1-e: no longer than necessary), and the last members are told first.
 */
export const RetentionPolicy = z.strictObject({
  /** Months without any active follow-up before a file is erased. */
  inactiveMonths: z.int().min(1).max(120).default(24),
  /** Days between the notice to the last members and the erasure; any new follow-up cancels it. */
  noticeDays: z.int().min(1).max(365).default(30),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;
export const DEFAULT_RETENTION: RetentionPolicy = RetentionPolicy.parse({});

/**
 * When the person was last followed: the latest end of a follow-up, or `undefined` while anyone
 * follows them or asks to (a pending request is someone who wants to follow).
 */
export function lastFollowedAt(links: readonly FollowUp[]): string | undefined {
  if (links.some((link) => link.status === 'active' || link.status === 'pending')) return undefined;
  const ends = links.flatMap((link) => (link.status === 'ended' && link.endedAt ? [link.endedAt] : []));
  return ends.length > 0 ? ends.reduce((a, b) => (a > b ? a : b)) : undefined;
}

const monthsBefore = (now: Date, months: number) => {
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - months);
  return limit.toISOString();
};

export const erasureDate = (noticeAt: string, policy: RetentionPolicy) => new Date(Date.parse(noticeAt) + policy.noticeDays * 86_400_000).toISOString();

export type RetentionStep = 'keep' | 'notify' | 'wait' | 'cancel' | 'erase';

/**
 * What the nightly job does with one file: nothing while someone follows the person or the
 * period has not run out; a notice when it has; the erasure once the notice period is over;
 * and a notice withdrawn when the person is followed again meanwhile.
 */
export function retentionStep(links: readonly FollowUp[], noticeAt: string | undefined, now: Date, policy: RetentionPolicy): RetentionStep {
  const last = lastFollowedAt(links);
  const expired = last !== undefined && last <= monthsBefore(now, policy.inactiveMonths);
  if (!expired) return noticeAt ? 'cancel' : 'keep';
  if (!noticeAt) return 'notify';
  return erasureDate(noticeAt, policy) <= now.toISOString() ? 'erase' : 'wait';
}

/** Who is told: everyone who worked with the person, not a declined requester nor a member removed as an intruder. */
export const lastMembers = (links: readonly FollowUp[]): string[] =>
  links.filter((link) => link.status === 'ended' && link.endReason !== 'removed').map((link) => link.proId);

/** The notice the job gave, in the person's partition until the erasure or a new follow-up. */
export const RetentionNotice = z.strictObject({ personId: Id, noticeAt: Timestamp, erasureOn: Timestamp });
export type RetentionNotice = z.infer<typeof RetentionNotice>;
