/**
 * `npm run scale-model`: weighs GPS's items on DynamoDB Local (item-sizes.json, which the
 * unit test reads), then prints the national model's peak per partition-key class and the
 * monthly on-demand cost. Exits 1 if a class is past a partition's limits.
 */
import { writeFileSync } from 'node:fs';
import { createStore, withProvenance } from '#store/client.ts';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { measureItemSizes } from './item-sizes.ts';
import { LIMITS, NATIONAL, PRICES, monthlyCost, peakSecond, rates, withinLimits } from './model.ts';
import { STAT_SHARDS } from '#store/keys.ts';

const TABLE = 'gps-scale-model';
const dynamoDb = await startDynamoDbLocal();
let sizes;
try {
  await ensureTable(dynamoDb.endpoint, TABLE);
  const store = withProvenance(createStore({ endpoint: dynamoDb.endpoint, table: TABLE, identitySecret: 'gps-scale-model-identity' }), { issuer: 'urn:gps:scale-model' });
  sizes = await measureItemSizes(store, 'gps-scale-model-invitation-secret-32c');
  store.doc.destroy();
} finally {
  await dynamoDb.stop();
}
writeFileSync(new URL('item-sizes.json', import.meta.url), `${JSON.stringify(sizes, null, 2)}\n`);

const fixed = (value: number, digits = 1) => value.toLocaleString('en', { maximumFractionDigits: digits });
const loads = peakSecond(sizes);
const header = ['index', 'partition-key class', 'partitions hit in the peak second', 'hottest partition WCU/s', 'hottest partition RCU/s', 'class total WCU/s', 'class total RCU/s', 'within limits'];
const lines = loads.map((load) => [load.index, load.keyClass, fixed(load.partitions, 0), fixed(load.hottestWcu), fixed(load.hottestRcu), fixed(load.totalWcu), fixed(load.totalRcu), withinLimits(load) ? 'yes' : 'NO']);
const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
const row = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
const cost = monthlyCost(sizes);
const peak = rates().peak;

console.log(`National model (tests/scale/model.ts): ${fixed(NATIONAL.professionals, 0)} professionals, ${NATIONAL.dailyActiveShare * 100} % active on a working day, ${fixed(NATIONAL.persons, 0)} persons,`);
console.log(`per active professional and day ${Object.entries(NATIONAL.perActivePerDay).map(([name, count]) => `${name} ${count}`).join(', ')};`);
console.log(`${NATIONAL.workingHours} h working day, peak hour ×${NATIONAL.peakHourFactor}, the import at ${fixed(NATIONAL.importRowsPerSecond, 0)} rows/s through the peak; stat counters on ${STAT_SHARDS} shards.`);
console.log(`Peak requests/s: ${Object.entries(peak).map(([name, rate]) => `${name} ${fixed(rate, 0)}`).join(', ')}.`);
console.log(`Item sizes measured on DynamoDB Local (bytes): ${Object.entries(sizes).map(([entity, bytes]) => `${entity} ${bytes}`).join(', ')}.\n`);
console.log([row(header), row(widths.map((width) => '-'.repeat(width))), ...lines.map(row)].join('\n'));
console.log(`\nLimits per partition: ${fixed(LIMITS.wcuPerSecond, 0)} WCU/s, ${fixed(LIMITS.rcuPerSecond, 0)} RCU/s.`);
console.log(
  `Monthly on-demand cost (${NATIONAL.workingDaysPerMonth} working days, the import apart): ${fixed(cost.writeUnits / 1e6, 0)} M write units × $${PRICES.perMillionWriteUnits} + ${fixed(cost.readUnits / 1e6, 0)} M read units × $${PRICES.perMillionReadUnits} + ${fixed(cost.storedGb, 1)} GB × $${PRICES.perGbMonth} = $${fixed(cost.dollars, 0)} a month.`,
);
const over = loads.filter((load) => !withinLimits(load));
if (over.length) {
  console.log(`\nPast a partition's limits: ${over.map((load) => `${load.index} ${load.keyClass}`).join(', ')}`);
  process.exitCode = 1;
}
