import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { declareComplete } from '#domain/import-row.ts';
import { storeFromEnv } from '../config/environment.ts';
import { loadSecrets } from '../secrets.ts';
import { CHUNK_LINES } from './chunks.ts';
import { summarizeCompletion } from './complete.ts';
import { importFile, type ImportedFile, type UnreadableImport } from './import-file.ts';
import { folderObjects } from './objects.ts';
import { importLocally, type LocalResult } from './run-locally.ts';

/**
 * `npm run import -- fichier.csv [--dry-run] [--report rapport.csv] [--workers 4] [--chunk-lines 5000] [--complete <siret>] [--confirm-empty <siret>]`:
 * imports persons and follow-up links into the table named by GPS_TABLE (GPS_DYNAMODB_ENDPOINT
 * for DynamoDB Local), with GPS_IDENTITY_SECRET, as AWS does: the same planner cuts the file in
 * chunks (in a temporary folder), the same chunk worker imports them, `--workers` at once, and
 * the last one writes the report. Prints a progress bar. Ctrl-C stops between lines; running
 * the file again finishes it. A file that is no CSV text (binary, a workbook, UTF-16) imports
 * nothing: the message says why, and the exit code is 1. `--dry-run` checks every line, whole.
 * `--complete <siret>` (repeatable, or a comma list): the file is complete for that organization
 * (README, « Import complet »): after its last line, that organization's links it no longer
 * lists end; with `--dry-run`, the report says which would. A declared organization without one
 * line imported is refused (exit code 1) unless also given to `--confirm-empty`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    report: { type: 'string' },
    workers: { type: 'string', default: '4' },
    'chunk-lines': { type: 'string', default: String(CHUNK_LINES) },
    complete: { type: 'string', multiple: true, default: [] },
    'confirm-empty': { type: 'string', multiple: true, default: [] },
  },
});
const USAGE = 'Usage : npm run import -- fichier.csv [--dry-run] [--report rapport.csv] [--workers 4] [--chunk-lines 5000] [--complete <siret>] [--confirm-empty <siret>]';
const [file] = positionals;
const workers = Number(values.workers);
const chunkSize = Number(values['chunk-lines']);
if (!file || !(Number.isInteger(workers) && workers >= 1) || !(Number.isInteger(chunkSize) && chunkSize >= 1)) {
  console.error(USAGE);
  process.exit(2);
}
const declared = declareComplete(values.complete, values['confirm-empty']);
if ('error' in declared) {
  console.error(`${declared.error}\nVoir README, « Import complet ». Rien n’a été importé.`);
  process.exit(2);
}
const complete = declared.declaration;
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
const onProgress = (done: number, total: number) => {
  bar.setTotal(total);
  bar.update(done);
};
const bytes = await readFile(file);
const work = await mkdtemp(join(tmpdir(), 'gps-import-'));
bar.start(0, 0);
const result: ImportedFile | UnreadableImport | LocalResult = await (async () => {
  try {
    if (values['dry-run']) return await importFile(store, bytes, { dryRun: true, signal: stop.signal, onProgress, ...(complete ? { complete } : {}) });
    return await importLocally({ store, objects: folderObjects(work), fileKey: basename(file), reportKey: 'rapport.csv', bytes, workers, chunkSize, signal: stop.signal, onProgress, ...(complete ? { complete } : {}) });
  } finally {
    bar.stop();
    await rm(work, { recursive: true, force: true });
  }
})();
if ('unreadable' in result) {
  console.error(`${result.unreadable}\nRien n’a été importé.`);
  process.exit(1);
}
const seconds = (Date.now() - started) / 1000;
const reportFile = values.report ?? `${file.replace(/\.csv$/i, '')}.rapport.csv`;
await writeFile(reportFile, result.report);
const { counts } = result;
const planned = values['dry-run'] ? undefined : (result as Extract<LocalResult, { jobId: string }>);
const chunks = planned ? ` en ${planned.chunks} morceau${planned.chunks > 1 ? 'x' : ''} (${workers} à la fois)` : '';
console.log(
  values['dry-run']
    ? `Vérification : ${counts.valid} lignes valables, ${counts.rejected} refusées. Rien n’a été écrit.`
    : `Import : ${counts.created} créées, ${counts.updated} mises à jour, ${counts.unchanged} inchangées, ${counts.rejected} refusées, en ${seconds.toFixed(1)} s${chunks} (${Math.round((result.lines - result.notReached) / seconds)} lignes/s).`,
);
if (result.notReached) console.log(`Interrompu : ${result.notReached} lignes non traitées. Relancez la même commande pour terminer (les lignes déjà importées resteront inchangées).`);
if (complete) {
  const sirets = complete.sirets.join(', ');
  if (!result.completion) {
    console.log(`Import complet (${sirets}) : rien n’a été terminé, le fichier n’a pas été importé jusqu’au bout. Relancez la même commande.`);
  } else {
    const done = summarizeCompletion(result.completion);
    const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
    console.log(
      values['dry-run']
        ? `Import complet (${sirets}), vérification : ${count(done.would_end, 'suivi serait terminé', 'suivis seraient terminés')}, ${count(done.would_remove_certification, 'certification serait retirée', 'certifications seraient retirées')}. Rien n’a été écrit.`
        : `Import complet (${sirets}) : ${count(done.ended, 'suivi terminé', 'suivis terminés')}, ${count(done.certification_removed, 'certification retirée', 'certifications retirées')}${done.not_ended ? `, ${count(done.not_ended, 'suivi laissé', 'suivis laissés')} en place (voir le rapport)` : ''}.`,
    );
    for (const refused of result.completion.filter((entry) => entry.outcome === 'complete_refused')) console.error(refused.reason);
    if (done.complete_refused) process.exitCode = 1;
  }
}
console.log(`Rapport ligne par ligne : ${reportFile}`);
