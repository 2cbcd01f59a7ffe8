import { fileURLToPath } from 'node:url';
import { routes } from '#api/routes.ts';
import { createHttpHandler, type HttpHandler } from '#http/handler.ts';
import { withProvenance } from '#store/client.ts';
import type { JWK } from 'jose';
import type { TrustedIssuerRegistration } from '#domain/federation.ts';
import { PERSON_API_AUDIENCE } from '../auth/routes.ts';
import { createTokenSigner, newPrivateJwk } from '../auth/token-signer.ts';
import { SESSION_ISSUER, depsFromEnv } from '../config/api.ts';
import { workerDepsFromEnv } from '../config/workers.ts';
import { deliverDueEmails } from '../workers/deliver-email.ts';
import { processRecords } from '../workers/stream-consumer.ts';
import { legalSettingsFrom } from '../legal/settings.ts';
import { apiReference } from './api-reference.ts';
import { legalPagesEndpoint } from './legal-pages.ts';
import { startApiServer } from './api-server.ts';
import { createDevIssuer } from './dev-issuer.ts';
import { DEMO_ORGANIZATIONS, DEMO_PORTAL_POLICY } from './demo-data.ts';
import { devTokenEndpoint } from './dev-token-endpoint.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { seedDemo } from './seed-demo.ts';
import { startSesLocal } from './ses-local.ts';
import { startStreamPoller } from './stream-poller.ts';
import { startLocalOidcProvider } from './oidc-provider.ts';
import { PAGE_SECURITY_HEADERS, staticFiles } from './static-files.ts';

const WEB_COMPONENTS = fileURLToPath(new URL('../../web-components/', import.meta.url));

export const LOCAL_TABLE = 'gps';
export const DEV_ISSUER = 'urn:gps:local-dev-issuer';
/** The retry job runs every minute on AWS; locally, more often. */
const RETRY_EMAILS_EVERY_MS = 10_000;

/** What the local stack's store needs, as the Lambdas read it. */
const storeEnvironment = () => ({
  GPS_TABLE: LOCAL_TABLE,
  GPS_IDENTITY_SECRET: process.env.GPS_IDENTITY_SECRET ?? 'gps-local-identity-secret',
  GPS_INVITATION_SECRET: process.env.GPS_INVITATION_SECRET ?? 'gps-local-invitation-secret-not-for-production',
});

/**
 * The operator's own entries of `GPS_TRUSTED_ISSUERS` (partner portals), appended to the
 * stack's dev and session issuers. They are checked first on their own, by the very
 * configuration a Lambda reads at start (`depsFromEnv`), before anything is started: a
 * malformed entry fails with its French error and its own index in the list.
 */
function operatorIssuers(raw: string | undefined): TrustedIssuerRegistration[] {
  if (!raw?.trim() || /^\[\s*\]$/.test(raw.trim())) return [];
  depsFromEnv({ ...storeEnvironment(), GPS_TRUSTED_ISSUERS: raw });
  const entries = JSON.parse(raw) as TrustedIssuerRegistration[];
  const taken = entries.find(({ issuer }) => issuer === DEV_ISSUER || issuer === SESSION_ISSUER);
  if (taken) throw new Error(`Configuration GPS invalide :\n✖ GPS_TRUSTED_ISSUERS : l’émetteur ${taken.issuer} est celui de la pile locale ; choisissez un autre « issuer ».`);
  return entries;
}

/**
 * GPS on one machine: DynamoDB Local, SES local, the dev token issuer and the API behind a
 * local API Gateway, configured through the very environment variables a Lambda reads.
 * `npm start` keeps data on disk; tests run it in memory. Partner portals registered in
 * `GPS_TRUSTED_ISSUERS` (or `trustedIssuers`, for tests) are trusted besides the dev issuer.
 */
