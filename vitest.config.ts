import { defineConfig } from 'vitest/config';
import { FILES_SIDE_BY_SIDE } from './tests/support/parallel.ts';

// Lambda runs Node 22; the AWS SDK's warning about this machine's Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * The tests' DynamoDB Locals (global setup, and those files start) compile with C1 only and
 * collect with one thread: on two cores, three JVMs' C2 compiler and G1 threads took the CPU
 * from the tests. Measured on the matrix, fuzz and import files side by side: 156 s → 87 s.
 * `npm start` and the bench keep Java's defaults (the bench measures DynamoDB Local warmed up).
 */
process.env.JDK_JAVA_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * Files that load the machine on purpose (50 connections, tens of thousands of lines): each
 * runs alone, after the others, so that neither it nor its neighbours measure the other.
 */
const ALONE = ['tests/integration/load.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'side-by-side',
          include: ['tests/**/*.test.ts', 'web-components/src/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: FILES_SIDE_BY_SIDE,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
