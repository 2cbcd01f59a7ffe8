import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
import { median, round } from './stats.ts';
import { sizeOf, type Size } from './sizes.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The entry points infra/ deploys: one per API route group, one per worker, the import's planner and chunk worker. */
export const LAMBDA_ENTRIES = [
  ...readdirSync(join(ROOT, 'functions/api/lambda')).map((file) => `functions/api/lambda/${file}`),
  ...readdirSync(join(ROOT, 'functions/workers/lambda')).map((file) => `functions/workers/lambda/${file}`),
  'functions/import/lambda.ts',
  'functions/import/chunk-lambda.ts',
];
/** Imports of each bundle: the machine is shared, one import can take twice another; nine rounds keep one slow import from moving the median. */
const RUNS = 9;

/** What the API entries need to build their handler at import time; secrets come from Secrets Manager on AWS, not measured. */
const LAMBDA_ENV = {
  GPS_TABLE: 'gps',
  GPS_IDENTITY_SECRET: 'gps-bench-identity-secret',
  GPS_INVITATION_SECRET: 'gps-bench-invitation-secret-of-32-chars',
  GPS_TRUSTED_ISSUERS: JSON.stringify([
    {
      issuer: 'https://portail.exemple.fr',
      audience: 'gps-api',
      kind: 'partner',
      jwksUrl: 'https://portail.exemple.fr/jwks.json',
      allowedOrigins: ['https://portail.exemple.fr'],
      policy: { emailDomains: ['exemple.fr'], sirets: [], sirenPrefixes: ['4'], organizationKinds: ['siae'], franceTravailId: false },
    },
  ]),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** esbuild with the options CDK's NodejsFunction gets (infra/bundling.ts); `bundleSdk` only for the comparison row. */
export const bundleLambda = (entry: string, outdir: string, { bundleSdk = false } = {}) =>
  build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLING.target,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    external: bundleSdk ? [] : LAMBDA_BUNDLING.externalModules,
    mainFields: LAMBDA_BUNDLING.mainFields,
    banner: { js: LAMBDA_BUNDLING.banner },
    logLevel: 'error',
  });

/** Milliseconds to import the bundle in a fresh node: the module-init part of a cold start. */
async function initMs(file: string): Promise<number> {
  const script = 'const start = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - start));';
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(file).href], {
      env: { PATH: process.env.PATH, ...LAMBDA_ENV },
    });
    return Number(stdout);
  } catch (error) {
    // Its stderr quotes the minified line: keep the short lines, the message and the stack.
    const lines = String((error as { stderr?: string }).stderr).split('\n').filter((line) => line.length < 300);
    throw new Error(`${file} failed to load:\n${lines.join('\n')}`);
  }
}

export type BundleFigures = Size & { entry: string; initMs: number };
export type HandlerFigures = BundleFigures & { overSdk: { median: number; min: number; max: number; rounds: number } };

async function built(entry: string, dir: string, options?: { bundleSdk: boolean }) {
  const outdir = join(dir, `${entry.replace(/[/.]/g, '-')}${options?.bundleSdk ? '-sdk' : ''}`);
  await bundleLambda(entry, outdir, options);
  return join(outdir, 'index.mjs');
}

async function medianInit(file: string) {
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await initMs(file));
  return round(median(runs));
}

/** A handler that only creates the DynamoDB document client: what any GPS function pays before its own code. */
const SDK_ONLY = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => ({ statusCode: 204, body: String(Boolean(doc)) });
`;

/**
 * Each Lambda bundle, built as CDK builds it, against a handler that only creates the SDK's
 * client, built the same way: sizes, and import times in fresh node processes. Each round
 * imports the reference then the entry, one after the other, so that load on the machine
 * weighs on both; the ratio is the median of the rounds'.
 */
export async function measureColdStarts(): Promise<{ empty: BundleFigures; sdkOnly: BundleFigures; sdkBundled: BundleFigures; handlers: HandlerFigures[] }> {
  // Under node_modules so that the bundles find `@aws-sdk/*` as Lambda's runtime provides it.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'gps-bench-'));
  try {
    const emptyEntry = join(dir, 'empty-handler.mjs');
    writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 204 });\n');
    const sdkEntry = join(dir, 'sdk-only-handler.mjs');
    writeFileSync(sdkEntry, SDK_ONLY);
    const [emptyFile, sdkFile, sdkBundledFile] = [await built(emptyEntry, dir), await built(sdkEntry, dir), await built(sdkEntry, dir, { bundleSdk: true })];
    const figures = async (entry: string, file: string) => ({ entry, ...sizeOf(file), initMs: await medianInit(file) });
    const empty = await figures('empty handler', emptyFile);
    const sdkBundled = await figures('SDK-only handler, SDK bundled', sdkBundledFile);
    const handlers: HandlerFigures[] = [];
    const sdkRuns: number[] = [];
    for (const entry of LAMBDA_ENTRIES) {
      const file = await built(entry, dir);
      const [own, ratios]: [number[], number[]] = [[], []];
      for (let run = 0; run < RUNS; run += 1) {
        const reference = await initMs(sdkFile);
        const init = await initMs(file);
        sdkRuns.push(reference);
        own.push(init);
        ratios.push(init / reference);
      }
      handlers.push({ entry, ...sizeOf(file), initMs: round(median(own)), overSdk: { median: round(median(ratios), 2), min: round(Math.min(...ratios), 2), max: round(Math.max(...ratios), 2), rounds: RUNS } });
    }
    return { empty, sdkOnly: { entry: 'SDK-only handler', ...sizeOf(sdkFile), initMs: round(median(sdkRuns)) }, sdkBundled, handlers };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
