import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalEndpoint } from './api-server.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Local only: serves folders under URL prefixes (the widget bundle, the demo portal), as
 * CloudFront serves them from S3 on AWS. Nothing outside a mounted folder is reachable.
 */
export const staticFiles =
  (mounts: Record<string, string>): LocalEndpoint =>
  async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (!pathname.startsWith(prefix) || request.method !== 'GET') continue;
      const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)) || 'index.html');
      const file = join(folder, relative.endsWith(sep) ? `${relative}index.html` : relative);
      if (!file.startsWith(folder + sep)) return false;
      try {
        const body = await readFile(file);
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }).end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Introuvable.');
      }
      return true;
    }
    return false;
  };
