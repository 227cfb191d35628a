import { sdoId } from '../stix/ids.js';
import type { Atom } from '../pattern/extract.js';
import { classifyValue } from './classify.js';
import { defaultUntil, type ParsedFeed, type ReadOptions } from './types.js';

interface MispAttribute {
  uuid?: string;
  type?: string;
  value?: string;
  to_ids?: boolean | string;
  category?: string;
  comment?: string;
  timestamp?: string | number;
  first_seen?: string | null;
  last_seen?: string | null;
}
interface MispEvent {
  uuid?: string;
  info?: string;
  date?: string;
  threat_level_id?: string | number;
  Orgc?: { name?: string };
  Attribute?: MispAttribute[];
  Object?: Array<{ name?: string; Attribute?: MispAttribute[] }>;
  Tag?: Array<{ name?: string }>;
}

/** MISP threat level (1 high … 4 undefined) as a STIX confidence. */
const CONFIDENCE: Record<string, number> = { 1: 90, 2: 60, 3: 30, 4: 50 };
const HASH_TYPES = new Set(['md5', 'sha1', 'sha256', 'sha512', 'filename|md5', 'filename|sha1', 'filename|sha256', 'filename|sha512']);

/** The values of one MISP attribute that can be matched, by its MISP type. */
function atomsOf(a: MispAttribute): Atom[] | undefined {
  const t = a.type ?? '';
  const v = String(a.value ?? '');
  const parts = v.split('|');
  const one = (s: string | undefined, sub?: boolean): Atom[] => {
    const x = s === undefined ? undefined : classifyValue(s, sub === undefined ? {} : { subdomains: sub });
    return x ? [x] : [];
  };
  if (t === 'ip-src' || t === 'ip-dst') return one(v).filter((x) => x.kind === 'ip' || x.kind === 'cidr');
  if (t === 'ip-src|port' || t === 'ip-dst|port') return one(parts[0]).filter((x) => x.kind === 'ip');
  if (t === 'domain') return one(v, true).filter((x) => x.kind === 'domain');
  if (t === 'hostname') return one(v, false).filter((x) => x.kind === 'domain');
  if (t === 'domain|ip') return [...one(parts[0], true), ...one(parts[1])];
  if (t === 'url') return one(v).filter((x) => x.kind === 'url');
  if (HASH_TYPES.has(t)) return one(parts[parts.length - 1]).filter((x) => x.kind === 'hash');
  if (t === 'email-src' || t === 'email') return one(v).filter((x) => x.kind === 'email');
  return undefined;
}

/**
 * MISP events (JSON as exported by MISP, a feed's `<uuid>.json`, or an API `response` list).
 * Attributes flagged for detection (`to_ids`) of network and file types become indicators;
 * others are counted, not loaded. TLP comes from the event's `tlp:*` tag, confidence from
 * its threat level.
 */
export function readMisp(text: string, o: ReadOptions): ParsedFeed {
  const out: ParsedFeed = { records: [], objects: [], problems: [], compound: 0, notForDetection: 0 };
  const doc = JSON.parse(text) as { Event?: MispEvent; response?: Array<{ Event?: MispEvent }> } | Array<{ Event?: MispEvent }>;
  const events = Array.isArray(doc) ? doc.map((d) => d.Event) : doc.response ? doc.response.map((d) => d.Event) : [doc.Event];
  for (const ev of events) {
    if (!ev || typeof ev !== 'object') {
      out.problems.push({ object: '(document)', path: 'Event', message: 'no MISP Event object' });
      continue;
    }
    const evId = ev.uuid ?? '(event without uuid)';
    const tlp = ev.Tag?.map((t) => t.name ?? '').find((n) => /^tlp:/i.test(n))?.slice(4).toLowerCase();
    const confidence = CONFIDENCE[String(ev.threat_level_id ?? '')] ?? o.confidence;
    const evDate = ev.date ? Date.parse(ev.date) : NaN;
    const attrs = [...(ev.Attribute ?? []), ...(ev.Object ?? []).flatMap((x) => x.Attribute ?? [])];
    for (const a of attrs) {
      const where = a.uuid ?? `${evId} attribute ${a.type ?? '?'}`;
      if (!(a.to_ids === true || a.to_ids === '1' || a.to_ids === 'true')) {
        out.notForDetection++;
        continue;
      }
      const atoms = atomsOf(a);
      if (atoms === undefined) continue; // a type we do not match on (filename, regkey, mutex …)
      if (atoms.length === 0) {
        out.problems.push({ object: where, path: 'value', message: `not a valid ${a.type}: ${JSON.stringify(String(a.value ?? '').slice(0, 80))}` });
        continue;
      }
      const ts = a.timestamp !== undefined ? Number(a.timestamp) * 1000 : NaN;
      const validFrom = a.first_seen ? Date.parse(a.first_seen) : !Number.isNaN(evDate) ? evDate : !Number.isNaN(ts) ? ts : o.now;
      const lastSeen = a.last_seen ? Date.parse(a.last_seen) : undefined;
      const name = `MISP event "${ev.info ?? evId}"${ev.Orgc?.name ? ` by ${ev.Orgc.name}` : ''}${a.comment ? ` — ${a.comment}` : ''}`;
      for (const x of atoms) {
        out.records.push({
          ...x, source: o.source, stixId: sdoId('indicator', `misp|${a.uuid ?? `${evId}|${x.value}`}`), name, confidence,
          validFrom: Number.isNaN(validFrom) ? o.now : validFrom,
          validUntil: lastSeen && !Number.isNaN(lastSeen) ? lastSeen : defaultUntil(o, Math.max(o.now, Number.isNaN(validFrom) ? o.now : validFrom)),
          tlp,
        });
      }
    }
  }
  return out;
}
