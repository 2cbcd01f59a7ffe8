/**
 * The HTTP load generator, in a process of its own (forked by load.ts): the API process's
 * CPU, measured with `process.cpuUsage`, is then the API's alone, not autocannon's too.
 * Each message runs one load and answers with autocannon's result and each response's
 * latency, by connection, in order.
 */
import autocannon from 'autocannon';

export type LoadOrder = { url: string; paths: { path: string; token: string }[]; connections: number; seconds: number };
export type LoadReply = { kind: 'started' } | { kind: 'done'; result: autocannon.Result; latencies: number[][] };

process.on('message', async ({ url, paths, connections, seconds }: LoadOrder) => {
  let next = 0;
  const latencies: number[][] = [];
  // Each connection speaks for its own professional on their own card, as 50 people would.
  const running = autocannon({
    url,
    connections,
    duration: seconds,
    setupClient: (client) => {
      const { path, token } = paths[next++ % paths.length]!;
      client.setRequests([{ method: 'GET', path, headers: { authorization: `Bearer ${token}` } }]);
      const own: number[] = [];
      latencies.push(own);
      client.on('response', (_status: number, _bytes: number, durationMs: number) => own.push(durationMs));
    },
  });
  process.send!({ kind: 'started' } satisfies LoadReply);
  process.send!({ kind: 'done', result: await running, latencies } satisfies LoadReply);
});
