import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { evalCommand } from '../src/cli/eval.js';
import { simulateCommand } from '../src/cli/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'ww-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cmd: ReturnType<typeof simulateCommand>, args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('wardwatch simulate / eval (CLI)', () => {
  it('simulate --json prints one summary object and writes the dataset', async () => {
    const out = await run(simulateCommand(), ['--profile', 'clinic', '--days', '1', '--seed', '5', '--scenarios', 'spray', '--skip', 'mail,telemetry', '--out', dir, '--json']);
    const s = JSON.parse(out) as Record<string, unknown>;
    expect(s).toMatchObject({ profile: 'clinic', days: 1, seed: '5', incidents: 1, scenarios: ['spray'] });
    expect(s.records).toBeGreaterThan(0);
  });

  it('eval --json prints detectors and scenarios', async () => {
    const out = await run(evalCommand(), ['--dataset', dir, '--detectors', 'auth.spray', '--json']);
    const r = JSON.parse(out) as { detectors: Record<string, { precision: number | null; recall: number | null; f1: number | null; falseAlertsPerDay: number }>; scenarios: Array<{ name: string; detected: boolean }> };
    expect(Object.keys(r.detectors)).toEqual(['auth.spray']);
    expect(r.detectors['auth.spray']!.recall).toBe(1);
    expect(r.scenarios).toEqual([expect.objectContaining({ name: 'spray', detected: true })]);
  });

  it('reports a bad option as one JSON error line with --json', async () => {
    const out = await run(simulateCommand(), ['--days', '1', '--out', dir, '--skip', 'nope', '--json']);
    expect(JSON.parse(out)).toEqual({ error: 'request.invalid', message: expect.stringContaining('unknown stream "nope"') });
    process.exitCode = 0;
  });
});
