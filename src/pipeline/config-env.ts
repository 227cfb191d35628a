import type { z } from 'zod';
import { configSchema } from '../core/config.js';
import { WardError } from '../core/errors.js';

/** Prefix of every environment variable Wardwatch reads as a setting. */
export const ENV_PREFIX = 'WARDWATCH_';

/**
 * Short names a twelve-factor deployment expects, each standing for a config key. The systematic
 * name (`WARDWATCH_API_PORT`) wins when both are set.
 */
export const ENV_ALIASES: Readonly<Record<string, string>> = {
  WARDWATCH_PORT: 'api.port',
  WARDWATCH_HOST: 'api.host',
  WARDWATCH_WORKERS: 'pipeline.workers',
};

/** One scalar setting reachable from the environment. */
export interface EnvKey {
  /** Config key path, e.g. `api.port`. */
  path: string;
  /** Environment variable, e.g. `WARDWATCH_API_PORT`. */
  env: string;
  schema: z.ZodType;
}

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** `retentionDays` → `RETENTION_DAYS`, `dataDir` → `DATA_DIR`. */
const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The environment variable for a config key path: `WARDWATCH_` + each path segment in upper
 * snake case, joined by `_`.
 *
 * @example
 * envName('api.port') // 'WARDWATCH_API_PORT'
 * envName('store.retentionDays') // 'WARDWATCH_STORE_RETENTION_DAYS'
 */
export function envName(path: string): string {
  return ENV_PREFIX + path.split('.').map(snake).join('_');
}

/** Strip optional/default wrappers down to the schema that judges a value. */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const d = defOf(cur);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'prefault' || d.type === 'nullable') && d.innerType) cur = d.innerType;
    else return cur;
  }
}

/**
 * Every scalar key of the top-level configuration with its environment variable (lists such as
 * `sources` and `detectors` and the `parsers` map stay in the YAML file).
 *
 * @example
 * envKeys().find((k) => k.path === 'dataDir')?.env // 'WARDWATCH_DATA_DIR'
 */
export function envKeys(schema: z.ZodType = configSchema): EnvKey[] {
  const out: EnvKey[] = [];
  const walk = (s: z.ZodType, prefix: string) => {
    const inner = unwrap(s);
    const d = defOf(inner);
    if (d.type === 'object' && d.shape) {
      for (const [k, v] of Object.entries(d.shape)) walk(v, prefix ? `${prefix}.${k}` : k);
      return;
    }
    if (d.type === 'array' || d.type === 'record') return;
    if (prefix) out.push({ path: prefix, env: envName(prefix), schema: inner });
  };
  walk(schema, '');
  return out;
}

/** The typed value of an environment string: the first reading the key's schema accepts. */
function coerce(key: EnvKey, text: string, variable: string): unknown {
  const t = text.trim();
  const candidates: unknown[] = [t];
  if (t !== '' && Number.isFinite(Number(t))) candidates.unshift(Number(t));
  if (/^(true|yes|on|1)$/i.test(t)) candidates.push(true);
  if (/^(false|no|off|0)$/i.test(t)) candidates.push(false);
  for (const c of candidates) if (key.schema.safeParse(c).success) return c;
  const issue = key.schema.safeParse(t).error?.issues[0];
  throw new WardError('config.invalid', `"${text}" is not a valid ${key.path}${issue ? ` (${issue.message})` : ''}`, variable);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

/**
 * Overlay `WARDWATCH_*` settings onto a raw config object (file values lose to the environment;
 * command-line flags are applied later and win over both). Returns a new object.
 *
 * @example
 * applyEnv({ api: { port: 8080 } }, { WARDWATCH_API_PORT: '9090' }) // { api: { port: 9090 } }
 * applyEnv({}, { WARDWATCH_PORT: '9090', WARDWATCH_DATA_DIR: '/var/lib/wardwatch' }) // { api: { port: 9090 }, dataDir: '/var/lib/wardwatch' }
 */
export function applyEnv(raw: unknown, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const out = structuredClone((raw ?? {}) as Record<string, unknown>);
  const keys = envKeys();
  const byPath = new Map(keys.map((k) => [k.path, k]));
  for (const [alias, path] of Object.entries(ENV_ALIASES)) {
    const v = env[alias];
    const key = byPath.get(path);
    if (v === undefined || v === '' || !key || env[key.env] !== undefined) continue;
    setPath(out, path, coerce(key, v, alias));
  }
  for (const key of keys) {
    const v = env[key.env];
    if (v === undefined || v === '') continue;
    setPath(out, key.path, coerce(key, v, key.env));
  }
  return out;
}
