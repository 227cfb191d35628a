import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRecord, VulnMatch } from './types.js';

/** One affected product of an advisory: vendor key, product words, and the versions affected. */
interface Affected {
  advisory: string;
  source: VulnMatch['source'];
  title: string;
  vendor: string;
  product: string[];
  /** `undefined`: every version; else exact versions and `<=`/`<` bounds. */
  versions: Array<{ op: '=' | '<=' | '<'; v: string }> | undefined;
  cves: string[];
}

/** The vulnerability catalogue: CISA KEV and ICS medical advisories (CSAF 2.0), indexed by vendor. */
export interface VulnCatalogue {
  byVendor: Map<string, Affected[]>;
  kevCves: Set<string>;
  /** Where it was loaded from and how much, for `--help` and docs. */
  loaded: { kev: number; advisories: number; problems: string[] };
}

const SUFFIX = /\b(inc|incorporated|ltd|limited|llc|co|corp|corporation|company|gmbh|ag|sa|nv|bv|plc|kg|international|systems|technologies|group|the|and)\b/g;
/** Spellings of one maker (registry names, advisory vendors, self-reports) → one key. */
const ALIASES: Array<[RegExp, string]> = [
  [/becton|\bbd\b|alaris|carefusion/, 'bd'], [/dr[äa]e?ger/, 'draeger'], [/phill?ips/, 'philips'], [/\bge\b|general electric/, 'ge'],
  [/b\.? ?braun/, 'bbraun'], [/siemens/, 'siemens'], [/baxter/, 'baxter'], [/medtronic/, 'medtronic'], [/smiths medical/, 'smiths'],
  [/icu medical|hospira/, 'icumedical'], [/mindray/, 'mindray'], [/nihon kohden/, 'nihonkohden'], [/fuji ?film/, 'fujifilm'],
  [/roche/, 'roche'], [/carestream/, 'carestream'], [/hamilton/, 'hamilton'], [/spacelabs/, 'spacelabs'], [/abbott/, 'abbott'],
  [/hill-?rom|welch allyn|baxter/, 'baxter'], [/natus/, 'natus'], [/stryker/, 'stryker'], [/canon/, 'canon'],
];

/**
 * A vendor name reduced to one key: aliases first, else its first significant word.
 *
 * @example
 * vendorKey('Becton, Dickinson and Company (BD)') // 'bd'
 * vendorKey('Philips Medical Systems') // 'philips'
 */
export function vendorKey(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const l = name.toLowerCase();
  for (const [re, key] of ALIASES) if (re.test(l)) return key;
  const words = l.replace(/[^a-z0-9 ]/g, ' ').replace(SUFFIX, ' ').split(/\s+/).filter((w) => w.length > 1);
  return words[0];
}

const GENERIC = new Set(['unit', 'system', 'systems', 'software', 'device', 'devices', 'version', 'versions', 'and', 'prior', 'all', 'the', 'for', 'of', 'pc', 'infusion', 'pump', 'series', 'model', 'models']);
const words = (s: string): string[] => s.toLowerCase().replace(/[^a-z0-9. ]/g, ' ').split(/\s+/).filter((w) => w.length > 1 && !GENERIC.has(w));

/** Compare dotted versions numerically where both parts are numbers, else as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_ ]/);
  const pb = b.split(/[.\-_ ]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** Parse a CSAF product_version(_range) name: `9.7`, `<= 9.33`, `< 2.0`, `vers:generic/<=1.2`. */
