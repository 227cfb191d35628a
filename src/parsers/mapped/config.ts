import { z } from 'zod';
import { isValidTimeZone } from '../common/zone.js';

/** ECS categories (`event.category` allowed values). */
const CATEGORIES = ['api', 'authentication', 'configuration', 'database', 'driver', 'email', 'file', 'host', 'iam', 'intrusion_detection', 'library', 'malware', 'network', 'package', 'process', 'registry', 'session', 'threat', 'vulnerability', 'web'] as const;

/** A dotted path: segments of letters, digits, `_`, `-`, `@` (numeric segments index arrays). */
const DOTTED = /^[A-Za-z0-9_@-]+(?:\.[A-Za-z0-9_@-]+)*$/;
/** Segments that would reach `Object.prototype` if written. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
/** Targets the runtime or another setting owns. */
const RESERVED_TARGETS = new Set(['@timestamp', 'event', 'event.id', 'event.ingested']);

const sourcePath = z
  .string()
  .min(1)
  .refine((p) => DOTTED.test(p), { message: 'expected a dotted source path like "actor.login" or "items.0.id"' });

/**
 * Value types a mapping can convert to.
 *
 * @example
 * FIELD_TYPES.includes('ip') // true
 */
export const FIELD_TYPES = ['string', 'number', 'integer', 'bool', 'ip', 'timestamp', 'keyword_list', 'json'] as const;

const fieldSpec = z.strictObject({
  /** Path in the source record. */
  path: sourcePath,
  /** Conversion; a value that does not convert is a ParseError naming the field. Default `string` for text, as-is otherwise. */
  type: z.enum(FIELD_TYPES).optional(),
  /** Used when the source value is missing or null (not converted). */
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  /** A record without this value (and with no default) is a ParseError. */
  required: z.boolean().default(false),
});

/**
 * Timestamp formats: `auto` reads ISO 8601 strings and epoch numbers (by magnitude: s, ms, µs, ns).
 *
 * @example
 * TIMESTAMP_FORMATS[0] // 'auto'
 */
export const TIMESTAMP_FORMATS = ['auto', 'iso', 'epoch_s', 'epoch_ms', 'epoch_us', 'epoch_ns'] as const;

/**
 * Settings of the `mapped` parser: a declarative field mapping from a JSON record to the
 * event, compiled once at load. Every bad key fails at config load with its path, e.g.
 * `parsers.mapped.mappings.user..name: expected a dotted ECS field path`.
 *
 * @example
 * mappedConfig.parse({
 *   mappings: { 'user.name': 'actor.login', 'source.ip': { path: 'client.addr', type: 'ip' } },
 *   timestamp: { path: 'ts', format: 'epoch_ms' },
 *   static: { 'event.action': 'badge_swipe' },
 *   category: ['authentication'],
 * });
 */
export const mappedConfig = z
  .strictObject({
    /** Target ECS field (dotted) → source path, or a spec with type/default/required. */
    mappings: z.record(z.string(), z.union([sourcePath, fieldSpec])).default({}),
    /** Where `@timestamp` comes from; without it, the receive time is used. */
    timestamp: z
      .strictObject({
        path: sourcePath,
        format: z.enum(TIMESTAMP_FORMATS).default('auto'),
        /** Zone for ISO date-times written without an offset. */
        timezone: z.string().default('UTC').refine(isValidTimeZone, { message: 'unknown time zone: use an IANA name such as "UTC" or "Europe/Berlin"' }),
        /** `error` (default): a record without a readable time is dead-lettered; `received`: use the receive time. */
        onMissing: z.enum(['error', 'received']).default('error'),
      })
      .optional(),
    /** Constant fields set on every event (target path → value), e.g. `observer.vendor`. */
    static: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
    /** `event.category` of every event. */
    category: z.array(z.enum(CATEGORIES)).optional(),
    /** `event.kind` of every event. */
    kind: z.enum(['event', 'alert', 'metric', 'state', 'signal']).default('event'),
    /** `event.module` (default: the parser's name, `mapped`) and `event.dataset`. */
    module: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    /** Keep the whole source object under `raw` (default true). */
    keepRaw: z.boolean().default(true),
  })
  .superRefine((cfg, ctx) => {
    const checkTarget = (key: string, where: 'mappings' | 'static') => {
      if (!DOTTED.test(key)) ctx.addIssue({ code: 'custom', path: [where, key], message: 'expected a dotted ECS field path like "user.name"' });
      else if (key.split('.').some((s) => FORBIDDEN.has(s))) ctx.addIssue({ code: 'custom', path: [where, key], message: 'field path may not contain __proto__, prototype or constructor' });
      else if (RESERVED_TARGETS.has(key)) ctx.addIssue({ code: 'custom', path: [where, key], message: `"${key}" is set by the runtime or by "timestamp:", not by a mapping` });
    };
    for (const key of Object.keys(cfg.mappings)) checkTarget(key, 'mappings');
    for (const key of Object.keys(cfg.static)) checkTarget(key, 'static');
    for (const [key, spec] of Object.entries(cfg.mappings)) {
      if (typeof spec === 'object' && spec.path.split('.').some((s) => FORBIDDEN.has(s))) ctx.addIssue({ code: 'custom', path: ['mappings', key, 'path'], message: 'source path may not contain __proto__, prototype or constructor' });
    }
    // A target that is the parent of another (`user` and `user.name`) would overwrite it.
    const targets = [...Object.keys(cfg.mappings), ...Object.keys(cfg.static)].sort();
    for (let i = 1; i < targets.length; i++) {
      if (targets[i]!.startsWith(targets[i - 1]! + '.')) ctx.addIssue({ code: 'custom', path: ['mappings', targets[i]!], message: `conflicts with "${targets[i - 1]}" (a field cannot also be an object)` });
    }
  });

/**
 * Parsed settings of the `mapped` parser.
 *
 * @example
 * const c: MappedConfig = mappedConfig.parse({ mappings: { 'user.name': 'login' } });
 */
export type MappedConfig = z.output<typeof mappedConfig>;
