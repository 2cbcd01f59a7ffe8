import type { Context } from 'aws-lambda';
import { workerDeps } from '../lambda-deps.ts';
import { recountGauges } from '../recount-gauges.ts';

/** Every night, after retention: the gauges of the stats (persons with no référent, professionals known to GPS), recounted. */
export const handler = (_event: unknown, context: Context) => recountGauges(workerDeps().store, { timeLeftMs: () => context.getRemainingTimeInMillis() });
