import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every GPS function is bundled, read by CDK (infra/lambda-function.ts) and by the
 * cold-start bench (tests/bench/cold-start.ts): the bench measures what is deployed.
 * The SDK stays out, provided by the Node.js 22 runtime: bundled, it imports faster but
 * weighs 333 KB minified by itself, past the 250 KB a function's bundle is held to.
 */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  // Some dependencies still call require(): give ESM bundles one.
  banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
};
