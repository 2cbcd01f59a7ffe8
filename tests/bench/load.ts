import autocannon from 'autocannon';
import { percentile, round } from './stats.ts';

/** Requests in flight, for the API (connections) and for the raw loop alike. */
export const CONCURRENCY = 50;

export type Latency = { p50Ms: number; p99Ms: number; perSecond: number; requests: number; failures: number };

/**
 * GETs against the API, each connection speaking for its own professional on their own
 * card, as 50 people would: one card read 50 times at once would put 50 transactions on
 * the same audited link item, a contention real use does not have.
 */
export async function loadApi(url: string, paths: readonly { path: string; token: string }[], seconds: number): Promise<Latency> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONCURRENCY,
    duration: seconds,
    setupClient: (client) => {
      const { path, token } = paths[next++ % paths.length]!;
      client.setRequests([{ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }]);
    },
  });
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    perSecond: round(result.requests.total / result.duration, 0),
    requests: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** The same work sent straight to DynamoDB Local: CONCURRENCY loops, each on its own card. */
export async function loadRaw<T>(subjects: readonly T[], operation: (subject: T) => Promise<unknown>, seconds: number): Promise<Latency> {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, index) => {
      const subject = subjects[index % subjects.length]!;
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await operation(subject);
          latencies.push(performance.now() - sent);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - start) / 1000;
  return {
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    perSecond: round(latencies.length / elapsedS, 0),
    requests: latencies.length,
    failures,
  };
}

