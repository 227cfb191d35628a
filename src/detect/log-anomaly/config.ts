import { z } from 'zod';
import { durationField } from '../../core/duration.js';

const duration = durationField;

const mask = z.strictObject({
  name: z.string().min(1),
  pattern: z.string().min(1).refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, { message: 'not a valid regular expression' }),
});

/** The findings; each can be switched off (`session` acts only with a `sessionPattern`). */
export const FINDINGS = ['new_template', 'rare_burst', 'transition', 'count', 'session'] as const;
export type Finding = (typeof FINDINGS)[number];

/** `logs.anomaly` settings (docs/detectors/log-anomaly.md explains each and how the defaults were measured). */
export const logAnomalyConfig = z.strictObject({
  /** `event.module` values read (syslog and application logs). Empty = every event with a message. */
  modules: z.array(z.string()).default(['syslog', 'linux-auth', 'pam_unix', 'apache-error', 'json']),
  findings: z.array(z.enum(FINDINGS)).default([...FINDINGS]),
  /** No alert for a host+program until both this many lines and this much event time were seen. */
  warmupLines: z.number().int().min(0).default(2000),
  warmup: duration('1d'),
  /** Count window for bursts and count anomalies. */
  window: duration('5m'),
  /** Half-life of every learned count: old behaviour fades, repeated new behaviour becomes normal. */
  halfLife: duration('7d'),
  /** Drain settings. */
  similarity: z.number().min(0).max(1).default(0.5),
  depth: z.number().int().min(3).max(12).default(4),
  maxLineLength: z.number().int().min(64).max(1_000_000).default(2048),
  /** Extra masks applied before the built-in ones (ids, IPs, numbers, hex, paths, UUIDs, e-mail, URLs, times). */
  masks: z.array(mask).max(50).default([]),
  /** Templates kept per host+program; past it the least recently seen is evicted (counted). */
  maxTemplatesPerKey: z.number().int().min(10).max(100_000).default(1000),
  /** Host+program keys kept per shard; past it the oldest keys are forgotten (counted). */
  maxKeys: z.number().int().min(1).max(1_000_000).default(5000),
  /** A template whose (decayed) share of the key's lines is below this is rare… */
  rareShare: z.number().min(0).max(1).default(0.001),
  /** …and this many of its lines in one window are a rare-template burst. */
  burstMin: z.number().int().min(2).default(10),
  /** Count anomaly: a template's count in a window this many standard deviations above its usual count… */
  countZ: z.number().positive().default(8),
  /** …and at least this many lines. */
  countMin: z.number().int().min(1).default(50),
  /** Unexpected transition: the next template is outside the top `topG` after the previous one… */
  topG: z.number().int().min(1).default(8),
  /** …whose followers weigh at least this much (decayed count). */
  minSupport: z.number().positive().default(200),
  /** New templates within this time of a new-template alert are folded into it. */
  noveltyWindow: duration('1h'),
  /** So many new templates within `noveltyWindow` raise one template-flood alert. */
  floodTemplates: z.number().int().min(2).default(50),
  /** Alerts per host+program per hour at most; the rest are counted and reported in the next alert. */
  maxAlertsPerHour: z.number().int().min(1).default(4),
  /** Preceding lines (event ids) given as evidence. */
  evidenceLines: z.number().int().min(0).max(200).default(20),
  severity: z.enum(['low', 'medium', 'high', 'critical']).default('low'),
  /**
   * Sessions: a regular expression finding a session id in the raw line (its first capture group,
   * else the whole match), e.g. `(blk_-?\\d+)` for HDFS blocks or a request id. Lines sharing an id
   * form a session, judged when it closes by what templates it holds and in what order (the
   * HDFS-measured model, docs/detectors/log-anomaly.md). Absent = no sessions.
   */
  sessionPattern: z.string().min(1).max(500).refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, { message: 'not a valid regular expression' }).optional(),
  /** A session closes after this long without a line. */
  sessionIdle: duration('5m'),
  /** Normal sessions learned before sessions are judged (the model is refitted on the latest this many). */
  sessionTrain: z.number().int().min(20).max(20_000).default(1000),
  /** Open sessions per host+program (beyond it the least recently active is closed early, counted). */
  maxOpenSessions: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Lines of one session kept (the rest still extend its life but are not modelled). */
  maxSessionLength: z.number().int().min(2).max(10_000).default(200),
});
export type LogAnomalyConfig = z.output<typeof logAnomalyConfig>;
