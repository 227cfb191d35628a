import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PARSERS, sniffFormat } from '../src/parsers/index.js';
import { JsonValueSplitter, detectFraming } from '../src/sources/framing.js';
import { ROOT } from './helpers.js';

/**
 * `--format auto` on each public sample (test/fixtures/formats/SOURCES.md) picks its parser among
 * all the built-in ones, the way file ingest samples a file: JSON documents by their first
 * records, other files by their first lines.
 */
const CASES: Array<[string, string]> = [
  ['winlogbeat-4634.golden.json', 'windows-event'],
  ['graph-signins.json', 'm365'],
  ['okta-system.ndjson', 'okta'],
  ['cisco-asa.log', 'cisco-asa'],
  ['fortigate.log', 'fortigate'],
  ['panos.log', 'panos'],
  ['windows-dhcp.log', 'windows-dhcp'],
  ['windows-dns.log', 'windows-dns'],
];

describe('format sniffing of the public samples', () => {
  it.each(CASES)('%s → %s', (file, format) => {
    const text = readFileSync(join(ROOT, 'test/fixtures/formats', file), 'utf8');
    const sample = detectFraming(text) === 'json'
      ? new JsonValueSplitter().push(text).slice(0, 20).map((f) => f.data)
      : text.split('\n').filter((l) => l.trim()).slice(0, 20);
    expect(sniffFormat(BUILTIN_PARSERS, sample)).toBe(format);
  });
});
