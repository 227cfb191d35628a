import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { WardEvent } from '../../core/event.js';
import { CURATION_FILE, staticVerdict, type Curation, type CurationEntry } from './curation.js';
import { SigmaEngine } from './engine.js';
import { eventLogSource, logSourceKey, ruleApplies, type EventLogSource } from './logsource.js';
import { parseSigmaYaml } from './parse.js';
import type { SigmaRuleDoc } from './rule.js';
import { compileRuleSet, listRuleFiles } from './ruleset.js';

/** SigmaHQ trees that are shipped; hunting, placeholder and compliance rules are not alerts. */
export const SHIPPED_TREES = ['rules', 'rules-emerging-threats'];
/** Log-source products a hospital's Wardwatch receives (hosts and network gear). */
export const SHIPPED_PRODUCTS = new Set(['windows', 'linux', 'zeek', 'cisco', 'fortinet', 'juniper', 'huawei']);
/** Log-source categories of network and web telemetry, whatever the product. */
export const SHIPPED_CATEGORIES = new Set(['firewall', 'proxy', 'webserver', 'dns', 'antivirus']);
/**
 * A rule that fires off-label in this many distinct benign-background recordings is off by
 * default: recurring across unrelated recordings is the mark of background, not of the attack.
 */
export const NOISE_RECORDINGS = 3;

/** One recording of benign background (OTRF: labelled techniques plus the lab's own noise). */
export interface BenignRecording {
  name: string;
  /** ATT&CK techniques the recording simulates; matches of rules tagged with them are on-label. */
  techniques: string[];
  events: WardEvent[];
}

/** Options of a curation run. */
export interface CurateOptions {
  /** A SigmaHQ checkout (with rules/, rules-emerging-threats/, LICENSE) or any folder of rules. */
  from: string;
  /** Destination folder; replaced entirely (a shipped set is generated, never hand-edited). */
  to: string;
  /** Benign background to measure noise on; without it, `previous` noise verdicts are carried over. */
  benign?: BenignRecording[];
  previous?: Curation;
  source?: Curation['source'];
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** What a curation run did. */
export interface CurateReport {
  scanned: number;
  copied: number;
  outOfScope: number;
  rejected: Array<{ file: string; message: string }>;
  curation: Curation;
}

/** Technique ids of a rule (`attack.t1059.001` → `T1059`), parent level. */
function techniquesOf(tags: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of tags) {
    const m = /^attack\.(t\d{4})/i.exec(t);
    if (m) out.add(m[1]!.toUpperCase());
  }
  return out;
}

/**
 * Is the rule part of the shipped set? In a shipped tree, not deprecated, and about a log
 * source Wardwatch receives.
 *
 * @example
 * inScope('rules/windows/process_creation/x.yml', doc, true)
 */
