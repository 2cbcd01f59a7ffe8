import { TEST_PORTAL_POLICY } from '#tests/support/fixtures.ts';
import { routes } from '#api/routes.ts';
import { createHttpHandler } from '#http/handler.ts';
import { startApiServer } from '#local/api-server.ts';
import { createDevIssuer } from '#local/dev-issuer.ts';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { depsFromEnv } from '../../functions/config/api.ts';

const TABLE = 'gps-bench';
/** The dev issuer the bench's professionals sign in with; the raw loop's writes are recorded as its. */
export const BENCH_ISSUER = 'urn:gps:bench';

/**
 * DynamoDB Local and the API behind the local API Gateway, configured by the very
 * `depsFromEnv` a Lambda runs. Not `startLocalStack`: its stream poller would chew through
 * the seeded items' stream (and write stats for every audit event) while we measure, which
 * on AWS happens in another function, on other CPUs.
 */
export async function startBenchApi() {
  const dynamoDb = await startDynamoDbLocal();
  await ensureTable(dynamoDb.endpoint, TABLE);
  const issuer = await createDevIssuer(BENCH_ISSUER);
  const deps = depsFromEnv({
    GPS_TABLE: TABLE,
    GPS_IDENTITY_SECRET: 'gps-bench-identity-secret',
    GPS_INVITATION_SECRET: 'gps-bench-invitation-secret-of-32-chars',
    GPS_DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    GPS_TRUSTED_ISSUERS: JSON.stringify([issuer.trusted(['https://bench.exemple.fr'], TEST_PORTAL_POLICY)]),
    // A benchmark measures speed: its few professionals call far more than a working day's quotas.
    GPS_DAILY_QUOTAS: JSON.stringify({ lookups: 1e9, lookupsPerIssuer: 1e9, creations: 1e9, joins: 1e9, leaves: 1e9 }),
  });
  const api = await startApiServer({ routes, handler: createHttpHandler(routes, () => deps) });
  return {
    url: api.url,
    endpoint: dynamoDb.endpoint,
    /** The store the handler uses: what is counted on it is what the API sends. */
    store: deps.store,
    issuer,
    stop: async () => {
      await api.close();
      deps.store.doc.destroy();
      await dynamoDb.stop();
    },
  };
}

export type BenchApi = Awaited<ReturnType<typeof startBenchApi>>;
