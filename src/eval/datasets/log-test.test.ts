import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir } from './paths.js';
import { DATASETS } from './registry.js';

const dataDir = defaultDataDir();
const have = existsSync(join(dataDir, 'logs/hdfs-deeplog-sessions/hdfs_train')) && existsSync(join(dataDir, 'logs/loghub/BGL/BGL_2k.log'));
const dir = mkdtempSync(join(tmpdir(), 'ww-logtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!have)('eval --test: train on the shared data, score other files', () => {
  if (!have) console.warn(`skipping --test evaluation: HDFS sessions or BGL sample absent under ${dataDir}`);
  it('hdfs: scores anomalous sessions from PATH, normal ones from a held-out part never fitted', async () => {
    const abnormal = readFileSync(join(dataDir, 'logs/hdfs-deeplog-sessions/hdfs_abnormal_dev'), 'utf8').split('\n').filter(Boolean).slice(-300);
    const folder = join(dir, 'hdfs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'hdfs_test_abnormal'), `${abnormal.join('\n')}\n`);
    const r = await DATASETS.hdfs!.evaluate({ dataDir, seed: 1, trees: 1, folds: 5, test: folder });
    expect(r.dataset.classes.anomalous).toBe(300);
    const d = r.detectors['deeplog-ngram']!;
    expect(d.tp + d.fn).toBe(300);
    expect(d.recall).toBeGreaterThan(0.9);
    expect(d.fpr).toBeLessThan(0.05);
    expect(d.precisionAtPaperMix).toBeGreaterThan(0);
    const both = r.detectors['ngram+envelope']!;
    expect(both.tp + both.fn).toBe(300);
    expect(both.recall).toBeGreaterThan(0.95);
    expect(both.fpr!).toBeLessThanOrEqual(d.fpr!);
    writeFileSync(join(folder, 'mystery'), '1 2 3\n');
    await expect(DATASETS.hdfs!.evaluate({ dataDir, seed: 1, trees: 1, folds: 5, test: folder })).rejects.toThrow(/normal|abnormal/);
  }, 120_000);

  it('bgl: mines templates from the shared raw lines and flags alert lines in PATH', async () => {
    const lines = readFileSync(join(dataDir, 'logs/loghub/BGL/BGL_2k.log'), 'utf8').split('\n').filter(Boolean);
    // Unseen shapes: alert lines with their text altered, plus normal lines as they are.
    const fresh = lines.filter((l) => l.startsWith('- ')).slice(0, 200);
    const odd = lines.filter((l) => !l.startsWith('- ')).slice(0, 20).map((l) => `${l} unexpected extra words appended here`);
    const path = join(dir, 'bgl.log');
    writeFileSync(path, `${[...fresh, ...odd].join('\n')}\n`);
    const r = await DATASETS.bgl!.evaluate({ dataDir, seed: 1, trees: 1, folds: 5, test: path });
    const line = r.detectors['drain-rarity/line']!;
    expect(line.tp + line.fn).toBe(20);
    expect(line.recall).toBe(1);
    expect(line.fpr).toBeLessThan(0.1);
    writeFileSync(path, 'not a bgl line\n');
    await expect(DATASETS.bgl!.evaluate({ dataDir, seed: 1, trees: 1, folds: 5, test: path })).rejects.toThrow(/line 1: not a BGL log line/);
  }, 60_000);
});
