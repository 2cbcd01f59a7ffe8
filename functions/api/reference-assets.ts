import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The files the API reference page loads, under `/docs/`: Swagger UI as the npm package
 * `swagger-ui-dist` ships it, and the page's own script and styles. Served as static files,
 * never bundled into a function: by the local server (`npm start`), and on AWS from the web
 * bucket behind CloudFront, with the page's CSP. Read by the local stack and the CDK app only.
 */
const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const own = fileURLToPath(new URL('./reference/', import.meta.url));

export const REFERENCE_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': join(swaggerUi, 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(swaggerUi, 'swagger-ui-bundle.js'),
  'favicon-32x32.png': join(swaggerUi, 'favicon-32x32.png'),
  'reference.css': join(own, 'reference.css'),
  'reference.js': join(own, 'reference.js'),
};

/** The folders these files are in, each with the names to take from it (for a BucketDeployment). */
export const REFERENCE_ASSET_FOLDERS: readonly { folder: string; files: string[] }[] = [
  { folder: swaggerUi, files: ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'] },
  { folder: own, files: ['reference.css', 'reference.js'] },
];
