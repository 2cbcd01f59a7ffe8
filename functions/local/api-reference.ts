import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { apiDocument, apiReferencePage } from '#api/docs.ts';
import { REFERENCE_ASSETS } from '#api/reference-assets.ts';
import type { LocalEndpoint } from './api-server.ts';
import { PAGE_SECURITY_HEADERS } from './static-files.ts';

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.png': 'image/png' };

/**
 * Local only: `/docs`, its files under `/docs/` and `/openapi.json`, as CloudFront serves them
 * from the web bucket on AWS (rendered once, the page's CSP and security headers). Only the
 * files of REFERENCE_ASSETS are reachable.
 */
export function apiReference(): LocalEndpoint {
  const page = apiReferencePage();
  const document = JSON.stringify(apiDocument);
  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300', ...headers }).end(request.method === 'HEAD' ? undefined : body);
      return true;
    };
    if (pathname === '/docs') return send('text/html; charset=utf-8', page, PAGE_SECURITY_HEADERS);
    if (pathname === '/openapi.json') return send('application/json; charset=utf-8', document, { 'X-Content-Type-Options': 'nosniff' });
    const name = pathname.startsWith('/docs/') ? pathname.slice('/docs/'.length) : undefined;
    const file = name !== undefined && Object.hasOwn(REFERENCE_ASSETS, name) ? REFERENCE_ASSETS[name] : undefined;
    if (!file) return false;
    return send(TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file), { 'X-Content-Type-Options': 'nosniff' });
  };
}
