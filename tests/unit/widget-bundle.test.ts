import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const bundle = readFileSync(new URL('../../web-components/dist/gps-widgets.js', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../../web-components/custom-elements.json', import.meta.url), 'utf8'));

const TAGS = ['gps-action-log', 'gps-config', 'gps-follow-up-list', 'gps-invite-button', 'gps-join', 'gps-my-needs', 'gps-my-team', 'gps-person-card', 'gps-referent-list', 'gps-situation-editor'];

describe('the widget bundle (built by `npm run build:widgets`, which pretest runs)', () => {
  it('holds every element, Lit included, in at most 25 KB gzip, without the server’s code', () => {
    const gzipped = gzipSync(bundle, { level: 9 }).length;
    console.info(`gps-widgets.js : ${(bundle.length / 1024).toFixed(1)} Ko, ${(gzipped / 1024).toFixed(1)} Ko gzip`);

    expect(gzipped).toBeLessThanOrEqual(25 * 1024);
    expect(bundle.toString()).not.toMatch(/ZodError|DynamoDB|@aws-sdk/);
    for (const tag of TAGS) expect(bundle.toString()).toMatch(new RegExp(`[\`"']${tag}[\`"']`));
  });

  it('is described by custom-elements.json: attributes, events and parts of each element', () => {
    const declarations = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).filter((d: { tagName?: string }) => d.tagName);
    const byTag = Object.fromEntries(declarations.map((d: { tagName: string }) => [d.tagName, d]));

    expect(Object.keys(byTag).sort()).toEqual(TAGS);
    expect(byTag['gps-invite-button'].events.map((e: { name: string }) => e.name)).toEqual(['gps-invite-sent', 'gps-error']);
    expect(byTag['gps-person-card'].attributes.map((a: { name: string }) => a.name)).toEqual(['person-id', 'api-base']);
    expect(byTag['gps-referent-list'].cssParts.map((p: { name: string }) => p.name)).toContain('badge');
    expect(byTag['gps-my-team'].events.map((e: { name: string }) => e.name)).toEqual(['gps-member-flagged', 'gps-error']);
    expect(byTag['gps-my-needs'].events.map((e: { name: string }) => e.name)).toEqual(['gps-need-written', 'gps-need-updated', 'gps-error']);
    expect(byTag['gps-my-team'].attributes.map((a: { name: string }) => a.name)).toEqual(['api-base']);
  });
});
