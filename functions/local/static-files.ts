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
 * CORS for files another site loads (the widget script in a partner's page): the rule
 * CloudFront applies on AWS. The request's `Origin` is echoed only when it is in the allow-list
 * (GPS's own origins, `GPS_ALLOWED_ORIGINS` and every trusted issuer's `allowedOrigins`);
 * `Vary: Origin` always, so no cache hands one site's answer to another.
 */
export type StaticCors = { allowedOrigins: () => readonly string[] };

const PREFLIGHT_MAX_AGE_SECONDS = 600;

function corsHeaders(cors: StaticCors | undefined, origin: string | undefined): Record<string, string> {
  if (!cors) return {};
  return { Vary: 'Origin', ...(origin && cors.allowedOrigins().includes(origin) ? { 'Access-Control-Allow-Origin': origin } : {}) };
}

/**
 * Local only: serves folders under URL prefixes (the widget bundle, the demo portal), as
 * CloudFront serves them from S3 on AWS. Nothing outside a mounted folder is reachable.
 */
export const staticFiles =
  (mounts: Record<string, string>, options: { fallback?: string; headers?: Record<string, string>; cors?: StaticCors } = {}): LocalEndpoint =>
  async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const cors = corsHeaders(options.cors, request.headers.origin);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (!pathname.startsWith(prefix)) continue;
      if (request.method === 'OPTIONS' && options.cors) {
        const allowed = 'Access-Control-Allow-Origin' in cors;
        response
          .writeHead(204, {
            ...cors,
            ...(allowed ? { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS) } : {}),
          })
          .end();
        return true;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') continue;
      const decoded = decodedPath(pathname.slice(prefix.length));
      if (decoded === undefined) {
        // `%c0%ae` and the like are no UTF-8: a bad request, not a server error.
        response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...cors }).end('Adresse invalide.');
        return true;
      }
      const relative = normalize(decoded || 'index.html');
      const file = join(folder, relative.endsWith(sep) ? `${relative}index.html` : relative);
      if (!file.startsWith(folder + sep)) return false;
      // A page app answers its own routes (/app/personnes/…) with its index.
      const served = await readFile(file).then(
        (body) => ({ body, path: file }),
        () => (options.fallback && !extname(file) ? readFile(join(folder, options.fallback)).then((body) => ({ body, path: options.fallback! })) : undefined),
      );
      if (!served) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...cors }).end('Introuvable.');
        return true;
      }
      const type = TYPES[extname(served.path)] ?? 'application/octet-stream';
      response
        .writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...cors, ...(type.startsWith('text/html') ? options.headers : {}) })
        .end(request.method === 'HEAD' ? undefined : served.body);
      return true;
    }
    return false;
  };

const decodedPath = (encoded: string): string | undefined => {
  try {
    const decoded = decodeURIComponent(encoded);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
};

/**
 * The GPS page's security headers (CloudFront's response headers policy on AWS): a strict
 * CSP (scripts and styles from the page's own origin only; Lit's constructed stylesheets
 * are not inline styles), no framing, no referrer beyond the origin.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
