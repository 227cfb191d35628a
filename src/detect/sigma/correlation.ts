import { getField, type WardEvent } from '../../core/event.js';
import type { CorrelationCondition, SigmaCorrelationDoc } from './rule.js';

/** What a correlation saw when it fired. */
export interface CorrelationHit {
  correlation: SigmaCorrelationDoc;
  /** group-by field → value. */
  group: Record<string, string>;
  /** The aggregate compared (count, distinct values, sum, average, percentile). */
  observed: number;
  firstSeen: number;
  lastSeen: number;
  /** Ids of the events in the window (bounded). */
  evidence: string[];
  evidenceCount: number;
}

/** Per (correlation, group) state: the window of contributing events. JSON-serialisable. */
interface WindowState {
  /** [time, rule ref, event id, value] per contributing event, oldest first. */
  items: Array<[number, string, string, string | number | null]>;
  /** temporal_ordered: start time of the chain completed up to rule i (null = not reached). */
  chain?: Array<number | null>;
  /** When the window holds nothing useful any more (last event + timespan), for eviction. */
  expires?: number;
  /** Upper-bound correlations use tumbling windows: the first event's time. */
  start?: number;
}

/**
 * "Fewer than N in the timespan" (only `lt`/`lte`) can only be judged once the window is over:
 * such correlations use tumbling windows, judged when a later event arrives or on flush.
 */
export function upperBoundOnly(c: SigmaCorrelationDoc): boolean {
  const k = c.condition;
  return !c.type.startsWith('temporal') && (k.lt !== undefined || k.lte !== undefined) && k.gt === undefined && k.gte === undefined && k.eq === undefined;
}

/** The aggregate of a (non-temporal) correlation over a window's items. */
function aggregate(c: SigmaCorrelationDoc, items: WindowState['items']): number {
  switch (c.type) {
    case 'event_count':
      return items.length;
    case 'value_count':
      return new Set(items.map((i) => i[3])).size;
    default: {
      const vals = items.map((i) => i[3] as number);
      const sum = vals.reduce((a, b) => a + b, 0);
      return c.type === 'value_sum' ? sum : c.type === 'value_avg' ? sum / vals.length : percentile(vals, c.condition.percentile ?? 95);
    }
  }
}

/** Sweep dead windows every this many updates, so groups that never fire do not pile up. */
const SWEEP_EVERY = 10_000;

const MAX_ITEMS = 10_000;
const MAX_EVIDENCE = 50;

function compare(c: CorrelationCondition, n: number): boolean {
  if (c.gt !== undefined && !(n > c.gt)) return false;
  if (c.gte !== undefined && !(n >= c.gte)) return false;
  if (c.lt !== undefined && !(n < c.lt)) return false;
  if (c.lte !== undefined && !(n <= c.lte)) return false;
  if (c.eq !== undefined && n !== c.eq) return false;
  if (c.neq !== undefined && n === c.neq) return false;
  return true;
}

function fieldValue(e: WardEvent, field: string): unknown {
  const v = getField(e, field);
  return v !== undefined ? v : e.raw?.[field];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank]!;
}

/**
 * Evaluates correlation rules over rule matches: `event_count`, `value_count`, `temporal`,
 * `temporal_ordered`, `value_sum`, `value_avg`, `value_percentile`, with group-by, timespan,
 * aliases and chaining (a correlation may name another). A correlation fires once when its
 * condition becomes true and then starts a fresh window for that group.
 *
 * @example
 * const corr = new CorrelationEngine(set.correlations);
 * corr.onRuleMatch(ruleDoc, event, (hit) => emit(alertFromCorrelation(hit, event)));
 */
export class CorrelationEngine {
  /** rule id or name → correlations that name it. */
  private readonly byRef = new Map<string, SigmaCorrelationDoc[]>();
  /** state key (`corrId\u0000group`) → window. */
  private state = new Map<string, WindowState>();
  private updates = 0;

  constructor(readonly correlations: SigmaCorrelationDoc[]) {
    for (const c of correlations) {
      for (const r of c.rules) {
        const list = this.byRef.get(r) ?? [];
        list.push(c);
        this.byRef.set(r, list);
      }
    }
  }

