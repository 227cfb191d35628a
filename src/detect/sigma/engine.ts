import type { WardEvent } from '../../core/event.js';
import { AhoCorasick } from './aho.js';
import { explainMatch, type CompiledDetection, type MatchedField } from './compile.js';
import { EvalContext, FieldTable } from './context.js';
import { eventLogSource, logSourceKey, ruleApplies, type EventLogSource } from './logsource.js';
import type { SigmaRuleDoc } from './rule.js';

/** Accessor index of keyword (full-text) searches. */
const KEYWORDS = -1;

function scanValue(ac: AhoCorasick, v: unknown, mark: (id: number) => void): void {
  // Most raw values are short (ids, flags, numbers): skip those shorter than any keyword.
  if (typeof v === 'string') {
    if (v.length >= ac.minLength) ac.search(v, mark, true);
  }
  else if (typeof v === 'number' || typeof v === 'boolean') ac.search(String(v), mark, true);
  else if (Array.isArray(v)) for (const x of v) scanValue(ac, x, mark);
}

/** A rule ready to run. */
export interface LoadedRule {
  doc: SigmaRuleDoc;
  detection: CompiledDetection;
  /** False when only correlations use the rule (Sigma `generate: false`, the default). */
  standalone: boolean;
}

/** One rule that fired on one event. */
export interface RuleMatch {
  rule: LoadedRule;
  /** Search identifiers that matched (filled when explaining). */
  searches: string[];
  fields: MatchedField[];
}

interface FieldScan {
  acc: number;
  ac: AhoCorasick;
  /** Pattern id → indexes (in the bucket) of the rules it makes candidates. */
  rulesOf: Int32Array[];
}

/** The rules one kind of event meets, with the shared multi-pattern prefilter. */
interface Bucket {
  rules: LoadedRule[];
  /** Rules without a required literal: evaluated for every event of the bucket. */
  always: number[];
  scans: FieldScan[];
  stamps: Uint32Array;
}

/** Counters for telemetry and the benchmark. */
export interface EngineStats {
  events: number;
  /** Events whose log source no rule applies to. */
  unrouted: number;
  evaluated: number;
  matches: number;
}

/**
 * The evaluation core: rules indexed by log source, a per-field Aho–Corasick prefilter shared
 * by all rules of a bucket, and compiled closures run only for candidate rules.
 *
 * @example
 * const engine = new SigmaEngine(ruleSet.rules, ruleSet.table);
 * for (const m of engine.match(event)) console.log(m.rule.doc.title);
 */
export class SigmaEngine {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ctx: EvalContext;
  private gen = 0;
  readonly stats: EngineStats = { events: 0, unrouted: 0, evaluated: 0, matches: 0 };
  // The prefilter callback reads these instead of closing over them: no closure per event.
  private curStamps: Uint32Array = new Uint32Array(0);
  private curCandidates: number[] = [];
  private curRulesOf: Int32Array[] = [];
  private readonly mark = (id: number): void => {
    const stamps = this.curStamps;
    const gen = this.gen;
    for (const idx of this.curRulesOf[id]!) {
      if (stamps[idx] !== gen) {
        stamps[idx] = gen;
        this.curCandidates.push(idx);
      }
    }
  };

  /**
   * @param prefilter false evaluates every rule of the bucket (the reference the prefilter is
   *   tested against; never needed in production).
   */
  constructor(
    readonly rules: LoadedRule[],
    readonly table: FieldTable,
    private readonly prefilter = true,
  ) {
    this.ctx = new EvalContext(table);
  }

  private readonly windowsBuckets = new Map<string, Bucket>();

  /**
   * Bucket of an event without building its log source object when it is a Windows event whose
   * channel, event id and registry event type were seen before (the common case).
   */
  private bucketOfEvent(e: WardEvent): Bucket {
    const raw = e.raw;
    const channel = raw?.Channel;
    if (typeof channel !== 'string' || e.labels?.['sigma.product'] !== undefined) return this.bucketFor(eventLogSource(e));
    const key = `${channel}\u0000${String(raw!.EventID ?? e.event.code)}\u0000${String(raw!.EventType ?? '')}`;
    let b = this.windowsBuckets.get(key);
    if (!b) {
      b = this.bucketFor(eventLogSource(e));
      this.windowsBuckets.set(key, b);
    }
    return b;
  }

