import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { median, round } from './stats.ts';
import { sizeOf, type Size } from './sizes.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The entry points infra/gps-service.ts deploys: one per API route group, the workers, the import. */
export const LAMBDA_ENTRIES = [
  ...readdirSync(join(ROOT, 'functions/api/lambda')).map((file) => `functions/api/lambda/${file}`),
  'functions/workers/lambda.ts',
  'functions/import/lambda.ts',
];
const RUNS = 5;

/** What the API entries need to build their handler at import time; secrets come from Secrets Manager on AWS, not measured. */
const LAMBDA_ENV = {
  GPS_TABLE: 'gps',
  GPS_IDENTITY_SECRET: 'gps-bench-identity-secret',
  GPS_INVITATION_SECRET: 'gps-bench-invitation-secret-of-32-chars',
  GPS_TRUSTED_ISSUERS: JSON.stringify([{ issuer: 'https://portail.exemple.fr', audience: 'gps-api', kind: 'partner', jwksUrl: 'https://portail.exemple.fr/jwks.json', allowedOrigins: [] }]),
};

/** NodejsFunction's esbuild options in infra/gps-service.ts; `@aws-sdk/*` stays out, as CDK does for Node ≥ 18 (the runtime has it). */
export const bundleLambda = (entry: string, outdir: string) =>
  build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*'],
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });

/** Milliseconds to import the bundle in a fresh node: the module-init part of a cold start. */
async function initMs(file: string): Promise<number> {
  const script = 'const start = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - start));';
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(file).href], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV },
  });
  return Number(stdout);
}

export type BundleFigures = Size & { entry: string; initMs: number };

async function measure(entry: string, dir: string): Promise<BundleFigures> {
  const outdir = join(dir, entry.replace(/[/.]/g, '-'));
  await bundleLambda(entry, outdir);
  const file = join(outdir, 'index.mjs');
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await initMs(file));
  return { entry, ...sizeOf(file), initMs: round(median(runs)) };
}

/**
 * Each Lambda bundle, built as CDK builds it, and an empty handler built the same way:
 * sizes, and the median time to import each in a fresh node process.
 */
export async function measureColdStarts(): Promise<{ empty: BundleFigures; handlers: BundleFigures[] }> {
  // Under node_modules so that the bundles find `@aws-sdk/*` as Lambda's runtime provides it.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'gps-bench-'));
  try {
    const emptyEntry = join(dir, 'empty-handler.mjs');
    writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 204 });\n');
    const empty = { ...(await measure(emptyEntry, dir)), entry: 'empty handler' };
    const handlers: BundleFigures[] = [];
    for (const entry of LAMBDA_ENTRIES) handlers.push(await measure(entry, dir));
    return { empty, handlers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
