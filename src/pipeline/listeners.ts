import type { z } from 'zod';
import { listenAddress } from '../core/config.js';
import { WardError } from '../core/errors.js';
import type { LoadedConfig } from './config-loader.js';
import { envName } from './config-env.js';
import { sources } from './sources.js';

/** What a deployment may change about every source of one type. */
export interface SourceOverride {
  /** Run sources of this type at all (`--no-syslog`, `WARDWATCH_SYSLOG_ENABLED=false`). */
  enabled?: boolean;
  /** New port for every listen address of this type, host kept (`--syslog-port`, `WARDWATCH_SYSLOG_PORT`); 0 = any free port. */
  port?: number;
}

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The listen-address fields of a source type, read from its config schema: every field declared
 * with the shared `listenAddress` type (`udp`/`tcp` for syslog, `listen` for SMTP and MLLP).
 * A new listening source gets `--<type>-port` by declaring its address that way; nothing central
 * changes. Clients (MQTT, IMAP) have none and only get `--no-<type>`.
 *
 * @example
 * listenKeys('syslog') // ['udp', 'tcp']
 */
export function listenKeys(type: string): string[] {
  const shape = defOf(sources.get(type).config).shape ?? {};
  return Object.entries(shape).filter(([, s]) => {
    let cur: z.ZodType | undefined = s;
    while (cur && cur !== listenAddress) cur = defOf(cur).innerType;
    return cur === listenAddress;
  }).map(([k]) => k);
}

/** Flag and environment stem of a source type: `syslog` → `syslog` / `SYSLOG`. */
const stem = (type: string) => type.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

/**
 * The environment variables of a source type.
 *
 * @example
 * sourceEnvNames('syslog') // { enabled: 'WARDWATCH_SYSLOG_ENABLED', port: 'WARDWATCH_SYSLOG_PORT' }
 */
export function sourceEnvNames(type: string): { enabled: string; port: string } {
  const base = envName(stem(type).replace(/-/g, '_'));
  return { enabled: `${base}_ENABLED`, port: `${base}_PORT` };
}

/** Parse a port number or fail naming where it came from. */
export function parsePort(text: string, where: string): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text.trim()) || n > 65535) throw new WardError('config.invalid', `"${text}" is not a port (0-65535; 0 = any free port)`, where);
  return n;
}

/**
 * Source overrides from `WARDWATCH_<TYPE>_ENABLED` and `WARDWATCH_<TYPE>_PORT`, for every
 * registered source type.
 *
 * @example
 * sourceOverridesFromEnv({ WARDWATCH_SYSLOG_PORT: '5515', WARDWATCH_SMTP_ENABLED: 'false' })
 * // { syslog: { port: 5515 }, smtp: { enabled: false } }
 */
export function sourceOverridesFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, SourceOverride> {
  const out: Record<string, SourceOverride> = {};
  for (const type of sources.names()) {
    const names = sourceEnvNames(type);
    const o: SourceOverride = {};
    const en = env[names.enabled]?.trim();
    if (en) {
      if (/^(true|yes|on|1)$/i.test(en)) o.enabled = true;
      else if (/^(false|no|off|0)$/i.test(en)) o.enabled = false;
      else throw new WardError('config.invalid', `"${en}" is not true or false`, names.enabled);
    }
    const port = env[names.port];
    if (port !== undefined && port !== '') {
      if (listenKeys(type).length === 0) throw new WardError('config.invalid', `a ${type} source connects out and has no port to set`, names.port);
      o.port = parsePort(port, names.port);
    }
    if (o.enabled !== undefined || o.port !== undefined) out[type] = o;
  }
  return out;
}

/**
 * Apply per-type overrides to the loaded sources: drop disabled types, move every listen
 * address of a type to the new port. A port for a type the configuration does not run is an
 * error (the setting would silently do nothing).
 *
 * @example
 * applySourceOverrides(loaded, { syslog: { port: 0 }, smtp: { enabled: false } }, (t) => `--${t}-port`);
 */
export function applySourceOverrides(loaded: LoadedConfig, overrides: Record<string, SourceOverride>, where: (type: string) => string): void {
  for (const [type, o] of Object.entries(overrides)) {
    sources.get(type, where(type));
    if (o.enabled === false) {
      loaded.sources = loaded.sources.filter((s) => s.type !== type);
      continue;
    }
    if (o.port === undefined) continue;
    const specs = loaded.sources.filter((s) => s.type === type);
    if (specs.length === 0) {
      throw new WardError('config.invalid', `no ${type} source is configured (add one under sources: in the config file)`, where(type));
    }
    const keys = listenKeys(type);
    for (const spec of specs) {
      const cfg = spec.config as Record<string, unknown>;
      for (const k of keys) {
        const addr = cfg[k];
        if (typeof addr === 'string') cfg[k] = `${addr.slice(0, addr.lastIndexOf(':'))}:${o.port}`;
      }
    }
  }
}

/**
 * The source types that listen on a port (have a `--<type>-port` flag) and all source types
 * (each has `--no-<type>`), for building command-line options.
 */
export function sourceFlagTypes(): Array<{ type: string; flag: string; listens: boolean }> {
  return sources.names().map((type) => ({ type, flag: stem(type), listens: listenKeys(type).length > 0 }));
}
