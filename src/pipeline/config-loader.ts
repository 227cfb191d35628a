import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ComponentEntry, type WardConfig } from '../core/config.js';
import { WardError, errorMessage } from '../core/errors.js';
import type { Registry } from '../core/registry.js';
import { detectors, enrichers, parsers, sinks } from './builtins.js';
import { applyEnv } from './config-env.js';
import { applySourceOverrides, sourceEnvNames, sourceOverridesFromEnv } from './listeners.js';
import { sources } from './sources.js';

/** Enrichers a fresh install runs: offline geo-IP for source and destination. */
export const DEFAULT_ENRICHERS: ComponentEntry[] = [{ type: 'geoip' }];

/** Sources a fresh install runs: syslog on the loopback interface (unprivileged port). */
export const DEFAULT_SOURCES: ComponentEntry[] = [
  { type: 'syslog', udp: '127.0.0.1:5514', tcp: '127.0.0.1:5514' },
];

/** A component entry after validation: its registered type, unique name and parsed settings. */
export interface ComponentSpec {
  type: string;
  name: string;
  config: unknown;
}

export interface LoadedConfig {
  config: WardConfig;
  sources: ComponentSpec[];
  enrichers: ComponentSpec[];
  detectors: ComponentSpec[];
  sinks: ComponentSpec[];
  /** Settings per parser name (validated), for parsers built on demand. */
  parserConfig: Record<string, unknown>;
}

/**
 * The detectors a fresh install runs: the authentication-abuse detectors, Sigma with the curated
 * SigmaHQ set (rules/sigmahq, noisy rules off per its curation.json) and the healthcare pack,
 * and EHR access analytics.
 */
export const DEFAULT_DETECTORS: ComponentEntry[] = [
  { type: 'auth.bruteforce' },
  { type: 'auth.spray' },
  { type: 'auth.success_after_failures' },
  { type: 'auth.explicit_credentials' },
  { type: 'sigma', rules: [join(PACKAGE_ROOT, 'rules/sigmahq'), join(PACKAGE_ROOT, 'rules/healthcare')] },
  { type: 'ehr.access' },
  { type: 'ehr.behaviour' },
  // Phishing and fraud e-mail (email.* events); set orgDomains/executives in config for the
  // impersonation and look-alike checks of the organisation's own domains.
  { type: 'phishing' },
  // Identity analytics. Rare login time and new source compare users with their peers, which
  // needs a roster (role, department): they are quiet only once staff context is loaded, so they
  // are listed in config/wardwatch.example.yaml rather than on by default.
  { type: 'identity.impossible_travel' },
  { type: 'identity.mfa_fatigue' },
  { type: 'identity.privileged_group_change' },
  { type: 'identity.new_admin_logon' },
  { type: 'identity.service_account_interactive' },
  { type: 'identity.dormant_account' },
  { type: 'identity.after_termination' },
  // Network and device behaviour per host and device class (src/detect/network; docs/network-detection.md).
  { type: 'network.new_external_destination' },
  { type: 'network.beaconing' },
  { type: 'network.exfiltration' },
  { type: 'network.dicom_destination' },
  { type: 'network.scan' },
  { type: 'network.lateral_movement' },
  { type: 'network.hl7_unknown_sender' },
  { type: 'network.dns_tunnel' },
  { type: 'network.dos' },
  { type: 'network.ransomware_smb' },
  { type: 'device.telemetry_tampering' },
];

/** `a.b[2].c` from a zod issue path. */
function pathString(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  let s = prefix;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(root)';
}

function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new WardError('config.invalid', issue.message, pathString(where, issue.path));
}

function buildSpecs(entries: ComponentEntry[], registry: Registry<{ config: z.ZodType }>, key: string): ComponentSpec[] {
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const where = `${key}[${i}]`;
    const def = registry.get(entry.type, `${where}.type`);
    const { type, name, ...rest } = entry;
    const specName = name ?? type;
    if (seen.has(specName)) {
      throw new WardError('config.invalid', `duplicate name "${specName}" (give each entry a distinct name:)`, `${where}.name`);
    }
    seen.add(specName);
    return { type, name: specName, config: check(def.config, rest, where) };
  });
}

/**
 * Validate a configuration object: the top-level schema first, then each component against the
 * schema of its registered type. Errors name the path of the bad key, e.g. `detectors[1].window`.
 *
 * @example
 * loadConfigObject({ detectors: [{ type: 'auth.bruteforce', threshold: 'x' }] })
 * // WardError: detectors[0].threshold: Invalid input: expected number, received string
 */
export function loadConfigObject(raw: unknown): LoadedConfig {
  const config = check(configSchema, raw ?? {}, '');
  const given = (raw ?? {}) as Record<string, unknown>;
  const detectorEntries = given.detectors === undefined ? DEFAULT_DETECTORS : config.detectors;
  const sourceEntries = given.sources === undefined ? DEFAULT_SOURCES : config.sources;
  const enricherEntries = given.enrichers === undefined ? DEFAULT_ENRICHERS : config.enrichers;
  const parserConfig: Record<string, unknown> = {};
  for (const [name, settings] of Object.entries(config.parsers)) {
    parserConfig[name] = check(parsers.get(name, `parsers.${name}`).config, settings, `parsers.${name}`);
  }
  return {
    config,
    sources: buildSpecs(sourceEntries, sources, 'sources'),
    enrichers: buildSpecs(enricherEntries, enrichers, 'enrichers'),
    detectors: buildSpecs(detectorEntries, detectors, 'detectors'),
    sinks: buildSpecs(config.sinks, sinks, 'sinks'),
    parserConfig,
  };
}

/**
 * Read and validate a YAML config file (a missing path yields the defaults), then overlay the
 * environment: `WARDWATCH_<KEY_PATH>` for every scalar key (`WARDWATCH_API_PORT`,
 * `WARDWATCH_DATA_DIR`, …; see `config-env.ts`) and `WARDWATCH_<SOURCE>_PORT` /
 * `WARDWATCH_<SOURCE>_ENABLED` per source type. Precedence: flags (applied by the CLI) >
 * environment > file > defaults.
 *
 * @example
 * loadConfigFile('wardwatch.yaml', { WARDWATCH_PORT: '9090', WARDWATCH_SYSLOG_ENABLED: 'false' }).config.api.port // 9090
 */
export function loadConfigFile(path: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const loaded = path ? loadConfigFromYaml(path, env) : loadConfigObject(applyEnv({}, env));
  applySourceOverrides(loaded, sourceOverridesFromEnv(env), (t) => sourceEnvNames(t).port);
  return loaded;
}

function loadConfigFromYaml(path: string, env: NodeJS.ProcessEnv): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new WardError('config.invalid', `cannot read config: ${errorMessage(err)}`, path);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new WardError('config.invalid', `not valid YAML: ${errorMessage(err)}`, path);
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new WardError('config.invalid', 'expected a mapping of settings at the top level', path);
  }
  const withEnv = applyEnv(raw, env);
  try {
    return loadConfigObject(withEnv);
  } catch (err) {
    if (err instanceof WardError) throw new WardError(err.code, err.message, path);
    throw err;
  }
}
