import { getField, type WardEvent } from '../../core/event.js';

/** Reads one field from an event; compiled once per distinct list of candidate paths. */
export type Accessor = (e: WardEvent) => unknown;

function pathAccessor(path: string): Accessor {
  if (path.startsWith('raw.')) {
    const key = path.slice(4);
    return (e) => {
      const raw = e.raw;
      return raw === undefined ? undefined : raw[key];
    };
  }
  const parts = path.split('.');
  if (parts.length === 1) return (e) => e[path];
  return (e) => {
    let cur: unknown = e;
    for (const p of parts) {
      if (cur === null || typeof cur !== 'object') {
        cur = undefined;
        break;
      }
      cur = (cur as Record<string, unknown>)[p];
    }
    // Fall back to flat dotted keys ({ 'winlog.event_id': 1 }) only when the nested walk missed.
    return cur !== undefined ? cur : getField(e, path);
  };
}

/**
 * Interned field accessors shared by every rule of a rule set: rules that read the same field
 * the same way share one accessor index, so an event reads (and lower-cases) each field once.
 *
 * @example
 * const t = new FieldTable(); t.intern('Image', ['process.executable', 'raw.Image']) // 0
 */
export class FieldTable {
  readonly accessors: Accessor[] = [];
  readonly names: string[] = [];
  private readonly byKey = new Map<string, number>();

  /**
   * Index of the accessor that tries `paths` in order and returns the first value found.
   *
   * @example
   * table.intern('Image', ['process.executable', 'raw.Image'])
   */
  intern(name: string, paths: string[]): number {
    const key = paths.join('\u0000');
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const fns = paths.map(pathAccessor);
    const acc: Accessor =
      fns.length === 1
        ? fns[0]!
        : (e) => {
            for (const f of fns) {
              const v = f(e);
              if (v !== undefined) return v;
            }
            return undefined;
          };
    const idx = this.accessors.length;
    this.accessors.push(acc);
    this.names.push(name);
    this.byKey.set(key, idx);
    return idx;
  }
}

/**
 * String form of a scalar field value (numbers and booleans compare as text too).
 *
 * @example
 * scalarText(4688) // '4688'; scalarText(['a']) // undefined
 */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/**
 * Per-event evaluation state: field values and their lower-cased text, each computed at most
 * once per event (generation stamps avoid clearing arrays between events).
 *
 * @example
 * ctx.reset(event); ctx.lower(table.intern('Image', ['raw.Image']))
 */
export class EvalContext {
  event!: WardEvent;
  private gen = 0;
  private stamps = new Uint32Array(0);
  private values: unknown[] = [];
  private texts: (string | undefined)[] = [];
  private lowStamps = new Uint32Array(0);
  private lows: (string | undefined)[] = [];
  private kwGen = 0;
  private kw: string[] = [];

  constructor(private readonly table: FieldTable) {}

  /** Start evaluating a new event. */
  reset(e: WardEvent): void {
    this.event = e;
    this.gen = (this.gen + 1) >>> 0;
    if (this.gen === 0) {
      this.stamps.fill(0);
      this.lowStamps.fill(0);
      this.gen = 1;
    }
    const n = this.table.accessors.length;
    if (this.stamps.length < n) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(n * 2);
        b.set(a);
        return b;
      };
      this.stamps = grow(this.stamps);
      this.lowStamps = grow(this.lowStamps);
    }
  }

  /** The field's value (undefined when absent). */
  get(acc: number): unknown {
    if (this.stamps[acc] !== this.gen) {
      const v = this.table.accessors[acc]!(this.event);
      this.values[acc] = v;
      this.texts[acc] = scalarText(v);
      this.stamps[acc] = this.gen;
    }
    return this.values[acc];
  }

  /** Text of a scalar value, undefined for absent, null, arrays and objects. */
  text(acc: number): string | undefined {
    this.get(acc);
    return this.texts[acc];
  }

  /** Lower-cased text of a scalar value. */
  lower(acc: number): string | undefined {
    if (this.lowStamps[acc] !== this.gen) {
      const t = this.text(acc);
      this.lows[acc] = t === undefined ? undefined : t.toLowerCase();
      this.lowStamps[acc] = this.gen;
    }
    return this.lows[acc];
  }

  /** Lower-cased text of every scalar in the event's raw fields and message, for keyword searches. */
  keywordTexts(): string[] {
    if (this.kwGen !== this.gen) {
      const out: string[] = [];
      const push = (v: unknown): void => {
        const t = scalarText(v);
        if (t !== undefined) out.push(t.toLowerCase());
        else if (Array.isArray(v)) v.forEach(push);
      };
      const raw = this.event.raw;
      if (raw) for (const k in raw) push(raw[k]);
      if (this.event.message !== undefined) push(this.event.message);
      if (!raw && this.event.event.original !== undefined) push(this.event.event.original);
      this.kw = out;
      this.kwGen = this.gen;
    }
    return this.kw;
  }
}
