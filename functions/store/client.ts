import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Provenance } from '#domain/federation.ts';

/** Everything a repository needs: the client, the table, the identity secret and a clock. */
export type Store = {
  doc: DynamoDBDocumentClient;
  table: string;
  /** Key of the identity HMACs; comes from configuration, never from the table. */
  identitySecret: string;
  now: () => Date;
  /**
   * Who writes through this store (the token's issuer and `jti`, the import, GPS itself):
   * every audit event records it. The HTTP stack binds each request's own; a store without
   * one cannot write an audit event.
   */
  provenance?: Provenance;
};

export type StoreConfig = {
  table: string;
  identitySecret: string;
  /** Set for DynamoDB Local; absent on AWS. */
  endpoint?: string;
  region?: string;
  now?: () => Date;
  /**
   * How long one request may take, if not 5 s: a background job (the import) may wait longer
   * for a busy store than an API call, which API Gateway cuts at 30 s.
   */
  requestTimeoutMs?: number;
};

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Without a timeout, a store that stops answering holds a request until API Gateway gives up
 * (30 s). With these, three attempts take at most about 16 s, and a refused connection fails
 * at once: the caller gets a 503 with Retry-After instead.
 */
const STORE_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true };
/**
 * DynamoDB Local is one JVM on a developer's or CI's two cores: under a test suite's load it
 * accepts connections and answers late, which AWS's endpoint does not; a stopped one still
 * refuses at once, so an outage is still a quick 503.
 */
const LOCAL_TIMEOUTS = { ...STORE_TIMEOUTS, connectionTimeout: 5_000, requestTimeout: 15_000 };
const STORE_ATTEMPTS = 3;

export const createDynamoDbClient = ({ endpoint, region, requestTimeoutMs }: Pick<StoreConfig, 'endpoint' | 'region' | 'requestTimeoutMs'>) =>
  new DynamoDBClient({
    region: region ?? process.env.AWS_REGION ?? 'eu-west-3',
    maxAttempts: STORE_ATTEMPTS,
    requestHandler: { ...(endpoint ? LOCAL_TIMEOUTS : STORE_TIMEOUTS), ...(requestTimeoutMs ? { requestTimeout: requestTimeoutMs } : {}) },
    ...(endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  });

/** The same store, its writes recorded as coming from `provenance`. */
export const withProvenance = (store: Store, provenance: Provenance): Store => ({ ...store, provenance });

export const createStore = (config: StoreConfig): Store => ({
  doc: DynamoDBDocumentClient.from(createDynamoDbClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  }),
  table: config.table,
  identitySecret: config.identitySecret,
  now: config.now ?? (() => new Date()),
});
