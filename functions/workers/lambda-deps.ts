import { workerDepsFromEnv } from '../config/workers.ts';
import type { WorkerDeps } from './deps.ts';
import { loadSecrets } from '../secrets.ts';

await loadSecrets();

let deps: WorkerDeps | undefined;
/** The workers' dependencies, built on a container's first event, not at its init. */
export const workerDeps = () => (deps ??= workerDepsFromEnv());
