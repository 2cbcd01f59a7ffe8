import { availableParallelism, cpus, loadavg } from 'node:os';

/** What the figures depend on; the load average says how busy the machine already was. */
export const loadAverage = () => loadavg().map((load) => Math.round(load * 100) / 100);

export const machine = () => ({
  cores: availableParallelism(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  loadAverageAtStart: loadAverage(),
});

export type Machine = ReturnType<typeof machine>;

export const describeMachine = (m: Machine, atEnd: number[]) =>
  `${m.cores} cores (${m.cpu}), Node ${m.node}, load average (1 / 5 / 15 min) ${m.loadAverageAtStart.join(' / ')} at start, ${atEnd.join(' / ')} at end`;
