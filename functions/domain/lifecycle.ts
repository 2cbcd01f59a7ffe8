import { EARLIER_PERIODS_KEPT, type FollowUp, type FollowUpPeriod, type FollowUpStatus } from './follow-up.ts';

/** Follow-ups with no activity for two years end by themselves (`endReason: automatic`). */
export const IDLE_YEARS = 2;

export const idleSince = (now: Date): string => {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - IDLE_YEARS);
  return limit.toISOString();
};

export const isIdle = (link: FollowUp, now: Date): boolean =>
  link.status === 'active' && link.lastActivityAt <= idleSince(now);

/** Ending never deletes: an ended or declined link may be reopened by a new join. */
export const REOPENABLE: readonly FollowUpStatus[] = ['ended', 'declined'];

/**
 * Rejoining opens a new period (a new `startedAt`), as the reference GPS does per follow-up;
 * the periods before it stay on the link, so the group shows them. A declined request or a
 * pending one was no period of membership.
 */
export function periodsBefore(previous: FollowUp | undefined): FollowUpPeriod[] | undefined {
  if (!previous) return undefined;
  const { startedAt, endedAt, endReason } = previous;
  const earlier = [...(previous.earlierPeriods ?? []), ...(previous.status === 'ended' && endedAt && endReason ? [{ startedAt, endedAt, endReason }] : [])];
  return earlier.length > 0 ? earlier.slice(-EARLIER_PERIODS_KEPT) : undefined;
}

/** Status and end go together: an ended or declined link has both `endedAt` and `endReason`, a live one neither. */
export const endIsCoherent = (link: Pick<FollowUp, 'status' | 'endedAt' | 'endReason'>): boolean =>
  link.status === 'ended' || link.status === 'declined' ? Boolean(link.endedAt && link.endReason) : !link.endedAt && !link.endReason;
