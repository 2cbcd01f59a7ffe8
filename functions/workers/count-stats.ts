import type { AuditEvent } from '#domain/audit-event.ts';
import type { Organization } from '#domain/organization.ts';
import { WEEKLY_METRIC, activeProfessional, countedBy, dayOf, dimensionsOf, weekOf } from '#domain/stats.ts';
import { getProfessional } from '#store/professionals.ts';
import { countOnce } from '#store/stats.ts';
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
 * Adds an audit event to the daily counters, and its actor to the week's active
 * professionals; both exactly once, however often the event is delivered.
 */
export async function countEvent({ store }: WorkerDeps, event: AuditEvent, organizationOf: OrganizationLookup): Promise<void> {
  const day = dayOf(event.at);
  const increments = await Promise.all(
    countedBy(event).map(async ({ metric, proId }) => ({ day, metric, dimensions: dimensionsOf(await organizationOf(proId)) })),
  );
  await countOnce(store, `event.${event.id}`, increments);
  const active = activeProfessional(event);
  if (active) {
    const week = weekOf(event.at);
    await countOnce(store, `active.${week}.${active}`, [{ day: week, metric: WEEKLY_METRIC, dimensions: dimensionsOf(await organizationOf(active)) }]);
  }
}
