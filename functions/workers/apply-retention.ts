import { ErasureGround, SYSTEM_ACTOR } from '#domain/audit-event.ts';
import { isDomainError } from '#domain/errors.ts';
import { newOutboxEmail } from '#domain/outbox.ts';
import { erasureDate, lastMembers, retentionStep, type RetentionPolicy } from '#domain/retention.ts';
import type { Store } from '#store/client.ts';
import { erasePersonalData } from '#store/personal-data.ts';
import { getRecipients } from '#store/preferences.ts';
import { eachPage } from './paged-job.ts';
import { fence, findPersons, giveNotice, readRetentionState, withdrawNotice, type RetentionState } from '#store/retention.ts';

export type RetentionRun = { notified: number; cancelled: number; erased: number; skipped: number; complete: boolean };

/** Erasing a file kept past its period is erasing data no longer necessary (RGPD art. 17-1-a). */
const GROUND = ErasureGround.enum.no_longer_necessary;

async function notify(store: Store, personId: string, links: RetentionState['links'], policy: RetentionPolicy) {
  const noticeAt = store.now().toISOString();
  const erasureOn = erasureDate(noticeAt, policy);
  const recipients = await getRecipients(store, lastMembers(links));
  const emails = [...recipients].map(([proId, { pro }]) =>
    newOutboxEmail(['retention', personId, noticeAt.slice(0, 10), proId].join('.'), pro.email, { template: 'erasure_scheduled', personId, erasureOn }, store.now()),
  );
  await giveNotice(store, { personId, noticeAt, erasureOn }, emails);
}

/** Fences the group, then looks at it once more: a professional who joined just before cancels the erasure. */
async function erase(store: Store, personId: string, policy: RetentionPolicy): Promise<'erased' | 'cancelled'> {
  await fence(store, personId);
  const { links, notice } = await readRetentionState(store, personId);
  if (retentionStep(links, notice?.noticeAt, store.now(), policy) !== 'erase') {
    await withdrawNotice(store, personId);
    return 'cancelled';
  }
  await erasePersonalData(store, SYSTEM_ACTOR, personId, GROUND);
  return 'erased';
}

/**
 * The nightly retention job, paged like the idle job: a file nobody has followed for
 * `inactiveMonths` gets a notice to its last members; `noticeDays` later, if still nobody
 * follows the person, it is erased as an administrator's erasure is (audit kept, anonymized;
 * the stats' counters untouched). Idempotent: each step is conditional on the one before, so
 * a second run, or one cut short and run again, does each thing once.
 */
export async function applyRetention(
  store: Store,
  policy: RetentionPolicy,
  { timeLeftMs = () => Infinity, pageSize }: { timeLeftMs?: () => number; pageSize?: number } = {},
): Promise<RetentionRun> {
  const run: RetentionRun = { notified: 0, cancelled: 0, erased: 0, skipped: 0, complete: false };
  run.complete = await eachPage<Record<string, unknown>>(async (cursor) => {
    const page = await findPersons(store, { ...(cursor ? { cursor } : {}), ...(pageSize ? { pageSize } : {}) });
    for (const personId of page.personIds) {
      const state = await readRetentionState(store, personId);
      if (!state.exists) continue;
      try {
        // An erasure cut short left its fence: finishing it is the same decision again.
        switch (retentionStep(state.links, state.notice?.noticeAt, store.now(), policy)) {
          case 'notify':
            await notify(store, personId, state.links, policy);
            run.notified += 1;
            break;
          case 'cancel':
            await withdrawNotice(store, personId);
            run.cancelled += 1;
            break;
          case 'erase':
            run[await erase(store, personId, policy)] += 1;
            break;
          default:
            break;
        }
      } catch (error) {
        // Someone acted on the file meanwhile: the next night decides again.
        if (!isDomainError(error)) throw error;
        run.skipped += 1;
      }
    }
    return page.cursor;
  }, timeLeftMs);
  return run;
}
