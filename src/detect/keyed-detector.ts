import type { Detector, EmitAlert } from '../core/components.js';
import type { WardEvent } from '../core/event.js';

/**
 * Base for detectors that keep one state object per entity key. It handles persistence
 * (snapshot/restore) and forgets keys that have been idle longer than `idleMs` of event time,
 * so memory follows the active entities, not every entity ever seen.
 */
export abstract class KeyedDetector<S> implements Detector {
  protected readonly states = new Map<string, S>();
  private latest = 0;
  private sinceSweep = 0;

  constructor(protected readonly idleMs: number) {}

  abstract accepts(e: WardEvent): boolean;
  abstract key(e: WardEvent): string | undefined;
  protected abstract fresh(): S;
  protected abstract step(state: S, e: WardEvent, t: number, key: string, emit: EmitAlert): void;
  protected abstract lastSeen(state: S): number;
  protected abstract encode(state: S): unknown;
  protected abstract decode(raw: unknown): S;

  process(e: WardEvent, key: string, emit: EmitAlert): void {
    const t = Date.parse(e['@timestamp']);
    if (!Number.isFinite(t)) return;
    if (t > this.latest) this.latest = t;
    let st = this.states.get(key);
    if (!st) {
      st = this.fresh();
      this.states.set(key, st);
    }
    this.step(st, e, t, key, emit);
    if (++this.sinceSweep >= 10_000) this.sweep();
  }

  /** Forget keys idle for longer than `idleMs` before the latest event time seen. */
  sweep(): void {
    this.sinceSweep = 0;
    const cutoff = this.latest - this.idleMs;
    for (const [k, s] of this.states) if (this.lastSeen(s) < cutoff) this.states.delete(k);
  }

  snapshot(): Array<[string, unknown]> {
    this.sweep();
    return [...this.states].map(([k, s]) => [k, this.encode(s)]);
  }

  restore(key: string, state: unknown): void {
    const s = this.decode(state);
    this.states.set(key, s);
    const seen = this.lastSeen(s);
    if (seen > this.latest) this.latest = seen;
  }

  /** Number of entity keys currently tracked (for tests and telemetry). */
  get size(): number {
    return this.states.size;
  }
}
