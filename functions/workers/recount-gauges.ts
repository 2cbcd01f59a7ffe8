import { dayOf, gaugeTally, type Gauges } from '#domain/stats.ts';
import type { Store } from '#store/client.ts';
import { scanGaugeSources, writeGauges } from '#store/stats.ts';
import { logger } from '../observability/logger.ts';
import { eachPage } from './paged-job.ts';

export type GaugeRun = { day: string; complete: boolean; gauges?: Gauges };

/**
 * The nightly recount of the gauges (persons followed, persons with no active référent,
 * professionals known to GPS): one Scan of the table, page by page, tallied in memory, then
 * the day's snapshot written in one transaction. A state is recounted rather than counted
 * from events: whether a person still has a référent depends on the whole group, which no
 * single audit event holds. Idempotent: a second run the same day replaces the snapshot with
 * the same figures (or newer ones). A walk cut short by time writes nothing, so a snapshot is
 * always a whole table's.
 */
export async function recountGauges(store: Store, { timeLeftMs = () => Infinity, pageSize }: { timeLeftMs?: () => number; pageSize?: number } = {}): Promise<GaugeRun> {
  const day = dayOf(store.now().toISOString());
  const tally = gaugeTally();
  const complete = await eachPage<Record<string, unknown>>(async (cursor) => {
    const page = await scanGaugeSources(store, { ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) });
    for (const source of page.sources) {
      if ('professional' in source) tally.professional(source.professional);
      else tally.link(source);
    }
    return page.cursor;
  }, timeLeftMs);
  if (!complete) {
    logger.warn({ message: 'stats_gauges_incomplete', day });
    return { day, complete };
  }
  const gauges = tally.gauges();
  await writeGauges(store, day, gauges);
  return { day, complete, gauges };
}