export function inScope(rel: string, doc: SigmaRuleDoc, checkout: boolean): boolean {
  if (checkout && !SHIPPED_TREES.includes(rel.split(/[\\/]/)[0] ?? '')) return false;
  if (/(^|\/)(deprecated|unsupported)\//.test(rel)) return false;
  const status = (doc.status ?? '').toLowerCase();
  if (status === 'deprecated' || status === 'unsupported') return false;
  const ls = doc.logsource;
  return (ls.product !== undefined && SHIPPED_PRODUCTS.has(ls.product)) || (ls.category !== undefined && SHIPPED_CATEGORIES.has(ls.category));
}

interface Noise {
  offLabel: number;
  recordings: Set<string>;
}

function measureNoise(docs: SigmaRuleDoc[], benign: BenignRecording[], onProgress?: CurateOptions['onProgress']): { noise: Map<string, Noise>; sources: EventLogSource[] } {
  const set = compileRuleSet(docs);
  const engine = new SigmaEngine(set.rules, set.table);
  const noise = new Map<string, Noise>();
  const sources = new Map<string, EventLogSource>();
  benign.forEach((rec, i) => {
    onProgress?.('measuring noise on benign background', i, benign.length);
    const labels = new Set(rec.techniques.map((t) => t.toUpperCase().split('.')[0]!));
    for (const e of rec.events) {
      const ls = eventLogSource(e);
      sources.set(logSourceKey(ls), ls);
      for (const m of engine.match(e, false)) {
        const tech = techniquesOf(m.rule.doc.tags);
        if ([...tech].some((t) => labels.has(t))) continue;
        const n = noise.get(m.rule.doc.id) ?? { offLabel: 0, recordings: new Set<string>() };
        n.offLabel++;
        n.recordings.add(rec.name);
        noise.set(m.rule.doc.id, n);
      }
    }
  });
  onProgress?.('measuring noise on benign background', benign.length, benign.length);
  return { noise, sources: [...sources.values()] };
}

function findLicense(from: string): string | undefined {
  for (let d = from, i = 0; i < 3; i++, d = dirname(d)) {
    const p = join(d, 'LICENSE');
    if (existsSync(p) && /Detection Rule License/i.test(readFileSync(p, 'utf8'))) return p;
  }
  return undefined;
}

function readme(c: Curation): string {
  return `# SigmaHQ rules shipped with Wardwatch

Generated by \`scripts/curate-sigmahq.mjs\` (or \`wardwatch sigma update\`); do not edit by hand.

- Source: ${c.source.repository}${c.source.commit ? ` at commit \`${c.source.commit}\`` : ''}${c.source.date ? ` (${c.source.date})` : ''}
- Licence: Detection Rule License (DRL) 1.1, see \`LICENSE\`. Each rule keeps its \`author\` field; alerts
  raised by these rules name the rule and its authors.
- ${c.counts.rules} rules in scope (Windows, Linux, network, firewall, proxy, web server, DNS, antivirus;
  trees ${SHIPPED_TREES.join(', ')}; deprecated and unsupported rules excluded).
- ${c.counts.enabled} on by default, ${c.counts.disabled} off; \`${CURATION_FILE}\` gives each rule's verdict and reason
  (level low/informational, status experimental, or measured false alerts on benign background).

Criteria: \`${JSON.stringify(c.criteria)}\`
`;
}

/**
 * Select, copy and curate a SigmaHQ rule set: copy in-scope rules that compile, give each a
 * verdict (metadata, then measured noise on benign background), and write `curation.json`,
 * `LICENSE` and `README.md`.
 *
 * @example
 * curateSigmaHq({ from: '../shared/data/sigma/rules', to: 'rules/sigmahq', benign })
 */
