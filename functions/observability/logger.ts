import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact.ts';

/**
 * The one logger of every GPS function: JSON lines (level, timestamp, service `gps`, message,
 * attributes) from Powertools. Redaction is its JSON replacer, so it applies to everything the
 * logger serializes (messages, nested attributes, errors Powertools formats, their causes)
 * and no call site can forget it.
 */
export const logger = new Logger({ serviceName: 'gps', jsonReplacerFn: redactingReplacer });
