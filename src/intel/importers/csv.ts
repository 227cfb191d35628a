import { sdoId } from '../stix/ids.js';
import { classifyValue } from './classify.js';
import { defaultUntil, type ParsedFeed, type ReadOptions } from './types.js';

/** Split one CSV line (RFC 4180 quoting, `""` inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const VALUE_COLS = ['value', 'indicator', 'ioc', 'observable', 'ip', 'ip_address', 'domain', 'url', 'hash', 'sha256', 'md5', 'email'];
const col = (h: string[], names: string[]): number => h.findIndex((x) => names.includes(x));

/**
 * CSV indicator lists with a header row. The value column is the first of `value`, `indicator`,
 * `ioc`, `ip`, `domain`, `url`, `hash` …; optional columns: `confidence` (0..100), `valid_from`,
 * `valid_until` / `expires` (ISO 8601), `description` / `name` / `comment`, `source`.
 * A row with a bad value or date is reported by line and column, and the rest goes on.
 */
export function readCsv(text: string, o: ReadOptions): ParsedFeed {
  const out: ParsedFeed = { records: [], objects: [], problems: [], compound: 0, notForDetection: 0 };
  const lines = text.split(/\r?\n/);
  const hIdx = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
  if (hIdx < 0) return out;
  const header = splitCsvLine(lines[hIdx]!).map((h) => h.toLowerCase().replace(/^#\s*/, ''));
  const vi = col(header, VALUE_COLS);
  if (vi < 0) {
    out.problems.push({ object: `line ${hIdx + 1}`, path: 'header', message: `no value column (one of ${VALUE_COLS.join(', ')})` });
    return out;
  }
  const ci = col(header, ['confidence', 'score']);
  const fi = col(header, ['valid_from', 'first_seen', 'first_seen_utc', 'date']);
  const ui = col(header, ['valid_until', 'expires', 'expiry', 'expiration']);
  const di = col(header, ['description', 'name', 'comment', 'threat', 'malware']);
  const si = col(header, ['source', 'feed']);
  for (let i = hIdx + 1; i < lines.length; i++) {
    if (!lines[i]!.trim() || lines[i]!.startsWith('#')) continue;
    const cells = splitCsvLine(lines[i]!);
    const at = (k: number) => (k >= 0 ? cells[k] : undefined) || undefined;
    const a = classifyValue(at(vi) ?? '');
    if (!a) {
      out.problems.push({ object: `line ${i + 1}`, path: header[vi]!, message: `not an IP, network, domain, URL, hash or e-mail address: ${JSON.stringify((at(vi) ?? '').slice(0, 80))}` });
      continue;
    }
    const date = (k: number, name: string): number | undefined | null => {
      const s = at(k);
      if (s === undefined) return undefined;
      const t = Date.parse(s);
      if (Number.isNaN(t)) {
        out.problems.push({ object: `line ${i + 1}`, path: name, message: `not a date: ${JSON.stringify(s)}` });
        return null;
      }
      return t;
    };
    const from = date(fi, header[fi] ?? 'valid_from');
    const until = date(ui, header[ui] ?? 'valid_until');
    if (from === null || until === null) continue;
    const conf = at(ci) !== undefined ? Number(at(ci)) : o.confidence;
    if (conf !== undefined && !(conf >= 0 && conf <= 100)) {
      out.problems.push({ object: `line ${i + 1}`, path: header[ci]!, message: `confidence must be 0..100: ${JSON.stringify(at(ci))}` });
      continue;
    }
    const source = at(si) ?? o.source;
    const validFrom = from ?? o.now;
    out.records.push({ ...a, source, stixId: sdoId('indicator', `${source}|${a.kind}|${a.value}`), name: at(di) ?? `list ${source}`, confidence: conf, validFrom, validUntil: until ?? defaultUntil(o, validFrom) });
  }
  return out;
}
