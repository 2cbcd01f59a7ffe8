import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { routes } from '#api/routes.ts';
import type { Route } from '#http/route.ts';
import { STATIC_GROUPS } from '../../infra/gps-service.ts';

const ENTRIES = new URL('../../functions/api/lambda/', import.meta.url);
const keyOf = (route: Route) => `${route.method} ${route.path}`;

describe('one Lambda entry per route group', () => {
  it('each group of the routes table has its entry (but those CloudFront serves as files), serving exactly that group’s routes', async () => {
    // What a function reads at cold start, here only so the entries can be loaded.
    vi.stubEnv('GPS_TABLE', 'gps');
    vi.stubEnv('GPS_IDENTITY_SECRET', 'a'.repeat(16));
    vi.stubEnv('GPS_INVITATION_SECRET', 'b'.repeat(32));
    vi.stubEnv('GPS_TRUSTED_ISSUERS', JSON.stringify([{ issuer: 'urn:x', audience: 'gps-api', kind: 'partner', jwks: { keys: [] } }]));
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
