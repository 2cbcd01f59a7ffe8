import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { FILES_SIDE_BY_SIDE } from './parallel.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoints: string[];
  }
}

/**
 * One DynamoDB Local per test file running at once, in memory; each test file makes its own
 * tables. One emulator serves one request at a time (its SQLite store is locked per request):
 * shared by three files, it made each of them three to six times slower.
 */
export default async function setup(project: TestProject) {
  const emulators = await Promise.all(Array.from({ length: FILES_SIDE_BY_SIDE }, () => startDynamoDbLocal()));
  project.provide(
    'dynamoDbEndpoints',
    emulators.map((emulator) => emulator.endpoint),
  );
  return async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
  };
}
