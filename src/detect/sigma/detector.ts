import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ComponentContext, Detector, DetectorDef, EmitAlert } from '../../core/components.js';
import { getField, type WardEvent } from '../../core/event.js';
import { alertFromCorrelation, alertFromMatch } from './alert.js';
import { loadAttackCatalog, type AttackCatalog } from './attack.js';
import { CorrelationEngine } from './correlation.js';
import { CURATION_FILE } from './curation.js';
import { SigmaEngine } from './engine.js';
import type { RuleIssue } from './errors.js';
import { eventLogSource } from './logsource.js';
import { loadRuleDirs, type RuleSet } from './ruleset.js';

const criteria = z
  .object({
    ids: z.array(z.string()).optional(),
    statuses: z.array(z.string()).optional(),
    levels: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    paths: z.array(z.string()).optional(),
  })
  .strict();

/**
 * Configuration of the `sigma` detector.
 *
 * @example
 * sigmaConfig.parse({ rules: ['rules/sigma'], disable: { statuses: ['deprecated'] } })
 */
export const sigmaConfig = z
  .object({
    /** Rule folders; later folders override earlier ones rule by rule (local over bundled). */
    rules: z.array(z.string()).min(1),
    enable: criteria.optional(),
    disable: criteria.optional(),
    /** Values for `%name%` placeholders (the `expand` modifier). */
    placeholders: z.record(z.string(), z.array(z.string())).optional(),
    /** Folder of ATT&CK STIX bundles, to name techniques and tactics in alerts. */
    attack: z.string().optional(),
    /** `none`: plain rules only; `only`: correlations only (run them in their own instance to shard by group-by). */
    correlations: z.enum(['all', 'none', 'only']).default('all'),
    /** Cache parsed rules in the data directory so a restart skips YAML parsing of unchanged files. */
    cache: z.boolean().default(true),
    /**
     * Honour `curation.json` in shipped folders (noisy, low-level and experimental rules off).
     * `enable.ids` switches single curated-off rules back on.
     */
    curation: z.boolean().default(true),
    /**
     * A shipped (curated) folder is replaced by the copy `wardwatch sigma update` wrote to
     * `<dataDir>/sigma/<folder name>/`, so updates never modify the installed package.
     */
    updates: z.boolean().default(true),
  })
  .strict();

/** Parsed `sigma` detector configuration. */
export type SigmaConfig = z.infer<typeof sigmaConfig>;

/** Counters every component reports (received, emitted, dropped with reason, errors). */
export interface SigmaTelemetry {
  received: number;
  emitted: number;
  /** Events no rule applies to (their log source has no rules). */
  dropped: { no_rules: number };
  errors: number;
  lastError?: string;
  /** Rules evaluated after the prefilter, and rule matches (including correlation inputs). */
  evaluated: number;
  matches: number;
  correlationWindows: number;
  rules: { loaded: number; failed: number; correlations: number };
}

/** The sigma detector's runtime object, with the load report for `sigma check` and telemetry. */
export interface SigmaDetector extends Detector {
  readonly ruleSet: RuleSet;
  readonly issues: RuleIssue[];
  readonly engine: SigmaEngine;
  telemetry(): SigmaTelemetry;
  /**
   * Judge correlation windows that are over at `now` ("fewer than N" conditions need the window
   * to close). `sigma scan` calls it at the end of input; a live runtime may call it periodically.
   */
  flush(now: number, emit: EmitAlert): void;
}

/**
 * Build a sigma detector from a loaded rule set (used by the registry definition and `sigma scan`).
 *
 * @example
 * const d = buildSigmaDetector(loadRuleDirs(['rules/healthcare']), { correlations: 'all' });
 * d.process(event, d.key(event)!, (a) => console.log(a.title));
 */
