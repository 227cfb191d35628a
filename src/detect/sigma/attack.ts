import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** An ATT&CK technique as alerts name it. */
export interface AttackTechnique {
  id: string;
  name: string;
  /** Tactic short names, e.g. `credential-access`. */
  tactics: string[];
}

/** An ATT&CK tactic. */
export interface AttackTactic {
  id: string;
  shortname: string;
  name: string;
}

/**
 * Technique and tactic names from ATT&CK STIX bundles (Enterprise and ICS), by id and short name.
 *
 * @example
 * const cat = new AttackCatalog(); cat.addBundle(JSON.parse(text)); cat.techniques.get('T1059.001')?.name
 */
export class AttackCatalog {
  readonly techniques = new Map<string, AttackTechnique>();
  readonly tactics = new Map<string, AttackTactic>();

  /** Add the objects of one STIX 2.0/2.1 bundle; revoked and deprecated objects are skipped. */
  addBundle(bundle: { objects?: unknown[] }): void {
    for (const o of bundle.objects ?? []) {
      const obj = o as Record<string, unknown>;
      if (obj.revoked === true || obj.x_mitre_deprecated === true) continue;
      const refs = (obj.external_references as Array<Record<string, unknown>> | undefined) ?? [];
      const ext = refs.find((r) => typeof r.source_name === 'string' && r.source_name.startsWith('mitre-') && typeof r.external_id === 'string');
      const extId = ext?.external_id as string | undefined;
      if (!extId) continue;
      if (obj.type === 'attack-pattern') {
        const phases = (obj.kill_chain_phases as Array<{ phase_name: string }> | undefined) ?? [];
        this.techniques.set(extId.toUpperCase(), { id: extId, name: String(obj.name), tactics: phases.map((p) => p.phase_name) });
      } else if (obj.type === 'x-mitre-tactic') {
        const shortname = String(obj.x_mitre_shortname);
        this.tactics.set(shortname, { id: extId, shortname, name: String(obj.name) });
      }
    }
  }

  /**
   * Resolve Sigma tags (`attack.t1059.001`, `attack.execution`) to techniques and tactics.
   *
   * @example
   * catalog.resolveTags(['attack.t1003.001']).techniques[0]?.name // 'LSASS Memory'
   */
  resolveTags(tags: string[]): { techniques: AttackTechnique[]; tactics: AttackTactic[] } {
    const techniques: AttackTechnique[] = [];
    const tactics: AttackTactic[] = [];
    for (const tag of tags) {
      if (!tag.startsWith('attack.')) continue;
      const v = tag.slice(7);
      if (/^t\d{4}(\.\d{3})?$/i.test(v)) {
        const t = this.techniques.get(v.toUpperCase());
        techniques.push(t ?? { id: v.toUpperCase(), name: v.toUpperCase(), tactics: [] });
      } else {
        const t = this.tactics.get(v.replace(/_/g, '-'));
        if (t) tactics.push(t);
      }
    }
    return { techniques, tactics };
  }
}

/**
 * Technique ids named by Sigma tags, without needing the bundles.
 *
 * @example
 * techniqueIds(['attack.execution', 'attack.t1059.001']) // ['T1059.001']
 */
export function techniqueIds(tags: string[]): string[] {
  return tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice(7).toUpperCase());
}

const cache = new Map<string, AttackCatalog>();

/**
 * Load the ATT&CK bundles of a folder (`*.json` and `*.json.gz` STIX bundles). Cached per folder:
 * the Enterprise bundle is 33 MB of JSON.
 *
 * @example
 * loadAttackCatalog('../shared/data/attack').resolveTags(['attack.t1003'])
 */
export function loadAttackCatalog(dir: string): AttackCatalog {
  const known = cache.get(dir);
  if (known) return known;
  const cat = new AttackCatalog();
  for (const name of ['enterprise-attack.stix20.reconstructed.json.gz', 'enterprise-attack.json', 'ics-attack-18.1.json', 'ics-attack.json', 'mobile-attack.json']) {
    const p = join(dir, name);
    if (!existsSync(p)) continue;
    const buf = readFileSync(p);
    const text = name.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
    cat.addBundle(JSON.parse(text) as { objects?: unknown[] });
  }
  cache.set(dir, cat);
  return cat;
}