export function curateSigmaHq(opts: CurateOptions): CurateReport {
  const checkout = SHIPPED_TREES.some((t) => existsSync(join(opts.from, t)));
  const roots = checkout ? SHIPPED_TREES.map((t) => join(opts.from, t)).filter((p) => existsSync(p)) : [opts.from];
  const files = listRuleFiles(roots);
  const rejected: CurateReport['rejected'] = [];
  const picked: Array<{ rel: string; file: string; doc: SigmaRuleDoc }> = [];
  let outOfScope = 0;
  const seen = new Set<string>();
  files.forEach((file, i) => {
    if (i % 200 === 0) opts.onProgress?.('selecting rules', i, files.length);
    const rel = relative(opts.from, file).split('\\').join('/');
    const parsed = parseSigmaYaml(readFileSync(file, 'utf8'), rel);
    const rules = parsed.docs.filter((d): d is SigmaRuleDoc => d.kind === 'rule');
    const errors = parsed.issues.filter((x) => x.severity === 'error');
    if (rules.length !== 1 || parsed.docs.length !== 1 || errors.length) {
      if (errors.length) rejected.push({ file: rel, message: errors.map((e) => e.message).join('; ') });
      else outOfScope++;
      return;
    }
    const doc = rules[0]!;
    if (!inScope(rel, doc, checkout) || seen.has(doc.id)) {
      outOfScope++;
      return;
    }
    const compiled = compileRuleSet([doc]);
    const err = compiled.issues.find((x) => x.severity === 'error');
    if (err) {
      rejected.push({ file: rel, message: err.message });
      return;
    }
    seen.add(doc.id);
    picked.push({ rel, file, doc });
  });
  opts.onProgress?.('selecting rules', files.length, files.length);

  const measured = opts.benign ? measureNoise(picked.map((p) => p.doc), opts.benign, opts.onProgress) : undefined;
  const rules: Record<string, CurationEntry> = {};
  let enabled = 0;
  for (const { rel, doc } of picked) {
    let v = staticVerdict(doc);
    const n = measured?.noise.get(doc.id);
    const level = (doc.level ?? 'medium').toLowerCase();
    if (measured && !['low', 'informational'].includes(level)) {
      if (n && n.recordings.size >= NOISE_RECORDINGS) {
        v = { enabled: false, reason: `fired ${n.offLabel}× on benign OTRF background (${n.recordings.size} recordings)` };
      } else if (v.reason === 'status experimental' && !n && measured.sources.some((s) => ruleApplies(doc.logsource, s))) {
        v = { enabled: true, reason: 'status experimental, measured quiet on benign background' };
      }
    } else if (!measured && v.enabled) {
      // No benign data at hand: keep the noise verdict measured for the shipped set.
      const before = opts.previous?.rules[doc.id];
      if (before && !before.enabled && before.reason.startsWith('fired ')) v = { enabled: false, reason: before.reason };
    }
    const entry: CurationEntry = { enabled: v.enabled, reason: v.reason, title: doc.title, path: rel };
    if (doc.level) entry.level = doc.level;
    if (doc.status) entry.status = doc.status;
    if (n) entry.benignMatches = n.offLabel;
    else if (!measured && opts.previous?.rules[doc.id]?.benignMatches !== undefined) entry.benignMatches = opts.previous.rules[doc.id]!.benignMatches!;
    rules[doc.id] = entry;
    if (v.enabled) enabled++;
  }

  const curation: Curation = {
    version: 1,
    source: opts.source ?? opts.previous?.source ?? { repository: 'https://github.com/SigmaHQ/sigma' },
    generated: new Date().toISOString(),
    criteria: {
      trees: checkout ? SHIPPED_TREES : ['(folder)'],
      products: [...SHIPPED_PRODUCTS],
      categories: [...SHIPPED_CATEGORIES],
      offLevels: ['low', 'informational'],
      offStatuses: ['experimental (unless measured quiet)', 'deprecated', 'unsupported'],
      noise: measured
        ? { data: `${opts.benign!.length} benign-background recordings`, offLabelRecordingsToDisable: NOISE_RECORDINGS }
        : opts.previous ? 'carried over from the previous curation' : 'not measured',
    },
    counts: { rules: picked.length, enabled, disabled: picked.length - enabled },
    rules,
  };

  // Write to a fresh folder next to the destination, then swap: a failed copy never leaves half a set.
  const tmp = `${opts.to}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  picked.forEach(({ rel, file }, i) => {
    if (i % 200 === 0) opts.onProgress?.('copying rules', i, picked.length);
    const target = join(tmp, rel);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  });
  mkdirSync(tmp, { recursive: true });
  const lic = findLicense(opts.from);
  if (lic) copyFileSync(lic, join(tmp, 'LICENSE'));
  writeFileSync(join(tmp, CURATION_FILE), `${JSON.stringify(curation, null, 1)}\n`);
  writeFileSync(join(tmp, 'README.md'), readme(curation));
  rmSync(opts.to, { recursive: true, force: true });
  mkdirSync(dirname(opts.to), { recursive: true });
  // renameSync is atomic on one file system; the temp folder sits next to the destination.
  renameSync(tmp, opts.to);
  opts.onProgress?.('copying rules', picked.length, picked.length);
  return { scanned: files.length, copied: picked.length, outOfScope, rejected, curation };
}
