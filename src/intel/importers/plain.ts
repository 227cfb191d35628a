import { sdoId } from '../stix/ids.js';
import { classifyValue } from './classify.js';
import { defaultUntil, type ParsedFeed, type ReadOptions } from './types.js';

/**
 * Plain blocklists: one value per line, `#` comments. IPsum's `IP<TAB>count` lines are read
 * with their count (on how many public blocklists the address appears) as the level, which
 * sets confidence (10 per list, at most 100) and the explanation ("IPsum level 5 …").
 * A file named `levels/N.txt` gives every line level N.
 *
 * @example readPlain('# ipsum\n203.0.113.7\t5\n', { source: 'ipsum', now, ttlDays: 7 })
 */
export function readPlain(text: string, o: ReadOptions & { level?: number | undefined }): ParsedFeed {
  const out: ParsedFeed = { records: [], objects: [], problems: [], compound: 0, notForDetection: 0 };
  const ipsum = /ipsum/i.test(o.source) || /^#.*ipsum/im.test(text.slice(0, 2000));
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '').trim();
    if (!line) continue;
    const [value, count, extra] = line.split(/\s+/);
    const a = extra === undefined && (count === undefined || /^[0-9]+$/.test(count)) ? classifyValue(value!) : undefined;
    if (!a) {
      out.problems.push({ object: `line ${i + 1}`, path: 'value', message: `not an IP, network, domain, URL, hash or e-mail address: ${JSON.stringify(line.slice(0, 80))}` });
      continue;
    }
    const level = count !== undefined && /^[0-9]+$/.test(count) ? Number(count) : o.level;
    const name = level !== undefined
      ? ipsum ? `IPsum level ${level} (listed by ${level} blocklist${level === 1 ? '' : 's'})` : `${o.source} level ${level}`
      : `blocklist ${o.source}`;
    out.records.push({
      ...a,
      source: o.source,
      stixId: sdoId('indicator', `${o.source}|${a.kind}|${a.value}`),
      name,
      confidence: level !== undefined ? Math.min(100, level * 10) : o.confidence,
      validFrom: o.now,
      validUntil: defaultUntil(o, o.now),
    });
  }
  return out;
}
