import { recordAccess } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { listFollowUps } from '#store/follow-ups.ts';
import { getPerson, readCard } from '#store/persons.ts';
import { loadRaw, type Latency, type LoadClient } from './load.ts';
import type { Reader } from './population.ts';
import { median, round } from './stats.ts';

/** API then raw, this many times over (ABAB…): a drift of the machine weighs on both alike; one slow round out of six does not move the median. */
const ROUNDS = 6;
/** Seconds of each load: a few hundred requests per second, so a p99 of a thousand or more. */
const ROUND_S = 4;

export type Spread = { median: number; min: number; max: number };
export type Endpoint = 'card' | 'members' | 'followUps';
/** Each round's API and raw figures, and the per-round p99 ratios summarised. */
export type Rounds = { api: Latency[]; raw: Latency[]; p99OverRaw: Spread };
export type CardLatency = Record<Endpoint, Rounds>;

export const spread = (values: readonly number[], digits = 2): Spread => ({
  median: round(median(values), digits),
  min: round(Math.min(...values), digits),
  max: round(Math.max(...values), digits),
});

/**
 * The reads a person's page makes, and my follow-ups, through the API and raw. "Raw" is the
 * store calls the handler makes, on a client of its own, straight to DynamoDB Local: what
 * the API adds (HTTP, JWT check, middy, zod, JSON) is the difference.
 */
export function endpoints(raw: Store, readers: readonly Reader[]) {
  const paths = (path: (reader: Reader) => string) => readers.map((reader) => ({ path: path(reader), token: reader.token }));
  return {
    // GET /persons/{id}: the profile and, alongside, the audit write that proves membership.
    card: {
      paths: paths(({ personId }) => `/persons/${personId}`),
      raw: ({ personId, proId }: Reader) => Promise.all([getPerson(raw, personId), recordAccess(raw, { personId, actorId: proId, kind: 'card_read' })]),
    },
    // GET /persons/{id}/members: card + members, the one Query of the design, and its audit alongside.
    members: {
      paths: paths(({ personId }) => `/persons/${personId}/members`),
      raw: ({ personId, proId }: Reader) => Promise.all([readCard(raw, personId), recordAccess(raw, { personId, actorId: proId, kind: 'members_read' })]),
    },
    // GET /follow-ups: one GSI1 Query.
    followUps: { paths: paths(() => '/follow-ups'), raw: ({ proId }: Reader) => listFollowUps(raw, proId, 'current') },
  } satisfies Record<Endpoint, { paths: { path: string; token: string }[]; raw: (reader: Reader) => Promise<unknown> }>;
}

/** Unmeasured API and raw load on every endpoint: JIT, connection pools and DynamoDB Local's JVM warm up before any figure. */
export async function warmUp(client: LoadClient, apiUrl: string, raw: Store, readers: readonly Reader[], seconds: number) {
  for (const endpoint of Object.values(endpoints(raw, readers))) {
    await client.loadApi(apiUrl, endpoint.paths, seconds);
    await loadRaw(readers, endpoint.raw, seconds);
  }
}

/** ROUNDS rounds of API then raw on each endpoint; the ratio is taken round by round. */
export async function measureLatency(client: LoadClient, apiUrl: string, raw: Store, readers: readonly Reader[], which: readonly Endpoint[]) {
  const all = endpoints(raw, readers);
  const measured: Partial<CardLatency> = {};
  for (const name of which) {
    const endpoint = all[name];
    const rounds: Rounds = { api: [], raw: [], p99OverRaw: { median: 0, min: 0, max: 0 } };
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.api.push(await client.loadApi(apiUrl, endpoint.paths, ROUND_S));
      rounds.raw.push(await loadRaw(readers, endpoint.raw, ROUND_S));
    }
    rounds.p99OverRaw = spread(rounds.api.map((api, index) => api.p99Ms / rounds.raw[index]!.p99Ms));
    measured[name] = rounds;
  }
  return measured;
}
