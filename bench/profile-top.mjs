#!/usr/bin/env node
/**
 * Summarise a V8 .cpuprofile: top functions by self time, optionally only samples whose stack
 * passes through a named function (e.g. `match`, to leave out rule loading).
 *
 * Usage: node bench/profile-top.mjs FILE.cpuprofile [--within match] [--top 15]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const prof = JSON.parse(readFileSync(args[0], 'utf8'));
const within = opt('--within');
const top = Number(opt('--top') ?? 15);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inside = new Map();
const isInside = (id) => {
  if (!within) return true;
  if (inside.has(id)) return inside.get(id);
  const n = byId.get(id);
  const v = n.callFrame.functionName === within || (parent.has(id) ? isInside(parent.get(id)) : false);
  inside.set(id, v);
  return v;
};
const self = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  if (!isInside(id)) return;
  const dt = prof.timeDeltas[i] ?? 0;
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
console.log(`${(total / 1000).toFixed(0)} ms sampled${within ? ` within ${within}()` : ''}`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