export async function startLocalStack(
  options: { dataDir?: string; port?: number; seed?: boolean; trustedIssuers?: readonly TrustedIssuerRegistration[] } = {},
) {
  const partners = operatorIssuers(options.trustedIssuers ? JSON.stringify(options.trustedIssuers) : process.env.GPS_TRUSTED_ISSUERS);
  const legal = legalSettingsFrom(process.env.GPS_LEGAL);
  const dynamoDb = await startDynamoDbLocal(options.dataDir ? { dataDir: options.dataDir } : {});
  const ses = await startSesLocal();
  await ensureTable(dynamoDb.endpoint, LOCAL_TABLE);
  const issuer = await createDevIssuer(DEV_ISSUER);

  let handler: HttpHandler | undefined;
  // The widget script and the page's assets answer other sites as CloudFront does: CORS for
  // the API's own allow-list (GPS's origins, GPS_ALLOWED_ORIGINS, each issuer's allowedOrigins),
  // known once the API's configuration is read below.
  let corsOrigins: readonly string[] = [];
  const cors = { allowedOrigins: () => corsOrigins };
  const api = await startApiServer({
    routes,
    ...(options.port === undefined ? {} : { port: options.port }),
    handler: (event, context) => handler!(event, context),
    endpoints: [
      devTokenEndpoint(issuer),
      // The API reference as CloudFront serves it on AWS: files, under the page's CSP.
      apiReference(),
      // The legal pages, from the operator's GPS_LEGAL (placeholders, said so on the page, without it).
      legalPagesEndpoint(legal),
      staticFiles({ '/widgets/': `${WEB_COMPONENTS}dist` }, { cors }),
      // The demo portal gets the page's own CSP: what GPS asks of partners' pages, it keeps itself.
      staticFiles({ '/demo/': `${WEB_COMPONENTS}demo` }, { headers: PAGE_SECURITY_HEADERS }),
      staticFiles({ '/app/': `${WEB_COMPONENTS}page/dist` }, { fallback: 'index.html', headers: PAGE_SECURITY_HEADERS, cors }),
    ],
  });
  const pageUrl = `${api.url}/app`;
  const callbackUrl = `${api.url}/auth/callback`;
  const personCallbackUrl = `${api.url}/auth/person/callback`;
  const oidcProvider = await startLocalOidcProvider({ callbackUrl, personCallbackUrl, pageUrl });
  const sessionKey = process.env.GPS_SESSION_KEY ? (JSON.parse(process.env.GPS_SESSION_KEY) as JWK) : await newPrivateJwk();
  const session = await createTokenSigner(SESSION_ISSUER, { privateJwk: sessionKey });
  const origins = [api.url, api.url.replace('127.0.0.1', 'localhost')];
  const storeEnv = { ...storeEnvironment(), GPS_DYNAMODB_ENDPOINT: dynamoDb.endpoint };
  const deps = depsFromEnv({
    ...storeEnv,
    GPS_TRUSTED_ISSUERS: JSON.stringify([
      // The demo portal stands for a département's portal too: its person tokens open their person's space.
      issuer.trusted(origins, DEMO_PORTAL_POLICY, { persons: true }),
      { issuer: SESSION_ISSUER, audience: 'gps-api', personAudience: PERSON_API_AUDIENCE, kind: 'session', jwks: session.jwks, allowedOrigins: origins },
      ...partners,
    ]),
    GPS_ALLOWED_ORIGINS: [...origins, process.env.GPS_ALLOWED_ORIGINS ?? ''].join(','),
    GPS_AUTHORIZED_SIRETS: process.env.GPS_AUTHORIZED_SIRETS ?? '',
    GPS_ORGANIZATIONS: JSON.stringify(DEMO_ORGANIZATIONS),
    GPS_ADMINISTRATORS: process.env.GPS_ADMINISTRATORS ?? '',
    ...(process.env.GPS_PUBLIC_STATS_THRESHOLD ? { GPS_PUBLIC_STATS_THRESHOLD: process.env.GPS_PUBLIC_STATS_THRESHOLD } : {}),
    GPS_PAGE_URL: pageUrl,
    GPS_AUTH_CALLBACK_URL: callbackUrl,
    GPS_OIDC_ISSUER: oidcProvider.issuer,
    GPS_OIDC_CLIENT_ID: oidcProvider.clientId,
    GPS_OIDC_CLIENT_SECRET: oidcProvider.clientSecret,
    GPS_OIDC_SCOPES: 'openid email profile phone organization',
    GPS_SESSION_KEY: JSON.stringify(sessionKey),
    GPS_PERSON_OIDC_ISSUER: oidcProvider.issuer,
    GPS_PERSON_OIDC_CLIENT_ID: oidcProvider.person.clientId,
    GPS_PERSON_OIDC_CLIENT_SECRET: oidcProvider.person.clientSecret,
  });
  corsOrigins = deps.allowedOrigins;
  handler = createHttpHandler(routes, () => deps);
  const workers = workerDepsFromEnv({
    ...storeEnv,
    GPS_PAGE_URL: pageUrl,
    GPS_MAIL_FROM: process.env.GPS_MAIL_FROM ?? 'GPS <ne-pas-repondre@gps.localhost>',
    GPS_SES_ENDPOINT: ses.endpoint,
  });
  // The stream is read for real (not called after each write): the consumer sees what
  // Lambda would, in stream order, with retries, and the API knows nothing about it.
  const stream = await startStreamPoller({ endpoint: dynamoDb.endpoint, table: LOCAL_TABLE, consume: (records) => processRecords(workers, records) });
  const retries = setInterval(() => void deliverDueEmails(workers).catch((error) => console.error(error)), RETRY_EMAILS_EVERY_MS);
  // The demo data come in as the demo portal's professionals would bring them.
  const store = withProvenance(deps.store, { issuer: DEV_ISSUER });
  const demo = options.seed ? await seedDemo(store, deps) : undefined;

  return {
    apiUrl: api.url,
    pageUrl,
    oidcProvider,
    ses,
    dynamoDb,
    issuer,
    /** The partner portals of GPS_TRUSTED_ISSUERS (or `trustedIssuers`), as registered. */
    partners,
    store,
    demo,
    workers,
    drainStream: stream.drain,
    stop: async () => {
      clearInterval(retries);
      await oidcProvider.stop();
      await stream.stop();
      await api.close();
      await ses.stop();
      await dynamoDb.stop();
    },
  };
}
