import { createStore } from '#store/client.ts';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { seedDemo } from './seed-demo.ts';

/**
 * `npm start`: GPS on this machine with no AWS account. Data stays on disk under
 * `.gps-data/` between runs; Ctrl-C stops everything.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const TABLE = 'gps';
const dynamoDb = await startDynamoDbLocal({ dataDir: '.gps-data/dynamodb' });
await ensureTable(dynamoDb.endpoint, TABLE);
const store = createStore({
  endpoint: dynamoDb.endpoint,
  table: TABLE,
  identitySecret: process.env.GPS_IDENTITY_SECRET ?? 'gps-local-identity-secret',
});
const { professionals, createdPersons } = await seedDemo(store);

console.log(`
GPS en local
  DynamoDB Local : ${dynamoDb.endpoint}  (table « ${TABLE} », données dans .gps-data/)
  Données de démonstration : ${createdPersons} bénéficiaires créés à ce démarrage
  Professionnels de démonstration :
${professionals.map((p) => `    - ${p.firstName} ${p.lastName}, ${p.organization.name} <${p.email}>`).join('\n')}

Ctrl-C pour tout arrêter.`);

const stop = async () => {
  await dynamoDb.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