  /** Whether any correlation listens to a rule with this id or name. */
  listensTo(id: string, name?: string): boolean {
    return this.byRef.has(id) || (name !== undefined && this.byRef.has(name));
  }

  /** Group-by values for an event matched by rule `ref` (ids and names both resolve aliases). */
  groupOf(c: SigmaCorrelationDoc, refs: string[], e: WardEvent): Record<string, string> | undefined {
    const group: Record<string, string> = {};
    for (const g of c.groupBy) {
      let field = g;
      const alias = c.aliases[g];
      if (alias) {
        const mapped = refs.map((r) => alias[r]).find((f) => f !== undefined);
        if (mapped) field = mapped;
      }
      const v = fieldValue(e, field);
      if (v === undefined || v === null) return undefined;
      group[g] = String(v);
    }
    return group;
  }

  /**
   * Feed one match of a rule (or of a correlation, for chains) and call `onHit` for every
   * correlation that fires.
   */
  onRuleMatch(ref: { id: string; name?: string }, e: WardEvent, onHit: (hit: CorrelationHit) => void, scope = '', depth = 0): void {
    if (depth > 8) return; // a chain of correlations naming each other in a loop
    const refs = ref.name ? [ref.id, ref.name] : [ref.id];
    const seen = new Set<SigmaCorrelationDoc>();
    for (const r of refs) {
      for (const c of this.byRef.get(r) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        const hit = this.update(c, refs, e, scope);
        if (hit) {
          onHit(hit);
          const next: { id: string; name?: string } = { id: c.id };
          if (c.name) next.name = c.name;
          this.onRuleMatch(next, e, onHit, scope, depth + 1);
        }
      }
    }
  }

  private update(c: SigmaCorrelationDoc, refs: string[], e: WardEvent, scope: string): CorrelationHit | undefined {
    const group = this.groupOf(c, refs, e);
    if (!group) return undefined;
    const t = Date.parse(e['@timestamp']);
    if (Number.isNaN(t)) return undefined;
    const key = `${scope}\u0001${c.id}\u0000${JSON.stringify(group)}`;
    let st = this.state.get(key);
    if (!st) {
      st = { items: [] };
      this.state.set(key, st);
    }
    const ruleRef = c.rules.find((r) => refs.includes(r)) ?? refs[0]!;
    let value: string | number | null = null;
    if (c.condition.field) {
      const v = fieldValue(e, c.condition.field);
      if (v === undefined || v === null) return undefined;
      value = c.type === 'value_count' ? String(v) : Number(v);
      if (typeof value === 'number' && Number.isNaN(value)) return undefined;
    }
    if (upperBoundOnly(c)) {
      let hit: CorrelationHit | undefined;
      if (st.start !== undefined && t > st.start + c.timespanMs) {
        hit = this.judge(c, st, group);
        st = { items: [] };
        this.state.set(key, st);
      }
      st.start ??= t;
      st.items.push([t, ruleRef, e.event.id, value]);
      st.expires = st.start + c.timespanMs;
      return hit;
    }
    st.items.push([t, ruleRef, e.event.id, value]);
    st.expires = t + c.timespanMs;
    if (++this.updates % SWEEP_EVERY === 0) this.sweep(t);
    const cutoff = t - c.timespanMs;
    let drop = 0;
    while (drop < st.items.length && st.items[drop]![0] < cutoff) drop++;
    if (drop) st.items.splice(0, drop);
    if (st.items.length > MAX_ITEMS) st.items.splice(0, st.items.length - MAX_ITEMS);

    let observed: number;
    let fired: boolean;
    switch (c.type) {
      case 'event_count':
      case 'value_count':
      case 'value_sum':
      case 'value_avg':
      case 'value_percentile':
        observed = aggregate(c, st.items);
        fired = compare(c.condition, observed);
        break;
      case 'temporal': {
        const present = new Set(st.items.map((i) => i[1]));
        observed = c.rules.filter((r) => present.has(r)).length;
        const hasCmp = ['gt', 'gte', 'lt', 'lte', 'eq'].some((k) => k in c.condition);
        fired = hasCmp ? compare(c.condition, observed) : observed === c.rules.length;
        break;
      }
      case 'temporal_ordered': {
        const idx = c.rules.indexOf(ruleRef);
        const chain = st.chain ?? c.rules.map(() => null);
        // Expire chains whose start fell out of the window.
        for (let i = 0; i < chain.length; i++) if (chain[i] !== null && chain[i]! < cutoff) chain[i] = null;
        if (idx === 0) chain[0] = chain[0] ?? t;
        else if (idx > 0 && chain[idx - 1] !== null && chain[idx - 1] !== undefined) chain[idx] = chain[idx - 1]!;
        st.chain = chain;
        observed = chain.filter((x) => x !== null).length;
        fired = chain[chain.length - 1] !== null;
        break;
      }
    }
    if (!fired) return undefined;
    const hit: CorrelationHit = {
      correlation: c,
      group,
      observed,
      firstSeen: st.items[0]![0],
      lastSeen: t,
      evidence: st.items.slice(-MAX_EVIDENCE).map((i) => i[2]),
      evidenceCount: st.items.length,
    };
    // Start a fresh window so one burst raises one alert.
    this.state.delete(key);
    return hit;
  }

