import { z } from 'zod';
import { durationField } from '../../core/duration.js';

const duration = durationField;

const mask = z.strictObject({
  name: z.string().min(1),
  pattern: z.string().min(1).refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, { message: 'not a valid regular expression' }),
});

/** The four findings; each can be switched off. */
export const FINDINGS = ['new_template', 'rare_burst', 'transition', 'count'] as const;
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
});
export type LogAnomalyConfig = z.output<typeof logAnomalyConfig>;
