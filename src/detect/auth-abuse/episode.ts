import { KeyedDetector } from '../keyed-detector.js';
import { HitWindow, type Hit } from './window.js';

/** Per-key state of a windowed detector that alerts once per episode of activity. */
export interface EpisodeState {
  w: HitWindow;
  /** Alerted in the current episode (reset after a quiet window). */
  alerted: boolean;
}

/**
 * A detector whose state per key is one sliding window of hits plus an "already alerted" flag:
 * it stores, restores and ages that state the same way for brute force and spraying.
 */
export abstract class EpisodeDetector extends KeyedDetector<EpisodeState> {
  constructor(private readonly windowMs: number, private readonly cap: number) {
    super(windowMs * 2);
  }

  protected fresh(): EpisodeState {
    return { w: new HitWindow(this.windowMs, this.cap), alerted: false };
  }

  /** Expire old hits; a window that emptied ends the episode, so the next burst is a new finding. */
  protected advance(st: EpisodeState, t: number): void {
    st.w.expire(t);
    if (st.w.hits.length === 0) st.alerted = false;
  }

  protected lastSeen(st: EpisodeState): number {
    return st.w.hits[st.w.hits.length - 1]?.t ?? 0;
  }

  protected encode(st: EpisodeState): unknown {
    return { ...st.w.toJSON(), alerted: st.alerted };
  }

  protected decode(raw: unknown): EpisodeState {
    const r = raw as { hits: Hit[]; total: number; alerted: boolean };
    return { w: HitWindow.from(this.windowMs, this.cap, r), alerted: r.alerted };
  }
}
