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
 *
 * Vitest runs this once per project, and for the root project too, which runs no file: each
 * project gets as many emulators as it runs files at once (three side by side, one alone),
 * the root project none. It was nine JVMs, one batch of three after the other before the
 * first test, five of them for nothing (a JVM takes about 5 s of CPU to start).
 */
export default async function setup(project: TestProject) {
  const runsNoFile = project.isRootProject() && !project.vitest.projects.includes(project);
  const count = runsNoFile ? 0 : Math.min(project.config.maxWorkers, FILES_SIDE_BY_SIDE);
  const emulators = await Promise.all(Array.from({ length: count }, () => startDynamoDbLocal()));
  project.provide(
    'dynamoDbEndpoints',
    emulators.map((emulator) => emulator.endpoint),
  );
  return async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
  };
}
