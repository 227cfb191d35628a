#!/usr/bin/env node
/**
 * Build-time curation of the shipped SigmaHQ rule set (rules/sigmahq/).
 *
 * Selects in-scope rules from a SigmaHQ checkout (default ../shared/data/sigma/rules), copies them,
 * measures each rule's off-label matches on the benign background of the OTRF Windows recordings
 * (../shared/data/windows/otrf-security-datasets) and writes rules/sigmahq/curation.json,
 * LICENSE (DRL 1.1) and README.md. Run after `npx tsc -p tsconfig.build.json`:
 *
 *   node scripts/curate-sigmahq.mjs [--from DIR] [--data ../shared/data] [--to rules/sigmahq]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (n, d) => { const i = process.argv.indexOf(n); return i > 0 ? process.argv[i + 1] : d; };
const from = resolve(arg('--from', join(root, '..', 'shared', 'data', 'sigma', 'rules')));
const data = resolve(arg('--data', join(root, '..', 'shared', 'data')));
const to = resolve(arg('--to', join(root, 'rules', 'sigmahq')));

const { curateSigmaHq } = await import(join(root, 'dist/src/detect/sigma/curate.js'));
const { readEventFile } = await import(join(root, 'dist/src/cli/sigma.js'));
const { windowsRecordings } = await import(join(root, 'dist/bench/windows-data.js'));

const source = { repository: 'https://github.com/SigmaHQ/sigma' };
const manifest = join(from, 'MANIFEST.txt');
if (existsSync(manifest)) {
  const m = /COMMIT:\s*([0-9a-f]{40})\s*\(([^,)]+)/.exec(readFileSync(manifest, 'utf8'));
  if (m) { source.commit = m[1]; source.date = m[2]; }
}
const benign = windowsRecordings(data)
  .filter((r) => r.set === 'otrf-security-datasets')
  .map((r) => ({ name: r.name, techniques: r.techniques, events: readEventFile(r.file).events }));
if (!benign.length) process.stderr.write(`no OTRF recordings under ${data}: noise not measured\n`);
let last = '';
const report = curateSigmaHq({
  from, to, benign: benign.length ? benign : undefined, source,
  onProgress: (phase, done, total) => {
    const line = `${phase}: ${done}/${total}`;
    if (line !== last) process.stderr.write(`\r${line}   `);
    last = line;
    if (done === total) process.stderr.write('\n');
  },
});
const reasons = {};
for (const r of Object.values(report.curation.rules)) reasons[r.reason.replace(/\d+×.*$/, 'N× on benign background')] = (reasons[r.reason.replace(/\d+×.*$/, 'N× on benign background')] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ scanned: report.scanned, copied: report.copied, outOfScope: report.outOfScope, rejected: report.rejected.length, counts: report.curation.counts, reasons }, null, 1)}\n`);