  /**
   * Windows grouped by scope (the detector's shard key), to persist: one entry per scope whose
   * value lists that scope's windows.
   */
  snapshot(): Array<[string, unknown]> {
    const byScope = new Map<string, Array<[string, WindowState]>>();
    for (const [k, s] of this.state) {
      if (s.items.length === 0) continue;
      const scope = k.slice(0, k.indexOf('\u0001'));
      const list = byScope.get(scope) ?? [];
      list.push([k, s]);
      byScope.set(scope, list);
    }
    return [...byScope.entries()];
  }

  /** Restore the windows of one scope, as {@link snapshot} returned them. */
  restore(_scope: string, state: unknown): void {
    if (!Array.isArray(state)) return;
    for (const entry of state) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[1] && Array.isArray((entry[1] as WindowState).items)) {
        this.state.set(entry[0], entry[1] as WindowState);
      }
    }
  }

  /** Judge a closed tumbling window of an upper-bound correlation. */
  private judge(c: SigmaCorrelationDoc, st: WindowState, group: Record<string, string>): CorrelationHit | undefined {
    if (st.items.length === 0) return undefined;
    const observed = aggregate(c, st.items);
    if (!compare(c.condition, observed)) return undefined;
    return {
      correlation: c,
      group,
      observed,
      firstSeen: st.items[0]![0],
      lastSeen: st.items[st.items.length - 1]![0],
      evidence: st.items.slice(-MAX_EVIDENCE).map((i) => i[2]),
      evidenceCount: st.items.length,
    };
  }

  /**
   * Judge every upper-bound window that is over at `now` (end of a scan, or a periodic tick)
   * and drop it.
   */
  flush(now: number, onHit: (hit: CorrelationHit) => void): void {
    const byId = new Map(this.correlations.map((c) => [c.id, c]));
    for (const [k, st] of this.state) {
      const cid = k.slice(k.indexOf('\u0001') + 1, k.indexOf('\u0000'));
      const c = byId.get(cid);
      if (!c || !upperBoundOnly(c) || st.start === undefined || st.start + c.timespanMs > now) continue;
      const group = JSON.parse(k.slice(k.indexOf('\u0000') + 1)) as Record<string, string>;
      const hit = this.judge(c, st, group);
      this.state.delete(k);
      if (hit) onHit(hit);
    }
  }

  /** Drop windows whose newest event is older than their timespan at time `now`. */
  sweep(now: number): void {
    // Upper-bound windows (with a start) wait for flush: dropping them would lose their verdict.
    for (const [k, st] of this.state) if (st.start === undefined && st.expires !== undefined && st.expires < now) this.state.delete(k);
  }

  /** Number of open windows (for telemetry). */
  get openWindows(): number {
    return this.state.size;
  }
}