function versionRule(name: string, category: string): { op: '=' | '<=' | '<'; v: string } | undefined {
  const t = name.replace(/^vers:[a-z]+\//, '').trim();
  const m = /^(<=|<)\s*v?([\w.\-]+)/.exec(t);
  if (m) return { op: m[1] as '<=' | '<', v: m[2]! };
  if (category === 'product_version' && /^v?[\w.\-]+$/.test(t)) return { op: '=', v: t.replace(/^v/, '') };
  return undefined;
}

type Branch = { category?: string; name?: string; branches?: Branch[] };

/** Every (vendor, product name, versions) of a CSAF product tree. */
function walk(b: Branch[] | undefined, vendor: string, product: string, out: Map<string, { vendor: string; product: string; versions: Affected['versions'] }>): void {
  for (const x of b ?? []) {
    const v = x.category === 'vendor' ? x.name ?? vendor : vendor;
    const p = x.category === 'product_name' || x.category === 'product_family' ? x.name ?? product : product;
    if (x.category === 'product_version' || x.category === 'product_version_range') {
      const key = `${v}\u0000${p}`;
      const cur = out.get(key) ?? { vendor: v, product: p, versions: [] };
      const rule = versionRule(x.name ?? '', x.category);
      // A version the parser cannot read means "some versions": keep the product, drop the bound.
      if (rule && cur.versions) cur.versions.push(rule);
      else cur.versions = undefined;
      out.set(key, cur);
    } else if (x.branches?.length) walk(x.branches, v, p, out);
    else if (x.category === 'product_name') out.set(`${v}\u0000${p}`, { vendor: v, product: p, versions: undefined });
  }
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsonFiles(p));
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

/**
 * Load the catalogue from a KEV JSON file and a folder of CSAF 2.0 advisories (either may be
 * missing). A file that cannot be read is listed in `loaded.problems`, the rest are loaded.
 *
 * @example
 * const cat = loadCatalogue({ kev: 'vulns/kev.json', csaf: 'vulns/csaf' }); cat.loaded.advisories // 144
 */
export function loadCatalogue(paths: { kev?: string | undefined; csaf?: string | undefined }): VulnCatalogue {
  const cat: VulnCatalogue = { byVendor: new Map(), kevCves: new Set(), loaded: { kev: 0, advisories: 0, problems: [] } };
  const push = (a: Affected) => {
    const list = cat.byVendor.get(a.vendor) ?? [];
    list.push(a);
    cat.byVendor.set(a.vendor, list);
  };
  if (paths.kev && existsSync(paths.kev)) {
    try {
      const kev = JSON.parse(readFileSync(paths.kev, 'utf8')) as { vulnerabilities?: Array<{ cveID?: string; vendorProject?: string; product?: string; vulnerabilityName?: string }> };
      for (const v of kev.vulnerabilities ?? []) {
        if (!v.cveID) continue;
        cat.kevCves.add(v.cveID);
        const vendor = vendorKey(v.vendorProject);
        if (!vendor || !v.product) continue;
        push({ advisory: v.cveID, source: 'cisa-kev', title: v.vulnerabilityName ?? v.cveID, vendor, product: words(v.product), versions: undefined, cves: [v.cveID] });
        cat.loaded.kev++;
      }
    } catch (err) {
      cat.loaded.problems.push(`${paths.kev}: ${(err as Error).message}`);
    }
  }
  if (paths.csaf && existsSync(paths.csaf)) {
    for (const file of jsonFiles(paths.csaf)) {
      try {
        const d = JSON.parse(readFileSync(file, 'utf8')) as { document?: { title?: string; tracking?: { id?: string } }; product_tree?: { branches?: Branch[] }; vulnerabilities?: Array<{ cve?: string }> };
        const id = d.document?.tracking?.id;
        if (!id || !d.product_tree) throw new Error('not a CSAF 2.0 advisory (no tracking id or product tree)');
        const cves = (d.vulnerabilities ?? []).map((v) => v.cve).filter((c): c is string => !!c);
        const products = new Map<string, { vendor: string; product: string; versions: Affected['versions'] }>();
        walk(d.product_tree.branches, '', '', products);
        for (const p of products.values()) {
          const vendor = vendorKey(p.vendor);
          if (vendor) push({ advisory: id, source: 'icsma-csaf', title: d.document?.title ?? id, vendor, product: words(p.product), versions: p.versions?.length ? p.versions : undefined, cves });
        }
        cat.loaded.advisories++;
      } catch (err) {
        cat.loaded.problems.push(`${file}: ${(err as Error).message}`);
      }
    }
  }
  return cat;
}

/** Whether every word of a product name appears in what the device says about itself. */
function productMatches(product: string[], said: string[]): boolean {
  if (!product.length || !said.length) return false;
  const have = new Set(said);
  // The distinctive words (model names, numbers) must all be there; at least one word must be.
  return product.every((w) => have.has(w));
}

/**
 * The product family matches (the advisory's first distinctive word, e.g. "IntelliVue" of "IntelliVue Patient
 * Monitors MX40"), but not every word: the same line of products, never more than `probable`.
 */
function familyMatches(product: string[], said: string[]): boolean {
  const head = product[0];
  return head !== undefined && head.length >= 4 && /[a-z]/.test(head) && said.includes(head);
}

function versionAffected(rules: NonNullable<Affected['versions']>, fw: string): boolean {
  return rules.some((r) => {
    const c = compareVersions(fw, r.v);
    return r.op === '=' ? c === 0 : r.op === '<=' ? c <= 0 : c < 0;
  });
}

/**
 * The advisories a device may be affected by, with an honest confidence: vendor, product and an
 * affected firmware version → `confirmed`; vendor and product (no version known, or unreadable
 * bounds) → `probable`; vendor only → `possible` (ICS medical advisories only: a KEV vendor such as
 * Microsoft alone says nothing about one device). A known firmware outside every affected range is
 * not reported.
 */
export function matchVulns(r: DeviceRecord, vendor: string | undefined, cat: VulnCatalogue): VulnMatch[] {
  const keys = new Set([vendorKey(r.report.manufacturer), vendorKey(vendor), ...r.vendorClasses.map(vendorKey)].filter((k): k is string => !!k));
  const said = [r.report.model, ...r.vendorClasses, ...r.serverBanners].filter((x): x is string => !!x).flatMap(words);
  const fw = r.report.firmware;
  const best = new Map<string, VulnMatch>();
  const rank = { confirmed: 3, probable: 2, possible: 1 } as const;
  for (const key of keys) {
    for (const a of cat.byVendor.get(key) ?? []) {
      let confidence: VulnMatch['confidence'] | undefined;
      if (productMatches(a.product, said)) {
        if (!a.versions || !fw) confidence = 'probable';
        else if (versionAffected(a.versions, fw)) confidence = 'confirmed';
      } else if (familyMatches(a.product, said)) confidence = 'probable';
      else if (a.source === 'icsma-csaf') confidence = 'possible';
      if (!confidence) continue;
      const cur = best.get(a.advisory);
      if (cur && rank[cur.confidence] >= rank[confidence]) continue;
      best.set(a.advisory, { id: a.advisory, source: a.source, title: a.title, confidence, cves: a.cves, knownExploited: a.cves.some((c) => cat.kevCves.has(c)) });
    }
  }
  return [...best.values()].sort((x, y) => rank[y.confidence] - rank[x.confidence] || Number(y.knownExploited) - Number(x.knownExploited) || x.id.localeCompare(y.id));
}
