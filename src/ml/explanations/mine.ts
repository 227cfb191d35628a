import type { ExplanationTemplate, Relationship } from '../../core/context.js';
import { rng } from '../iforest/rng.js';
import { candidateSpecs, groupsOf, matchSpec, specKey, templateText, type Access, type TemplateSpec } from './templates.js';

/** Thresholds of the miner (choose them on a training period, then keep them). */
export interface MineOptions {
  /** A template must explain real accesses at least this much more often than random pairs: real / (real + fake). */
  minPrecision: number;
  /** ... and add at least this share of the group's accesses not explained by templates picked before it. */
  minGain: number;
  /** Groups with fewer accesses are not mined (their users fall back to the department's and `*` templates). */
  minGroupAccesses: number;
  /** Random (user, patient) pairs drawn per real access (the fake log's size relative to the real one). */
  fakePerAccess: number;
  /** Seed of the fake log (the same log and seed give the same templates). */
  seed: number;
  /** Grace before a relationship starts (pre-admission work), for the `during` paths. */
  beforeMs: number;
  /**
   * Patients the fake log draws from: the whole patient index when the caller has it (as in the
   * paper, every patient in the database), else the patients of the log.
   */
  population?: string[];
}

export const MINE_DEFAULTS: MineOptions = { minPrecision: 0.9, minGain: 0.005, minGroupAccesses: 200, fakePerAccess: 1, seed: 1, beforeMs: 4 * 3_600_000 };

/** One scored candidate of one group (kept or not), for reports. */
export interface ScoredCandidate { group: string; key: string; real: number; fake: number; accesses: number; coverage: number; precision: number; gain: number; kept: boolean }

/**
 * Mine explanation templates from an access log and its context (Fabbri & LeFevre's
 * explanation-based auditing). Every candidate path is tried on every real access and on a fake
 * log — the same users at the same times opening patients drawn at random from every patient in
 * the log — so a path that links anyone to anything (precision near 0.5) is told from one that
 * links people to *their* patients. For each group (role, department, `*`) the miner then picks
 * templates greedily: the one that explains most of the group's still-unexplained accesses among
 * those whose precision is at least `minPrecision`, until the gain falls under `minGain`. The
 * `repeat` path is scored last, on accesses whose user opened the patient earlier with an
 * explanation by a kept template.
 *
 * `accesses` must be in time order; `relationships` is the context's relationship lookup.
 *
 * @example
 * const { templates } = mineTemplates(log, (p) => ctx.relationships(p), ['encounter', 'order']);
 */
