import { fork, type ChildProcess } from 'node:child_process';
import type { LoadOrder, LoadReply } from './load-client.ts';
import { percentile, round } from './stats.ts';

/** Requests in flight, for the API (connections) and for the raw loop alike. */
export const CONCURRENCY = 50;

/**
 * `p50Ms` and `p99Ms` leave out each client's first request of a load (50 of about 1,200): the
 * local server meets 50 new connections at once on one event loop, where API Gateway keeps
 * its clients' connections and runs each concurrent request in its own Lambda; in about one
 * round in three those 50 came back together after 1–2 s, and they alone made the API's p99.
 * The raw loops leave out their first call alike; `p99WithFirstMs` keeps them, for the record.
 */
export type Latency = { p50Ms: number; p99Ms: number; p99WithFirstMs: number; perSecond: number; requests: number; failures: number; cpuMsPerRequest: number };

/** Percentiles of each client's latencies, in order, with and without its first. */
const percentiles = (byClient: readonly (readonly number[])[]) => {
  const steady = byClient.flatMap((latencies) => latencies.slice(1));
  return { p50Ms: round(percentile(steady, 50)), p99Ms: round(percentile(steady, 99)), p99WithFirstMs: round(percentile(byClient.flat(), 99)) };
};

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** The load generator's process, started once: its start-up is no part of any measure. */
export function startLoadClient() {
  const child: ChildProcess = fork(new URL('./load-client.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  /**
   * GETs against the API for `seconds`, each connection on its own path. The CPU this
   * process spends meanwhile (the API server, handlers, SDK) is counted per request.
   */
  const loadApi = (url: string, paths: readonly { path: string; token: string }[], seconds: number) =>
    new Promise<Latency>((resolve, reject) => {
      let cpuSince: NodeJS.CpuUsage | undefined;
      const onMessage = (reply: LoadReply) => {
        if (reply.kind === 'started') {
          cpuSince = process.cpuUsage();
          return;
        }
        child.off('message', onMessage);
        const spent = cpuMs(cpuSince!);
        const { requests, duration, errors, timeouts, non2xx } = reply.result;
        resolve({
          ...percentiles(reply.latencies),
          perSecond: round(requests.total / duration, 0),
          requests: requests.total,
          failures: errors + timeouts + non2xx,
          cpuMsPerRequest: round(spent / Math.max(1, requests.total), 3),
        });
      };
      child.on('message', onMessage);
      child.once('error', reject);
      child.send({ url, paths: [...paths], connections: CONCURRENCY, seconds } satisfies LoadOrder);
    });
  return { loadApi, stop: () => child.kill() };
}

export type LoadClient = ReturnType<typeof startLoadClient>;

/** The same work sent straight to DynamoDB Local from this process: CONCURRENCY loops, each on its own subject. */
export async function loadRaw<T>(subjects: readonly T[], operation: (subject: T) => Promise<unknown>, seconds: number): Promise<Latency> {
  const latencies: number[][] = [];
  let failures = 0;
  const cpuSince = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, index) => {
      const subject = subjects[index % subjects.length]!;
      const own: number[] = [];
      latencies.push(own);
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          await operation(subject);
          own.push(performance.now() - sent);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const spent = cpuMs(cpuSince);
  const elapsedS = (performance.now() - start) / 1000;
  const requests = latencies.flat().length;
  return {
    ...percentiles(latencies),
    perSecond: round(requests / elapsedS, 0),
    requests,
    failures,
    cpuMsPerRequest: round(spent / Math.max(1, requests), 3),
  };
}
