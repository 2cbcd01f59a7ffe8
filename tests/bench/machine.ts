import { availableParallelism, cpus, loadavg } from 'node:os';

/** What the figures depend on; the load average says how busy the machine already was. */
export const machine = () => ({
  cores: availableParallelism(),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
});

export type Machine = ReturnType<typeof machine>;

export const describeMachine = (m: Machine) =>
  `${m.cores} cores (${m.cpu}), Node ${m.node}, load average ${m.loadAverageAtStart.join(' / ')} at start`;
