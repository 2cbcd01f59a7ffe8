import type { AuditEvent } from '#domain/audit-event.ts';
import type { Organization } from '#domain/organization.ts';
import { WEEKLY_METRIC, activeProfessional, countedBy, dayOf, dimensionsOf, pairDimensions, pairOf, weekOf } from '#domain/stats.ts';
import { getProfessional } from '#store/professionals.ts';
import { countFirstActivity, countOnce, type Increment } from '#store/stats.ts';
import type { WorkerDeps } from './deps.ts';

/** Organizations of the professionals met in one batch of records. */
export type OrganizationLookup = (proId: string) => Promise<Organization | undefined>;

export const organizationLookup = (deps: WorkerDeps): OrganizationLookup => {
  const known = new Map<string, Promise<Organization | undefined>>();
  return (proId) => {
    if (!known.has(proId)) known.set(proId, getProfessional(deps.store, proId).then((pro) => pro?.organization));
    return known.get(proId)!;
  };
};

/**
 * Adds an audit event to the daily counters (with the pair of professionals it puts in touch,
 * if any), its actor to the week's active professionals, and to the first-time professionals
 * of the week of their earliest activity; each exactly once, however often the event is delivered.
 */
export async function countEvent({ store }: WorkerDeps, event: AuditEvent, organizationOf: OrganizationLookup): Promise<void> {
  const day = dayOf(event.at);
  const increments: Increment[] = await Promise.all(
    countedBy(event).map(async ({ metric, proId, also = [] }) => ({ day, metric, dimensions: [...dimensionsOf(await organizationOf(proId)), ...also] })),
  );
  const pair = pairOf(event);
  if (pair) {
    const [a, b] = await Promise.all(pair.proIds.map(organizationOf));
    increments.push({ day, metric: pair.metric, dimensions: pairDimensions(a, b) });
  }
  // One marker for all the event's increments: they are counted together or not at all.
  await countOnce(store, `event.${event.id}`, increments);
  const active = activeProfessional(event);
  if (active) {
    const week = weekOf(event.at);
    const dimensions = dimensionsOf(await organizationOf(active));
    // First the first-time record, then the week's activity: a failure between the two is retried whole, and both are idempotent.
    await countFirstActivity(store, active, week, dimensions);
    await countOnce(store, `active.${week}.${active}`, [{ day: week, metric: WEEKLY_METRIC, dimensions }]);
  }
}
