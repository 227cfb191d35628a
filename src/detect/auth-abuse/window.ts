/** One counted observation inside a sliding window. */
export interface Hit {
  /** Event time (epoch ms). */
  t: number;
  /** Event id (evidence). */
  id: string;
  /** Attempts it stands for. */
  n: number;
  /** Detector-specific value (source IP, user name…). */
  v?: string;
  /** Attempt fingerprint for de-duplication. */
  f?: string;
  /** Record kind (Windows event id): records of one attempt differ in kind, so same-kind hits are never merged. */
  k?: string;
  /** Failure reason shown in explanations. */
  r?: string;
  /** Where the attempt came from (address or workstation). */
  w?: string;
  /** Windows logon type name. */
  l?: string;
  /** The account does not exist (unknown user name). */
  x?: boolean;
}

/**
 * Sliding event-time window of hits for one entity. Bounded: at most `cap` hits are kept
 * (the oldest go first), so a flood cannot grow memory without limit; `total` still counts them.
 *
 * @example
 * const w = new HitWindow(300_000, 1000);
 * w.add({ t: Date.now(), id: 'e1', n: 1 }); w.total // 1
 */
export class HitWindow {
  hits: Hit[] = [];
  total = 0;

  constructor(readonly windowMs: number, readonly cap: number) {}

  /** Drop hits older than the window ending at `now`. */
  expire(now: number): void {
    const start = now - this.windowMs;
    let i = 0;
    while (i < this.hits.length && this.hits[i]!.t < start) {
      this.total -= this.hits[i]!.n;
      i++;
    }
    if (i > 0) this.hits.splice(0, i);
  }

  /**
   * Add a hit unless it repeats the last hit's attempt fingerprint within `dedupeMs`.
   * Returns whether it was counted.
   */
  add(hit: Hit, dedupeMs = 0): boolean {
    const last = this.hits[this.hits.length - 1];
    const sameAttempt = hit.k === undefined || last?.k === undefined || hit.k !== last.k;
    if (dedupeMs > 0 && last && hit.f !== undefined && last.f === hit.f && hit.t - last.t <= dedupeMs && sameAttempt) {
      // Same attempt reported twice (e.g. PAM then sshd): keep the larger count.
      if (hit.n > last.n) { this.total += hit.n - last.n; last.n = hit.n; }
      return false;
    }
    this.hits.push(hit);
    this.total += hit.n;
    if (this.hits.length > this.cap) {
      const old = this.hits.shift()!;
      this.total -= old.n;
    }
    return true;
  }

  toJSON(): { hits: Hit[]; total: number } {
    return { hits: this.hits, total: this.total };
  }

  static from(windowMs: number, cap: number, s: { hits: Hit[]; total: number }): HitWindow {
    const w = new HitWindow(windowMs, cap);
    w.hits = s.hits;
    w.total = s.total;
    return w;
  }
}
