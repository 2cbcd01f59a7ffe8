import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { routes } from '#api/routes.ts';
import type { Route } from '#http/route.ts';
import { STATIC_GROUPS } from '../../infra/gps-service.ts';
import { LAMBDA_ENTRIES, bundleLambda } from '../bench/cold-start.ts';
import { sizeOf } from '../bench/sizes.ts';

const ENTRIES = new URL('../../functions/api/lambda/', import.meta.url);
const keyOf = (route: Route) => `${route.method} ${route.path}`;

describe('one Lambda entry per route group', () => {
  it('each group of the routes table has its entry (but those CloudFront serves as files), serving exactly that group’s routes', async () => {
    // What a function reads at cold start, here only so the entries can be loaded.
    vi.stubEnv('GPS_TABLE', 'gps');
    vi.stubEnv('GPS_IDENTITY_SECRET', 'a'.repeat(16));
    vi.stubEnv('GPS_INVITATION_SECRET', 'b'.repeat(32));
    vi.stubEnv('GPS_TRUSTED_ISSUERS', JSON.stringify([{ issuer: 'urn:x', audience: 'gps-api', kind: 'session', jwks: { keys: [] } }]));
    const groups = [...new Set(routes.map((route) => route.group))].filter((group) => !STATIC_GROUPS.has(group)).sort();
    expect(readdirSync(ENTRIES).map((file) => file.replace(/\.ts$/, '')).sort()).toEqual(groups);
    for (const group of groups) {
      const entry = (await import(new URL(`${group}.ts`, ENTRIES).href)) as { groupRoutes: Route[]; handler: unknown };
      expect(entry.groupRoutes.map(keyOf).sort(), group).toEqual(routes.filter((route) => route.group === group).map(keyOf).sort());
      expect(typeof entry.handler).toBe('function');
    }
    vi.unstubAllEnvs();
  });
});

describe('every Lambda bundle', () => {
  it('stays under 250 KB minified, as CDK bundles it (a value import of zod’s `z` alone adds ≈ 370 KB)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gps-bundles-'));
    try {
      for (const entry of LAMBDA_ENTRIES) {
        const outdir = join(dir, entry.replace(/[/.]/g, '-'));
        await bundleLambda(entry, outdir);
        expect(sizeOf(join(outdir, 'index.mjs')).bytes, entry).toBeLessThan(250 * 1024);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
