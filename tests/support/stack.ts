import { ulid } from 'ulid';
import { startLocalStack } from '#local/stack.ts';
import { dynamoDbEndpoint } from './store.ts';

export type Stack = Awaited<ReturnType<typeof startLocalStack>>;
type StackOptions = Omit<NonNullable<Parameters<typeof startLocalStack>[0]>, 'dataDir' | 'dynamoDbEndpoint' | 'table'>;

/**
 * `npm start`'s stack (API, page, provider, SES local, stream consumer) on this test file's
 * DynamoDB Local (see global-setup.ts), in a table of its own: a file no longer starts a JVM
 * of its own, and its first requests no longer wait on a cold emulator.
 */
export const startTestStack = (options: StackOptions = {}): Promise<Stack> =>
  startLocalStack({ ...options, dynamoDbEndpoint: dynamoDbEndpoint(), table: `gps-stack-${ulid()}` });