export function buildSigmaDetector(
  ruleSet: RuleSet,
  opts: { correlations?: 'all' | 'none' | 'only'; attack?: AttackCatalog } = {},
): SigmaDetector {
  const mode = opts.correlations ?? 'all';
  const attack = opts.attack;
  const engine = new SigmaEngine(ruleSet.rules, ruleSet.table);
  const corr = new CorrelationEngine(mode === 'none' ? [] : ruleSet.correlations);
  const emitPlain = mode !== 'only';
  // One group-by shared by every correlation shards by it; otherwise correlations share one key.
  const groupBys = new Set(corr.correlations.map((c) => JSON.stringify(c.groupBy)));
  const sharedGroupBy = groupBys.size === 1 ? corr.correlations[0]!.groupBy : undefined;
  const hasAliases = corr.correlations.some((c) => Object.keys(c.aliases).length > 0);
  let emitted = 0;
  let errors = 0;
  let lastError: string | undefined;

  return {
    ruleSet,
    engine,
    issues: ruleSet.issues,
    accepts(e) {
      return engine.hasRulesFor(eventLogSource(e));
    },
    key(e) {
      if (corr.correlations.length > 0) {
        if (!sharedGroupBy || hasAliases) return 'correlations';
        const vals = sharedGroupBy.map((g) => getField(e, g) ?? e.raw?.[g]);
        return vals.some((v) => v === undefined) ? 'correlations' : vals.map(String).join('|');
      }
      const host = getField(e, 'host.name');
      return typeof host === 'string' ? host : 'unknown-host';
    },
    process(e, key, emit: EmitAlert) {
      const count: EmitAlert = (a) => {
        emitted++;
        emit(a);
      };
      try {
        for (const m of engine.match(e, emitPlain)) {
          if (emitPlain && m.rule.standalone) count(alertFromMatch(m, e, attack));
          const ref: { id: string; name?: string } = { id: m.rule.doc.id };
          if (m.rule.doc.name) ref.name = m.rule.doc.name;
          if (corr.correlations.length) corr.onRuleMatch(ref, e, (hit) => count(alertFromCorrelation(hit, e, attack)), key);
        }
      } catch (err) {
        // A rule must never take the pipeline down: count it, keep the reason, go on.
        errors++;
        lastError = (err as Error).message;
      }
    },
    flush(now, emit) {
      corr.flush(now, (hit) => {
        emitted++;
        const last: WardEvent = { '@timestamp': new Date(hit.lastSeen).toISOString(), event: { id: hit.evidence[hit.evidence.length - 1] ?? 'flush' } };
        emit(alertFromCorrelation(hit, last, attack));
      });
    },
    telemetry() {
      return {
        received: engine.stats.events,
        emitted,
        dropped: { no_rules: engine.stats.unrouted },
        errors,
        ...(lastError ? { lastError } : {}),
        evaluated: engine.stats.evaluated,
        matches: engine.stats.matches,
        correlationWindows: corr.openWindows,
        rules: { loaded: ruleSet.rules.length, failed: ruleSet.stats.failed, correlations: corr.correlations.length },
      };
    },
    snapshot() {
      return corr.snapshot();
    },
    restore(key, state) {
      corr.restore(key, state);
    },
  };
}

/**
 * The folder to load for a configured one: a curated folder (it has `curation.json`) updated by
 * `wardwatch sigma update` into the data directory is loaded from there.
 *
 * @example
 * updatedFolder('/usr/lib/wardwatch/rules/sigmahq', '/var/lib/wardwatch') // '/var/lib/wardwatch/sigma/sigmahq' once updated
 */
export function updatedFolder(dir: string, dataDir: string): string {
  if (!existsSync(join(dir, CURATION_FILE))) return dir;
  const updated = join(dataDir, 'sigma', basename(dir));
  return existsSync(join(updated, CURATION_FILE)) ? updated : dir;
}

/**
 * The `sigma` detector: runs Sigma rules (and correlations, and filters) over events.
 *
 * @example
 * detectors.register('sigma', sigmaDetectorDef);
 * // config: { type: sigma, rules: [rules/sigma, rules/healthcare], disable: { statuses: [deprecated] } }
 */
export const sigmaDetectorDef: Omit<DetectorDef<SigmaConfig>, 'build'> & {
  build(config: SigmaConfig, ctx: ComponentContext & { name: string }): SigmaDetector;
} = {
  type: 'sigma',
  description: 'Sigma rules, correlations and filters over normalised events',
  config: sigmaConfig,
  build(config, ctx) {
    const selection: { enable?: typeof config.enable; disable?: typeof config.disable } = {};
    if (config.enable) selection.enable = config.enable;
    if (config.disable) selection.disable = config.disable;
    const dirs = config.updates ? config.rules.map((d) => updatedFolder(d, ctx.dataDir)) : config.rules;
    const set = loadRuleDirs(dirs, {
      selection,
      curation: config.curation,
      ...(config.placeholders ? { placeholders: config.placeholders } : {}),
      ...(config.cache ? { cacheFile: join(ctx.dataDir, 'sigma', `rules-${ctx.name}.cache.json`) } : {}),
    });
    const opts: { correlations: 'all' | 'none' | 'only'; attack?: AttackCatalog } = { correlations: config.correlations };
    if (config.attack) opts.attack = loadAttackCatalog(config.attack);
    return buildSigmaDetector(set, opts);
  },
};
