import type { DynamoDBStreamEvent } from 'aws-lambda';
import { workerDeps } from '../lambda-deps.ts';
import { processRecords } from '../stream-consumer.ts';

/** The table's stream (audit events and queued e-mails), with partial batch failures. */
export const handler = (event: DynamoDBStreamEvent) => processRecords(workerDeps(), event.Records);
