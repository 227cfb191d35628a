import { compact, decayFactor, Drain, finite, TransitionModel, type DrainJSON } from '../../ml/index.js';
import type { LogAnomalyConfig } from './config.js';
import { SessionTracker } from './sessions.js';

/** What is learned about one template of one key. */
export interface TemplateStats {
  /** Decayed line count and when it was last decayed. */
  n: number;
  t: number;
  /** Usual count per window (exponentially weighted mean and variance over closed windows). */
  mean: number;
  varc: number;
  /** Closed windows since the template appeared. */
  windows: number;
}

/** One host+program: its template miner, its models, its windows and its alert budget. */
export interface KeyState {
  drain: Drain;
  stats: Map<number, TemplateStats>;
  trans: TransitionModel;
  lines: number;
  first: number;
  last: number;
  /** Decayed total lines (share denominators). */
  total: number;
  totalT: number;
  prev: number;
  /** The open window: start and counts per template; templates that already alerted in it. */
  winStart: number;
  win: Map<number, number>;
  winAlerted: Set<number>;
  /** Novelty episode: until when new templates are folded, how many were folded, flood raised. */
  novelUntil: number;
  novelFolded: number;
  novelFlood: boolean;
  /** Token bucket (alerts per hour) and alerts it suppressed since the last emitted one. */
  tokens: number;
  tokensT: number;
  suppressed: number;
  /** Ring of the latest event ids (evidence: the lines before a finding). */
  ring: string[];
  ringAt: number;
  /** Sessions (when `sessionPattern` is set). */
  sessions: SessionTracker | undefined;
}

/** The Drain and transition settings a key's models are built with. */
export function freshState(cfg: LogAnomalyConfig, t: number): KeyState {
  const drain = new Drain({
    depth: cfg.depth, similarity: cfg.similarity, maxTemplates: cfg.maxTemplatesPerKey, maxLineLength: cfg.maxLineLength,
    ...(cfg.masks.length ? { masks: [...cfg.masks, ...drainDefaultMasks()] } : {}),
  });
  return {
    drain, stats: new Map(), trans: newTransitions(cfg), lines: 0, first: t, last: t, total: 0, totalT: t, prev: -1,
    winStart: Math.floor(t / cfg.window) * cfg.window, win: new Map(), winAlerted: new Set(),
    novelUntil: 0, novelFolded: 0, novelFlood: false, tokens: cfg.maxAlertsPerHour, tokensT: t, suppressed: 0, ring: [], ringAt: 0,
    sessions: cfg.sessionPattern ? new SessionTracker({ idleMs: cfg.sessionIdle, train: cfg.sessionTrain, maxOpen: cfg.maxOpenSessions, maxLength: cfg.maxSessionLength, maxEvidence: cfg.evidenceLines + 1 }) : undefined,
  };
}

function drainDefaultMasks() {
  return new Drain().options.masks;
}

export function newTransitions(cfg: LogAnomalyConfig, json?: unknown): TransitionModel {
  const opts = { topG: cfg.topG, minSupport: cfg.minSupport, halfLifeMs: cfg.halfLife, maxContexts: cfg.maxTemplatesPerKey, maxFollowers: 64 };
  return json === undefined ? new TransitionModel(opts) : TransitionModel.fromJSON(json, opts);
}

/** Decay a template's count to time t. */
export function decayed(s: TemplateStats, t: number, halfLife: number): number {
  const f = decayFactor(t - s.t, halfLife);
  if (f < 1) { s.n *= f; s.t = t; }
  return s.n;
}

interface Encoded {
  v: 1;
  drain: DrainJSON;
  stats: Array<[number, number, number, number, number, number]>;
  trans: unknown;
  k: [lines: number, first: number, last: number, total: number, totalT: number, prev: number, winStart: number, novelUntil: number, novelFolded: number, tokens: number, tokensT: number, suppressed: number];
  win: Array<[number, number]>;
  ring: string[];
  /** Normal training sessions (template ids); open sessions are not kept across a restart. */
  sess?: number[][];
}

/** JSON state of a key (the open window's counts included, so a restart does not lose a burst). */
export function encodeState(s: KeyState): Encoded {
  const ring = s.ring.length ? [...s.ring.slice(s.ringAt), ...s.ring.slice(0, s.ringAt)] : [];
  return {
    v: 1, drain: s.drain.toJSON(),
    stats: [...s.stats].map(([id, x]) => [id, compact(x.n), x.t, compact(x.mean), compact(x.varc), x.windows]),
    trans: s.trans.toJSON(),
    k: [s.lines, s.first, s.last, compact(s.total), s.totalT, s.prev, s.winStart, s.novelUntil, s.novelFolded, compact(s.tokens), s.tokensT, s.suppressed],
    win: [...s.win], ring,
    ...(s.sessions ? { sess: s.sessions.train } : {}),
  };
}

/** Rebuild a key's state; anything malformed starts fresh rather than crashing the shard. */
export function decodeState(raw: unknown, cfg: LogAnomalyConfig): KeyState {
  const j = raw as Partial<Encoded> | null;
  if (!j || j.v !== 1 || !j.drain || !Array.isArray(j.k)) return freshState(cfg, 0);
  let drain: Drain;
  try { drain = Drain.fromJSON(j.drain); } catch { return freshState(cfg, 0); }
  const k = j.k.map((x) => finite(x));
  const s = freshState(cfg, k[1] ?? 0);
  s.drain = drain;
  for (const row of Array.isArray(j.stats) ? j.stats : []) {
    if (!Array.isArray(row) || !drain.get(row[0])) continue;
    s.stats.set(row[0], { n: finite(row[1]), t: finite(row[2]), mean: finite(row[3]), varc: finite(row[4]), windows: finite(row[5]) });
  }
  s.trans = newTransitions(cfg, j.trans);
  const at = (i: number) => k[i] ?? 0;
  s.lines = at(0); s.first = at(1); s.last = at(2); s.total = at(3); s.totalT = at(4); s.prev = at(5);
  s.winStart = at(6); s.novelUntil = at(7); s.novelFolded = at(8); s.tokens = at(9); s.tokensT = at(10); s.suppressed = at(11);
  for (const w of Array.isArray(j.win) ? j.win : []) if (Array.isArray(w) && drain.get(w[0])) s.win.set(w[0], finite(w[1]));
  s.ring = Array.isArray(j.ring) ? j.ring.filter((x): x is string => typeof x === 'string').slice(-cfg.evidenceLines) : [];
  s.ringAt = 0;
  if (s.sessions && Array.isArray(j.sess)) {
    s.sessions.train = j.sess.filter((x): x is number[] => Array.isArray(x) && x.every((k) => Number.isInteger(k))).slice(-cfg.sessionTrain).map((x) => x.slice(0, cfg.maxSessionLength));
    s.sessions.refit();
  }
  return s;
}
