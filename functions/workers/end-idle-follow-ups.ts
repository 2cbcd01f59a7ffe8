import { isDomainError } from '#domain/errors.ts';
import { idleSince, isIdle } from '#domain/lifecycle.ts';
import { endFollowUp, findIdleFollowUps } from '#store/follow-ups.ts';
import type { Store } from '#store/client.ts';
import { eachPage } from './paged-job.ts';

export type IdleRun = { ended: number; skipped: number; complete: boolean };

/**
 * The daily job: ends every follow-up with no activity for two years (`automatic`), page by
 * page, until the table is read or the time is nearly up (the next run starts over, and
 * finds only what is left). Idempotent: a link ends only if still active and untouched
 * since it was read, so a member's activity in between, or a second run, changes nothing.
 */
export async function endIdleFollowUps(
  store: Store,
  { timeLeftMs = () => Infinity, pageSize }: { timeLeftMs?: () => number; pageSize?: number } = {},
): Promise<IdleRun> {
  const run: IdleRun = { ended: 0, skipped: 0, complete: false };
  const since = idleSince(store.now());
  run.complete = await eachPage<Record<string, unknown>>(async (cursor) => {
    const page = await findIdleFollowUps(store, since, { ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) });
    for (const link of page.links) {
      if (!isIdle(link, store.now())) continue;
      try {
        await endFollowUp(store, link, { reason: 'automatic' });
        run.ended += 1;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        run.skipped += 1;
      }
    }
    return page.cursor;
  }, timeLeftMs);
  return run;
}
