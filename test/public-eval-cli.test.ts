import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../src/cli/eval.js';
import { defaultDataDir } from '../src/eval/datasets/index.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await evalCommand().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

const dataDir = defaultDataDir();
const have = existsSync(join(dataDir, 'logs/loghub/BGL')) && existsSync(join(dataDir, 'network/wustl-ehms-2020'));

describe.skipIf(!have)('wardwatch eval --dataset NAME (public datasets)', () => {
  afterEach(() => { process.exitCode = undefined; });

  it('prints the simulator evaluation\'s top level for a log dataset', async () => {
    const r = JSON.parse(await run(['--dataset', 'bgl', '--json', '--no-progress'])) as {
      detectors: Record<string, { precision: number | null; recall: number | null; f1: number | null; falseAlertsPerDay: number | null }>;
      scenarios: Array<{ name: string; detected: number; timeToDetectSeconds: number | null }>;
      dataset: { split: string };
    };
    // Template rarity per window and per line, and the count-vector models per window (docs/eval-datasets.md).
    expect(Object.keys(r.detectors)).toEqual(['template-rarity/window', 'template-rarity/line', 'count-envelope/window', 'invariants/window', 'pca-spe/window']);
    expect(r.detectors['template-rarity/window']).toEqual(expect.objectContaining({ precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number) }));
    expect(r.scenarios.length).toBeGreaterThan(0);
    expect(r.scenarios[0]).toMatchObject({ timeToDetectSeconds: null });
    expect(r.dataset.split).toMatch(/chronological/);
  });

  it('scores only the asked model on a tabular dataset, with identifier columns dropped and a null per-day rate', async () => {
    const r = JSON.parse(await run(['--dataset', 'wustl-ehms', '--max-rows', '1500', '--trees', '10', '--detectors', 'random-forest', '--json', '--no-progress'])) as {
      detectors: Record<string, { f1: number; falseAlertsPerDay: number | null; note?: string }>;
      dataset: { rows: number; dropped: Array<{ column: string }> };
      scenarios: Array<{ name: string }>;
    };
    expect(Object.keys(r.detectors)).toEqual(['random-forest']);
    expect(r.detectors['random-forest']!.falseAlertsPerDay).toBeNull();
    expect(r.detectors['random-forest']!.note).toMatch(/not meaningful/);
    expect(r.dataset.dropped.map((d) => d.column)).toEqual(expect.arrayContaining(['SrcAddr', 'DstAddr', 'SrcMac', 'DstMac', 'Sport', 'Dport', 'Packet_num']));
    expect(r.scenarios.map((s) => s.name).sort()).toEqual(['Data Alteration', 'Spoofing']);
  });

  it('rejects a model name it does not know, naming the flag', async () => {
    const out = await run(['--dataset', 'nsl-kdd', '--detectors', 'svm', '--json']);
    expect(JSON.parse(out)).toMatchObject({ error: 'request.invalid' });
    expect(out).toMatch(/--detectors/);
    expect(process.exitCode).toBe(1);
  });

  it('names the missing file when the data folder is wrong', async () => {
    const out = await run(['--dataset', 'hdfs', '--datasets-dir', '/nonexistent', '--json']);
    expect(JSON.parse(out)).toMatchObject({ error: 'not_found' });
    expect(out).toMatch(/hdfs_train/);
  });
});
