import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export type Size = { bytes: number; gzipBytes: number };

/** Raw and gzip -9 sizes, as tests/unit/widget-bundle.test.ts weighs the widgets. */
export function sizeOf(path: string): Size {
  const content = readFileSync(path);
  return { bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
