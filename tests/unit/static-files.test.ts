import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS, staticFiles } from '#local/static-files.ts';

describe('the local static server', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'gps-static-'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>GPS</title>');
  const serve = staticFiles({ '/app/': folder }, { fallback: 'index.html', headers: PAGE_SECURITY_HEADERS });
  const server = createServer(async (request, response) => {
    if (!(await serve(request, response))) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const get = (path: string) => fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);

  it('answers 400 to a path that is no valid escape, never 500', async () => {
    for (const path of ['/app/%c0%ae', '/app/%e0%80%af', '/app/%zz', '/app/a%00b']) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(await response.text()).toBe('Adresse invalide.');
    }
  });

  it('serves the page with its CSP, and its own routes with the index', async () => {
    const response = await get('/app/personnes/01JC0000000000000000000000');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(PAGE_SECURITY_HEADERS['Content-Security-Policy']);
  });
});
