import type { Context } from 'aws-lambda';
import { endIdleFollowUps } from '../end-idle-follow-ups.ts';
import { workerDeps } from '../lambda-deps.ts';

/** Every night: follow-ups idle for two years end. */
export const handler = (_event: unknown, context: Context) => endIdleFollowUps(workerDeps().store, { timeLeftMs: () => context.getRemainingTimeInMillis() });
