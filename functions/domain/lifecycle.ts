import type { FollowUp, FollowUpStatus } from './follow-up.ts';

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
