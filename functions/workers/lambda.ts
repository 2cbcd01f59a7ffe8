import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { workerDepsFromEnv } from '../config.ts';
import { deliverDueEmails } from './deliver-email.ts';
import type { WorkerDeps } from './deps.ts';
import { endIdleFollowUps } from './end-idle-follow-ups.ts';
import { applyRetention } from './apply-retention.ts';
import { DEFAULT_RETENTION } from '#domain/retention.ts';
import { processRecords } from './stream-consumer.ts';
import { recountGauges } from './recount-gauges.ts';
import { loadSecrets } from '../secrets.ts';

await loadSecrets();

let deps: WorkerDeps | undefined;
const workerDeps = () => (deps ??= workerDepsFromEnv());

/** The table's stream (audit events and queued e-mails), with partial batch failures. */
export const streamHandler = (event: DynamoDBStreamEvent) => processRecords(workerDeps(), event.Records);

/** Every minute: e-mails whose sending failed or was interrupted. */
export const retryEmailsHandler = () => deliverDueEmails(workerDeps());

/** Every night: follow-ups idle for two years end. */
export const endIdleHandler = (_event: unknown, context: Context) =>
  endIdleFollowUps(workerDeps().store, { timeLeftMs: () => context.getRemainingTimeInMillis() });

/** Every night, after the idle job: files nobody follows any more get their notice, then are erased (GPS_RETENTION). */
export const retentionHandler = (_event: unknown, context: Context) =>
  applyRetention(workerDeps().store, workerDeps().retention ?? DEFAULT_RETENTION, { timeLeftMs: () => context.getRemainingTimeInMillis() });

/** Every night, after retention: the gauges of the stats (persons with no référent, professionals known to GPS), recounted. */
export const statsGaugesHandler = (_event: unknown, context: Context) =>
  recountGauges(workerDeps().store, { timeLeftMs: () => context.getRemainingTimeInMillis() });
