#!/usr/bin/env node
/**
 * Writes dist/sigma-rules.bundle.json: the parse result of every shipped Sigma rule file under
 * rules/, keyed by the SHA-256 of its text, so a fresh data directory loads the ~3,000 shipped
 * rules with one JSON.parse instead of ~3,000 YAML parses. Run by `npm run build` after tsc.
 * An edited rule misses the bundle (its hash changes) and is parsed from its YAML as before.
 *
 * Usage: node scripts/build-sigma-bundle.mjs [rules-dir …]
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { defaultBundlePath, makeBundle } = await import(join(root, 'dist/src/detect/sigma/bundle.js'));
const { listRuleFiles } = await import(join(root, 'dist/src/detect/sigma/ruleset.js'));

const dirs = process.argv.length > 2 ? process.argv.slice(2) : [join(root, 'rules')];
const { bundle, skipped } = makeBundle(listRuleFiles(dirs));
const out = defaultBundlePath();
mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, JSON.stringify(bundle));
renameSync(tmp, out);
const n = Object.keys(bundle.entries).length;
console.log(`sigma bundle: ${n} rule files → ${out.slice(root.length + 1)}${skipped ? ` (${skipped} without ids left out)` : ''}`);
