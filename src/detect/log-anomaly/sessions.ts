import { SessionAnomalyModel, type SessionVerdict } from '../../ml/index.js';

/** A session still receiving lines: its template ids in order and its event ids (evidence). */
export interface OpenSession {
  keys: number[];
  events: string[];
  first: number;
  last: number;
}

/** Session settings of `logs.anomaly` (see config.ts). */
export interface SessionSettings {
  idleMs: number;
  train: number;
  maxOpen: number;
  maxLength: number;
  maxEvidence: number;
}

/** A judged session: its verdict with template ids mapped back from the model's local indices. */
export interface JudgedSession {
  session: OpenSession;
  verdict: SessionVerdict;
  /** Template id of each count-vector index (−1 = "a template not in any training session"). */
  templateOf: (index: number) => number;
}

/**
 * Sessions of one host+program (lines sharing an id such as an HDFS block or a request id):
 * collects their template sequences, closes a session after `idleMs` without a line (or when more
 * than `maxOpen` are open, the least recently active first), learns from the latest `train` normal
 * sessions and judges each closed session with {@link SessionAnomalyModel} (count envelope AND
 * next-key model, both fitted on normal sessions only). Sessions the model calls normal keep
 * feeding it: it is refitted on the latest `train` of them every `train / 2` sessions (drift).
 */
export class SessionTracker {
  /** Map order = least recently active first (a session is moved to the end on each line). */
  readonly open = new Map<string, OpenSession>();
  /** Latest normal sessions (template ids), oldest first; persisted, the model is refitted from them. */
  train: number[][] = [];
  private fresh = 0;
  private model: { m: SessionAnomalyModel; index: Map<number, number>; ids: number[] } | undefined;
  /** Sessions closed early because too many were open (bound on memory). */
  evicted = 0;

  constructor(readonly cfg: SessionSettings) {}

  /** Add one line; returns sessions closed by idleness or by the open-session cap. */
  add(id: string, template: number, eventId: string, t: number): OpenSession[] {
    const closed = this.expire(t);
    let s = this.open.get(id);
    if (s) this.open.delete(id);
    else {
      s = { keys: [], events: [], first: t, last: t };
      if (this.open.size >= this.cfg.maxOpen) {
        const [oldest, o] = this.open.entries().next().value as [string, OpenSession];
        this.open.delete(oldest); this.evicted++; closed.push(o);
      }
    }
    if (s.keys.length < this.cfg.maxLength) s.keys.push(template);
    if (s.events.length < this.cfg.maxEvidence) s.events.push(eventId);
    s.last = t;
    this.open.set(id, s);
    return closed;
  }

  /** Close sessions idle for `idleMs` before t. */
  expire(t: number): OpenSession[] {
    const out: OpenSession[] = [];
    for (const [id, s] of this.open) {
      if (t - s.last < this.cfg.idleMs) break;
      this.open.delete(id); out.push(s);
    }
    return out;
  }

  /** Judge a closed session once a model exists (undefined while learning). */
  judge(s: OpenSession): JudgedSession | undefined {
    if (!this.model) return undefined;
    const { m, index, ids } = this.model;
    const other = ids.length;
    const verdict = m.check(s.keys.map((k) => index.get(k) ?? other));
    return { session: s, verdict, templateOf: (i) => ids[i] ?? -1 };
  }

  /** Learn a normal session; refit when enough new ones arrived. */
  learn(s: OpenSession): void {
    this.train.push(s.keys);
    if (this.train.length > this.cfg.train) this.train.splice(0, this.train.length - this.cfg.train);
    this.fresh++;
    if (this.train.length >= this.cfg.train && (!this.model || this.fresh >= Math.max(1, Math.floor(this.cfg.train / 2)))) this.refit();
  }

  /** Fit on the stored training sessions (also after a restart). */
  refit(): void {
    this.fresh = 0;
    if (this.train.length < Math.max(2, this.cfg.train)) { this.model = undefined; return; }
    const ids = [...new Set(this.train.flat())];
    const index = new Map(ids.map((id, i) => [id, i]));
    const local = this.train.map((s) => s.map((k) => index.get(k)!));
    // DeepLog's h = 10, g = 9; a context must be seen in 1 % of the training sessions to be trusted.
    const m = SessionAnomalyModel.fit(local, { dims: ids.length + 1, history: 10, topG: 9, minSupport: Math.max(1, Math.round(this.train.length / 100)) });
    this.model = { m, index, ids };
  }

  /** Forget a template (evicted by Drain): it reads as "not in training" from now on. */
  forget(template: number): void {
    if (this.model?.index.has(template)) this.model.index.delete(template);
  }

  get fitted(): boolean {
    return this.model !== undefined;
  }
}
