import { LEGAL_PATHS, legalPages } from '../legal/pages.ts';
import type { LegalSettings } from '../legal/settings.ts';
import type { LocalEndpoint } from './api-server.ts';
import { PAGE_SECURITY_HEADERS } from './static-files.ts';

/** Local only: the legal pages, rendered once, as CloudFront serves them from the web bucket on AWS. */
export function legalPagesEndpoint(settings: LegalSettings): LocalEndpoint {
  const pages: Record<string, string> = legalPages(settings);
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !(LEGAL_PATHS as readonly string[]).includes(pathname)) return false;
    response
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=300', ...PAGE_SECURITY_HEADERS })
      .end(request.method === 'HEAD' ? undefined : pages[pathname]);
    return true;
  };
}
