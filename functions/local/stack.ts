import { routes } from '#api/routes.ts';
import { createHttpHandler, type HttpHandler } from '#http/handler.ts';
import { depsFromEnv } from '../config.ts';
import { startApiServer } from './api-server.ts';
import { createDevIssuer } from './dev-issuer.ts';
import { devTokenEndpoint } from './dev-token-endpoint.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { seedDemo } from './seed-demo.ts';
import { startSesLocal } from './ses-local.ts';

export const LOCAL_TABLE = 'gps';
export const DEV_ISSUER = 'urn:gps:local-dev-issuer';

/**
 * GPS on one machine: DynamoDB Local, SES local, the dev token issuer and the API behind a
 * local API Gateway, configured through the very environment variables a Lambda reads.
 * `npm start` keeps data on disk; tests run it in memory.
 */
export async function startLocalStack(options: { dataDir?: string; port?: number; seed?: boolean } = {}) {
  const dynamoDb = await startDynamoDbLocal(options.dataDir ? { dataDir: options.dataDir } : {});
  const ses = await startSesLocal();
  await ensureTable(dynamoDb.endpoint, LOCAL_TABLE);
  const issuer = await createDevIssuer(DEV_ISSUER);

  let handler: HttpHandler | undefined;
  const api = await startApiServer({
    routes,
    ...(options.port === undefined ? {} : { port: options.port }),
    handler: (event, context) => handler!(event, context),
    endpoints: [devTokenEndpoint(issuer)],
  });
  const deps = depsFromEnv({
    GPS_TABLE: LOCAL_TABLE,
    GPS_IDENTITY_SECRET: process.env.GPS_IDENTITY_SECRET ?? 'gps-local-identity-secret',
    GPS_DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    GPS_TRUSTED_ISSUERS: JSON.stringify([issuer.trusted()]),
    GPS_ALLOWED_ORIGINS: [api.url, api.url.replace('127.0.0.1', 'localhost'), process.env.GPS_ALLOWED_ORIGINS ?? ''].join(','),
    GPS_AUTHORIZED_SIRETS: process.env.GPS_AUTHORIZED_SIRETS ?? '',
  });
  handler = createHttpHandler(routes, () => deps);
  const demo = options.seed ? await seedDemo(deps.store) : undefined;

  return {
    apiUrl: api.url,
    ses,
    dynamoDb,
    issuer,
    store: deps.store,
    demo,
    stop: async () => {
      await api.close();
      await ses.stop();
      await dynamoDb.stop();
    },
  };
}
