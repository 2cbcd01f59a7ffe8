import type { AuditEvent } from '#domain/audit-event.ts';
import type { Organization } from '#domain/organization.ts';
import { WEEKLY_METRIC, activeProfessional, countedBy, dayOf, dimensionsOf, pairDimensions, pairsOf, weekOf } from '#domain/stats.ts';
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
 * Adds an audit event to the daily counters (with the pairs of professionals it puts in touch,
 * if any), its actor to the week's active professionals, and to the first-time professionals
 * of the week of their earliest activity; each exactly once, however often the event is delivered.
 */
export async function countEvent({ store }: WorkerDeps, event: AuditEvent, organizationOf: OrganizationLookup): Promise<void> {
  const day = dayOf(event.at);
  const increments: Increment[] = await Promise.all(
    countedBy(event).map(async ({ metric, proId, also = [] }) => ({ day, metric, dimensions: [...dimensionsOf(await organizationOf(proId)), ...also] })),
  );
  // A link that opens puts its new member in touch with each peer: one pair each, its own sides and organization.
  const pairs = await Promise.all(
    pairsOf(event).map(async ({ metric, proIds }) => {
      const [a, b] = await Promise.all(proIds.map(organizationOf));
      return { day, metric, dimensions: pairDimensions(a, b) };
    }),
  );
  increments.push(...pairs);
  // One marker for all the event's increments (summed per counter there): they are counted together or not at all.
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