export function mineTemplates(
  accesses: Access[], relationships: (patient: string) => Relationship[], kinds: string[], opts: Partial<MineOptions> = {},
): { templates: ExplanationTemplate[]; scored: ScoredCandidate[] } {
  const o = { ...MINE_DEFAULTS, ...opts };
  const specs = candidateSpecs(kinds, { beforeMs: o.beforeMs }).filter((s) => s.path !== 'repeat');
  const repeat = candidateSpecs([], {}).find((s) => s.path === 'repeat')!;
  const patients = o.population?.length ? o.population : [...new Set(accesses.map((a) => a.patient))];
  const rand = rng(o.seed);
  const S = specs.length;
  // Which specs explain each real access, and each fake one (fakePerAccess per real access).
  const real = new Uint8Array(accesses.length * S);
  const fakeHits = new Uint32Array(accesses.length * S);
  const fakePatients: string[][] = [];
  accesses.forEach((a, i) => {
    const rels = relationships(a.patient);
    for (let s = 0; s < S; s++) if (matchSpec(specs[s]!, a, rels)) real[i * S + s] = 1;
    const fp: string[] = [];
    for (let k = 0; k < o.fakePerAccess && patients.length; k++) {
      const p = patients[Math.floor(rand() * patients.length)]!;
      fp.push(p);
      const fr = relationships(p);
      const fa = { ...a, patient: p };
      for (let s = 0; s < S; s++) if (matchSpec(specs[s]!, fa, fr)) fakeHits[i * S + s]!++;
    }
    fakePatients.push(fp);
  });

  const members = new Map<string, number[]>();
  accesses.forEach((a, i) => {
    for (const g of groupsOf(a)) {
      const list = members.get(g) ?? [];
      list.push(i);
      members.set(g, list);
    }
  });

  const scored: ScoredCandidate[] = [];
  const templates: ExplanationTemplate[] = [];
  const explained = new Uint8Array(accesses.length);
  const make = (group: string, s: TemplateSpec, r: number, f: number, n: number): ExplanationTemplate => ({
    id: 0, key: specKey(s), group, ...s, text: templateText(group, s), coverage: r / n, precision: r + f ? r / (r + f) : 0,
    support: n, status: 'proposed', version: 1,
  });
  for (const [group, idx] of [...members].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (idx.length < o.minGroupAccesses) continue;
    const n = idx.length;
    const totals = specs.map((_, s) => {
      let r = 0;
      let f = 0;
      for (const i of idx) { r += real[i * S + s]!; f += fakeHits[i * S + s]!; }
      return { r, f: f / o.fakePerAccess };
    });
    const covered = new Uint8Array(n);
    const kept = new Set<number>();
    for (;;) {
      let best = -1;
      let bestGain = 0;
      for (let s = 0; s < S; s++) {
        if (kept.has(s)) continue;
        const { r, f } = totals[s]!;
        if (r === 0 || r / (r + f) < o.minPrecision) continue;
        let gain = 0;
        for (let j = 0; j < n; j++) if (!covered[j] && real[idx[j]! * S + s]) gain++;
        if (gain > bestGain) { bestGain = gain; best = s; }
      }
      if (best < 0 || bestGain / n < o.minGain) break;
      kept.add(best);
      for (let j = 0; j < n; j++) if (real[idx[j]! * S + best]) covered[j] = 1;
      const { r, f } = totals[best]!;
      templates.push(make(group, specs[best]!, r, f, n));
      scored.push({ group, key: specKey(specs[best]!), real: r, fake: f, accesses: n, coverage: r / n, precision: r / (r + f), gain: bestGain / n, kept: true });
    }
    for (let s = 0; s < S; s++) {
      if (kept.has(s)) continue;
      const { r, f } = totals[s]!;
      if (r) scored.push({ group, key: specKey(specs[s]!), real: r, fake: f, accesses: n, coverage: r / n, precision: r + f ? r / (r + f) : 0, gain: 0, kept: false });
    }
    for (let j = 0; j < n; j++) if (covered[j]) explained[idx[j]!] = 1;
  }

  // Repeat access: the same user reopening a patient explained before (within the window).
  const lastExplained = new Map<string, number>();
  const repReal = new Uint8Array(accesses.length);
  const repFake = new Uint8Array(accesses.length);
  accesses.forEach((a, i) => {
    const u = a.user.toLowerCase();
    const hit = (p: string) => {
      const t = lastExplained.get(`${u}\u0000${p}`);
      return t !== undefined && a.t - t <= repeat.afterMs;
    };
    if (hit(a.patient)) repReal[i] = 1;
    if (fakePatients[i]!.some(hit)) repFake[i] = 1;
    if (explained[i] || repReal[i]) lastExplained.set(`${u}\u0000${a.patient}`, a.t);
  });
  for (const [group, idx] of members) {
    if (idx.length < o.minGroupAccesses) continue;
    let r = 0;
    let f = 0;
    let gain = 0;
    for (const i of idx) { r += repReal[i]!; f += repFake[i]!; if (repReal[i] && !explained[i]) gain++; }
    const n = idx.length;
    const ok = r > 0 && r / (r + f) >= o.minPrecision && gain / n >= o.minGain;
    scored.push({ group, key: specKey(repeat), real: r, fake: f, accesses: n, coverage: r / n, precision: r + f ? r / (r + f) : 0, gain: gain / n, kept: ok });
    if (ok) templates.push(make(group, repeat, r, f, n));
  }
  return { templates, scored };
}
