import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './paths.js';
import { groupingAccuracy, parseLoghubSystem } from './loghub-parsing.js';

const dataDir = defaultDataDir();
const have = existsSync(join(dataDir, 'logs/loghub/HDFS/HDFS_2k.log'));

describe('grouping accuracy', () => {
  it('counts a line correct only when its mined group equals its true group', () => {
    expect(groupingAccuracy([1, 1, 2, 2], ['a', 'a', 'b', 'b'])).toBe(1);
    expect(groupingAccuracy([1, 1, 1, 2], ['a', 'a', 'b', 'b'])).toBe(0); // merged a+b; split b
    expect(groupingAccuracy([1, 1, 2, 3], ['a', 'a', 'b', 'b'])).toBe(0.5);
  });
});

describe.skipIf(!have)('Drain on Loghub 2k (ground truth = *_structured.csv EventId)', () => {
  if (!have) console.warn(`skipping Loghub parsing accuracy: ${dataDir}/logs/loghub absent`);
  it.each([['HDFS', 0.99], ['Apache', 0.99], ['BGL', 0.95], ['Windows', 0.99]])('%s with the benchmark settings reaches ≥ %s', async (system, floor) => {
    const r = await parseLoghubSystem(dataDir, system, 'benchmark');
    expect(r.headerMisses).toBe(0);
    expect(r.accuracy).toBeGreaterThanOrEqual(floor);
  });
  it('the default masks (no per-system tuning) stay close on HDFS and BGL', async () => {
    expect((await parseLoghubSystem(dataDir, 'HDFS', 'default')).accuracy).toBeGreaterThanOrEqual(0.99);
    expect((await parseLoghubSystem(dataDir, 'BGL', 'default')).accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
