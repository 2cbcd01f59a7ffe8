import { recordAccess } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { getPerson, readCard } from '#store/persons.ts';
import { loadApi, loadRaw, type Latency } from './load.ts';
import type { Reader } from './population.ts';

/** Long enough for a stable p99 at a few hundred requests per second. */
const DURATION_S = 10;

export type CardLatency = { card: { api: Latency; raw: Latency }; members: { api: Latency; raw: Latency } };

/**
 * The two reads a person's page makes, through the API and raw. "Raw" is the store calls
 * the handler makes, on a client of its own, straight to DynamoDB Local: what the API
 * adds (HTTP, JWT check, middy, zod, JSON) is the difference. Each load runs `warmUpS`
 * unmeasured first: JIT, connection pools, DynamoDB Local's JVM.
 */
export async function measureCardLatency(apiUrl: string, raw: Store, readers: readonly Reader[], warmUpS: number): Promise<CardLatency> {
  const paths = (suffix: string) => readers.map(({ personId, token }) => ({ path: `/persons/${personId}${suffix}`, token }));
  const measured = async (load: (seconds: number) => Promise<Latency>) => {
    await load(warmUpS);
    return load(DURATION_S);
  };
  return {
    // GET /persons/{id}: the profile and, alongside, the audit write that proves membership.
    card: {
      api: await measured((seconds) => loadApi(apiUrl, paths(''), seconds)),
      raw: await measured((seconds) =>
        loadRaw(readers, ({ personId, proId }) => Promise.all([getPerson(raw, personId), recordAccess(raw, { personId, actorId: proId, kind: 'card_read' })]), seconds),
      ),
    },
    // GET /persons/{id}/members: card + members, the one Query of the design.
    members: {
      api: await measured((seconds) => loadApi(apiUrl, paths('/members'), seconds)),
      raw: await measured((seconds) => loadRaw(readers, ({ personId }) => readCard(raw, personId), seconds)),
    },
  };
}
