import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { storeFromEnv } from '../config.ts';
import { loadSecrets } from '../secrets.ts';
import { importFile } from './import-file.ts';

/**
 * `npm run import -- fichier.csv [--dry-run] [--report rapport.csv]`: imports persons and
 * follow-up links into the table named by GPS_TABLE (GPS_DYNAMODB_ENDPOINT for DynamoDB
 * Local), with GPS_IDENTITY_SECRET; prints a progress bar and writes a report per line.
 * Ctrl-C stops between lines; running the file again finishes it. A file that is no CSV text
 * (binary, a workbook, UTF-16) imports nothing: the message says why, and the exit code is 1.
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
const store = (() => {
  try {
    return storeFromEnv();
  } catch (error) {
    console.error(`${(error as Error).message}\nVoir README, « Import ».`);
    process.exit(2);
  }
})();

const bar = new SingleBar({ format: 'Import {bar} {value}/{total} lignes · {duration}s', stream: process.stderr }, Presets.shades_classic);
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const started = Date.now();
bar.start(0, 0);
const result = await importFile(store, await readFile(file), {
  dryRun: values['dry-run'],
  signal: stop.signal,
  onProgress: (done, total) => {
    bar.setTotal(total);
    bar.update(done);
  },
});
bar.stop();
if ('unreadable' in result) {
  console.error(`${result.unreadable}\nRien n’a été importé.`);
  process.exit(1);
}
const seconds = (Date.now() - started) / 1000;
const reportFile = values.report ?? `${file.replace(/\.csv$/i, '')}.rapport.csv`;
await writeFile(reportFile, result.report);
const { counts } = result;
console.log(
  values['dry-run']
    ? `Vérification : ${counts.valid} lignes valables, ${counts.rejected} refusées. Rien n’a été écrit.`
    : `Import : ${counts.created} créées, ${counts.updated} mises à jour, ${counts.unchanged} inchangées, ${counts.rejected} refusées, en ${seconds.toFixed(1)} s (${Math.round((result.lines - result.notReached) / seconds)} lignes/s).`,
);
if (result.notReached) console.log(`Interrompu : ${result.notReached} lignes non traitées. Relancez la même commande pour terminer (les lignes déjà importées resteront inchangées).`);
console.log(`Rapport ligne par ligne : ${reportFile}`);
