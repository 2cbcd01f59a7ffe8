import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { createStore } from '#store/client.ts';
import { loadSecrets } from '../secrets.ts';
import { importRows, reportCsv, summarize } from './import-rows.ts';
import { readCsv } from './read-csv.ts';

/**
 * `npm run import -- fichier.csv [--dry-run] [--report rapport.csv]`: imports persons and
 * follow-up links into the table named by GPS_TABLE (GPS_DYNAMODB_ENDPOINT for DynamoDB
 * Local), with GPS_IDENTITY_SECRET; prints a progress bar and writes a report per line.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, report: { type: 'string' } },
});
const [file] = positionals;
if (!file) {
  console.error('Usage : npm run import -- fichier.csv [--dry-run] [--report rapport.csv]');
  process.exit(2);
}
await loadSecrets();
const env = process.env;
if (!env.GPS_TABLE || !env.GPS_IDENTITY_SECRET) {
  console.error('Indiquez GPS_TABLE et GPS_IDENTITY_SECRET (et GPS_DYNAMODB_ENDPOINT pour DynamoDB Local) : voir README, « Import ».');
  process.exit(2);
}
const store = createStore({
  table: env.GPS_TABLE,
  identitySecret: env.GPS_IDENTITY_SECRET,
  ...(env.GPS_DYNAMODB_ENDPOINT ? { endpoint: env.GPS_DYNAMODB_ENDPOINT } : {}),
});

const lines = readCsv(await readFile(file));
const bar = new SingleBar({ format: 'Import {bar} {value}/{total} lignes · {duration}s', stream: process.stderr }, Presets.shades_classic);
bar.start(lines.length, 0);
const started = Date.now();
const reports = await importRows(store, lines, { dryRun: values['dry-run'], onProgress: (done) => bar.update(done) });
bar.stop();
const seconds = (Date.now() - started) / 1000;
const reportFile = values.report ?? `${file.replace(/\.csv$/i, '')}.rapport.csv`;
await writeFile(reportFile, reportCsv(reports));
const counts = summarize(reports);
console.log(
  values['dry-run']
    ? `Vérification : ${counts.valid} lignes valables, ${counts.rejected} refusées. Rien n’a été écrit.`
    : `Import : ${counts.created} créées, ${counts.updated} mises à jour, ${counts.unchanged} inchangées, ${counts.rejected} refusées, en ${seconds.toFixed(1)} s (${Math.round(lines.length / seconds)} lignes/s).`,
);
console.log(`Rapport ligne par ligne : ${reportFile}`);
