import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadCatalogue, type VulnCatalogue } from './vulns.js';

/** Where the vulnerability catalogues live in a data directory (refreshed by `wardwatch intel update`). */
export function vulnPaths(dataDir: string): { dir: string; kev: string; csaf: string; sources: string } {
  const dir = join(dataDir, 'vulns');
  return { dir, kev: join(dir, 'kev.json'), csaf: join(dir, 'csaf'), sources: join(dir, 'sources.json') };
}

/** The catalogue stored in a data directory (empty when never refreshed). */
export function openCatalogue(dataDir: string): VulnCatalogue {
  const p = vulnPaths(dataDir);
  return loadCatalogue({ kev: p.kev, csaf: p.csaf });
}

/** Where the catalogues are refreshed from: a URL or a local path each. */
export interface VulnSources {
  /** CISA KEV JSON: `https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json` or a file. */
  kev?: string | undefined;
  /** CSAF 2.0 advisories: a provider's `index.txt` URL (CSAF 2.0 §7.1.13) or a folder of advisories. */
  csaf?: string | undefined;
}

/** What a refresh did, per catalogue. */
export interface VulnRefresh {
  name: 'cisa-kev' | 'icsma-csaf';
  from: string;
  outcome: 'updated' | 'failed';
  entries: number;
  message: string;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

async function get(url: string, fetchImpl: typeof fetch): Promise<string> {
  const res = await fetchImpl(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonFiles(p) : n.endsWith('.json') ? [p] : [];
  });
}

/** Write a file owner-only, replacing the old one only once the new one is complete. */
function writePrivate(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/**
 * Refresh the KEV and CSAF catalogues of a data directory from the given sources (or the ones
 * used last time). A failed download keeps the previous catalogue. Only medical advisories
 * (`icsma-*`) are taken from a CSAF index. The sources are remembered for the next refresh.
 *
 * @example
 * await refreshVulnFeeds('./data', { kev: 'https://www.cisa.gov/…/known_exploited_vulnerabilities.json' })
 */
export async function refreshVulnFeeds(dataDir: string, given: VulnSources = {}, fetchImpl: typeof fetch = fetch, progress: (m: string) => void = () => {}): Promise<VulnRefresh[]> {
  const p = vulnPaths(dataDir);
  const saved = existsSync(p.sources) ? (JSON.parse(readFileSync(p.sources, 'utf8')) as VulnSources) : {};
  const src: VulnSources = { kev: given.kev ?? saved.kev, csaf: given.csaf ?? saved.csaf };
  if (!src.kev && !src.csaf) return [];
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const out: VulnRefresh[] = [];
  if (src.kev) {
    try {
      const text = isUrl(src.kev) ? await get(src.kev, fetchImpl) : readFileSync(src.kev, 'utf8');
      const doc = JSON.parse(text) as { vulnerabilities?: unknown };
      if (!Array.isArray(doc.vulnerabilities)) throw new Error('not a CISA KEV catalogue (no "vulnerabilities" array)');
      writePrivate(p.kev, text);
      out.push({ name: 'cisa-kev', from: src.kev, outcome: 'updated', entries: doc.vulnerabilities.length, message: `${doc.vulnerabilities.length} known exploited vulnerabilities` });
    } catch (err) {
      out.push({ name: 'cisa-kev', from: src.kev, outcome: 'failed', entries: 0, message: `${(err as Error).message}; the previous catalogue is kept` });
    }
  }
  if (src.csaf) {
    const tmp = `${p.csaf}.new`;
    try {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true, mode: 0o700 });
      let n = 0;
      if (isUrl(src.csaf)) {
        const base = src.csaf.replace(/[^/]*$/, '');
        const lines = (await get(src.csaf, fetchImpl)).split('\n').map((l) => l.trim()).filter((l) => /(^|\/)icsma-[\w.-]+\.json$/i.test(l));
        for (const [i, rel] of lines.entries()) {
          if (i % 20 === 0) progress(`csaf ${i}/${lines.length}`);
          const text = await get(new URL(rel, base).toString(), fetchImpl);
          JSON.parse(text);
          writeFileSync(join(tmp, basename(rel)), text, { mode: 0o600 });
          n++;
        }
      } else {
        for (const f of jsonFiles(src.csaf)) {
          copyFileSync(f, join(tmp, basename(f)));
          chmodSync(join(tmp, basename(f)), 0o600);
          n++;
        }
      }
      if (!n) throw new Error('no advisories found');
      rmSync(p.csaf, { recursive: true, force: true });
      renameSync(tmp, p.csaf);
      out.push({ name: 'icsma-csaf', from: src.csaf, outcome: 'updated', entries: n, message: `${n} CSAF advisories` });
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      out.push({ name: 'icsma-csaf', from: src.csaf, outcome: 'failed', entries: 0, message: `${(err as Error).message}; the previous catalogue is kept` });
    }
  }
  if (src.kev || src.csaf) writePrivate(p.sources, JSON.stringify(src));
  return out;
}

/**
 * The data directory's catalogue, reloaded only when a refresh changed it (for the long-running API).
 *
 * @example
 * const cat = catalogueCache('./data'); cat().loaded.advisories
 */
export function catalogueCache(dataDir: string): () => VulnCatalogue {
  const p = vulnPaths(dataDir);
  let stamp = '';
  let cat: VulnCatalogue | undefined;
  const mtime = (f: string) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  return () => {
    const now = `${mtime(p.kev)}/${mtime(p.csaf)}`;
    if (!cat || now !== stamp) {
      cat = openCatalogue(dataDir);
      stamp = now;
    }
    return cat;
  };
}
