import type { Context } from 'aws-lambda';
import { DEFAULT_RETENTION } from '#domain/retention.ts';
import { applyRetention } from '../apply-retention.ts';
import { workerDeps } from '../lambda-deps.ts';

/** Every night, after the idle job: files nobody follows any more get their notice, then are erased (GPS_RETENTION). */
export const handler = (_event: unknown, context: Context) =>
  applyRetention(workerDeps().store, workerDeps().retention ?? DEFAULT_RETENTION, { timeLeftMs: () => context.getRemainingTimeInMillis() });