  private readonly applicable = new Map<string, boolean>();

  /**
   * Whether any rule applies to events of this log source — without building the bucket's
   * automata, so the router thread can ask cheaply.
   */
  hasRulesFor(ls: EventLogSource): boolean {
    const key = logSourceKey(ls);
    let v = this.applicable.get(key);
    if (v === undefined) {
      v = this.rules.some((r) => ruleApplies(r.doc.logsource, ls));
      this.applicable.set(key, v);
    }
    return v;
  }

  /** The rules (of this engine) an event of log source `ls` meets. */
  bucketFor(ls: EventLogSource): Bucket {
    const key = logSourceKey(ls);
    let b = this.buckets.get(key);
    if (!b) {
      b = this.buildBucket(this.rules.filter((r) => ruleApplies(r.doc.logsource, ls)));
      this.buckets.set(key, b);
    }
    return b;
  }

  private buildBucket(rules: LoadedRule[]): Bucket {
    const always: number[] = [];
    const perField = new Map<number, { ids: Map<string, number>; rules: number[][] }>();
    rules.forEach((r, idx) => {
      const needles = r.detection.needles;
      if (needles === null || !this.prefilter) {
        always.push(idx);
        return;
      }
      for (const n of needles) {
        let f = perField.get(n.acc);
        if (!f) {
          f = { ids: new Map(), rules: [] };
          perField.set(n.acc, f);
        }
        let id = f.ids.get(n.text);
        if (id === undefined) {
          id = f.rules.length;
          f.ids.set(n.text, id);
          f.rules.push([]);
        }
        const list = f.rules[id]!;
        if (list[list.length - 1] !== idx) list.push(idx);
      }
    });
    const scans: FieldScan[] = [];
    for (const [acc, f] of perField) {
      scans.push({ acc, ac: new AhoCorasick([...f.ids.keys()]), rulesOf: f.rules.map((l) => Int32Array.from(l)) });
    }
    return { rules, always, scans, stamps: new Uint32Array(rules.length) };
  }

  /**
   * Rules that fire on the event. With `explain`, each match lists the searches and fields
   * that matched (costs a second look at the matching rules only).
   */
  match(e: WardEvent, explain = true, ls?: EventLogSource): RuleMatch[] {
    this.stats.events++;
    const bucket = ls ? this.bucketFor(ls) : this.bucketOfEvent(e);
    if (bucket.rules.length === 0) {
      this.stats.unrouted++;
      return [];
    }
    const ctx = this.ctx;
    ctx.reset(e);
    this.gen = (this.gen + 1) >>> 0 || 1;
    const gen = this.gen;
    const stamps = bucket.stamps;
    const candidates = this.curCandidates;
    candidates.length = 0;
    for (const idx of bucket.always) {
      stamps[idx] = gen;
      candidates.push(idx);
    }
    this.curStamps = stamps;
    const mark = this.mark;
    for (const scan of bucket.scans) {
      this.curRulesOf = scan.rulesOf;
      if (scan.acc === KEYWORDS) {
        // Keyword searches look at every field: scan each raw value, folding case on the fly.
        const raw = e.raw;
        // Same texts as EvalContext.keywordTexts(), or the prefilter could hide a match.
        if (raw) for (const k in raw) scanValue(scan.ac, raw[k], mark);
        if (e.message !== undefined) scanValue(scan.ac, e.message, mark);
        if (!raw && e.event.original !== undefined) scanValue(scan.ac, e.event.original, mark);
        continue;
      }
      const text = ctx.text(scan.acc);
      if (text !== undefined) {
        if (text.length >= scan.ac.minLength) scan.ac.search(text, mark, true);
      }
      else scanValue(scan.ac, ctx.get(scan.acc), mark);
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => a - b);
    const out: RuleMatch[] = [];
    this.stats.evaluated += candidates.length;
    for (const idx of candidates) {
      const rule = bucket.rules[idx]!;
      if (!rule.detection.test(ctx)) continue;
      if (explain) {
        const { searches, fields } = explainMatch(rule.detection, ctx);
        out.push({ rule, searches, fields });
      } else out.push({ rule, searches: [], fields: [] });
    }
    this.stats.matches += out.length;
    return out;
  }
}
