import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, MODELLED_ENTITIES, peakSecond, type ItemSizes } from '../scale/model.ts';

// Weighed on DynamoDB Local items by `npm run scale-model`, which rewrites the file.
const sizes = JSON.parse(readFileSync(new URL('../scale/item-sizes.json', import.meta.url), 'utf8')) as ItemSizes;

describe('the national load model (tests/scale/model.ts)', () => {
  it('has a measured size for every item it writes or reads', () => {
    expect(Object.keys(sizes).sort()).toEqual([...MODELLED_ENTITIES].sort());
  });

  it('keeps every partition-key class, table and GSI1, within a partition’s 1,000 WCU/s and 3,000 RCU/s at the peak', () => {
    const over = peakSecond(sizes).filter((load) => load.hottestWcu > LIMITS.wcuPerSecond || load.hottestRcu > LIMITS.rcuPerSecond);
    expect(over).toEqual([]);
  });
});
