import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact.ts';

let powertools: Logger | undefined;
// Built on the first line logged, not at module init: most cold starts answer before logging anything.
const instance = () => (powertools ??= new Logger({ serviceName: 'gps', jsonReplacerFn: redactingReplacer }));

type Extra = Parameters<Logger['info']> extends [unknown, ...infer Rest] ? Rest : never;
type Log = (input: Parameters<Logger['info']>[0], ...extra: Extra) => void;

/**
 * The one logger of every GPS function: JSON lines (level, timestamp, service `gps`, message,
 * attributes) from Powertools. Redaction is its JSON replacer, so it applies to everything the
 * logger serializes (messages, nested attributes, errors Powertools formats, their causes)
 * and no call site can forget it.
 */
export const logger: { info: Log; warn: Log; error: Log } = {
  info: (input, ...extra) => instance().info(input, ...extra),
  warn: (input, ...extra) => instance().warn(input, ...extra),
  error: (input, ...extra) => instance().error(input, ...extra),
};
