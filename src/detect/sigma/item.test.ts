import { describe, expect, it } from 'vitest';
import { engineFromYaml, rawEvent } from './testing.js';

function rule(detection: string, extra = ''): string {
  return `title: t\nid: r1\nlogsource:\n  product: windows\n  category: process_creation\n${extra}detection:\n${detection
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}

function fires(detection: string, raw: Record<string, unknown>, opts = {}): boolean {
  const { engine, set } = engineFromYaml(rule(detection), opts);
  const errors = set.issues.filter((i) => i.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  return engine.match(rawEvent(raw)).length > 0;
}

describe('value matching', () => {
  it('is case-insensitive and exact by default, with wildcards and escapes', () => {
    expect(fires("sel:\n  Image: 'C:\\Windows\\cmd.exe'\ncondition: sel", { Image: 'c:\\windows\\CMD.EXE' })).toBe(true);
    expect(fires("sel:\n  Image: 'C:\\Windows\\cmd.exe'\ncondition: sel", { Image: 'c:\\windows\\cmd.exe2' })).toBe(false);
    expect(fires("sel:\n  Image: '*\\cm?.exe'\ncondition: sel", { Image: 'c:\\x\\cmd.exe' })).toBe(true);
    expect(fires("sel:\n  Image: 'a\\*b'\ncondition: sel", { Image: 'a*b' })).toBe(true);
    expect(fires("sel:\n  Image: 'a\\*b'\ncondition: sel", { Image: 'axxb' })).toBe(false);
    expect(fires("sel:\n  Image: 'a*b*c'\ncondition: sel", { Image: 'aXbYc' })).toBe(true);
    expect(fires("sel:\n  Image: 'a*b*c'\ncondition: sel", { Image: 'aXcYb' })).toBe(false);
  });

  it('supports contains, startswith, endswith and all', () => {
    expect(fires("sel:\n  CommandLine|contains: ' -enc '\ncondition: sel", { CommandLine: 'powershell -ENC abc' })).toBe(true);
    expect(fires("sel:\n  CommandLine|startswith: 'power'\ncondition: sel", { CommandLine: 'PowerShell' })).toBe(true);
    expect(fires("sel:\n  CommandLine|endswith: '.ps1'\ncondition: sel", { CommandLine: 'a.PS1 ' })).toBe(false);
    const all = "sel:\n  CommandLine|contains|all:\n    - 'a1'\n    - 'b2'\ncondition: sel";
    expect(fires(all, { CommandLine: 'x b2 y a1' })).toBe(true);
    expect(fires(all, { CommandLine: 'x b2 y' })).toBe(false);
  });

  it('is case-sensitive with cased', () => {
    expect(fires("sel:\n  CommandLine|contains|cased: 'AbC'\ncondition: sel", { CommandLine: 'xAbCx' })).toBe(true);
    expect(fires("sel:\n  CommandLine|contains|cased: 'AbC'\ncondition: sel", { CommandLine: 'xabcx' })).toBe(false);
  });

  it('supports re with i, m and s', () => {
    expect(fires("sel:\n  CommandLine|re: '^a.c$'\ncondition: sel", { CommandLine: 'abc' })).toBe(true);
    expect(fires("sel:\n  CommandLine|re: '^a.c$'\ncondition: sel", { CommandLine: 'ABC' })).toBe(false);
    expect(fires("sel:\n  CommandLine|re|i: '^a.c$'\ncondition: sel", { CommandLine: 'ABC' })).toBe(true);
    expect(fires("sel:\n  CommandLine|re|m: '^b$'\ncondition: sel", { CommandLine: 'a\nb\nc' })).toBe(true);
    expect(fires("sel:\n  CommandLine|re|s: 'a.b'\ncondition: sel", { CommandLine: 'a\nb' })).toBe(true);
    expect(fires("sel:\n  CommandLine|re: '(?i)^ABC'\ncondition: sel", { CommandLine: 'abc' })).toBe(true);
  });

  it('supports cidr for IPv4 and IPv6', () => {
    const d = "sel:\n  DestinationIp|cidr:\n    - '10.0.0.0/8'\n    - 'fe80::/10'\ncondition: sel";
    expect(fires(d, { DestinationIp: '10.2.3.4' })).toBe(true);
    expect(fires(d, { DestinationIp: '11.2.3.4' })).toBe(false);
    expect(fires(d, { DestinationIp: 'fe80::1' })).toBe(true);
  });

  it('supports base64, base64offset and utf16 encodings', () => {
    expect(fires("sel:\n  CommandLine|base64: 'abc'\ncondition: sel", { CommandLine: 'YWJj' })).toBe(true);
    const off = "sel:\n  CommandLine|base64offset|contains: 'http://'\ncondition: sel";
    for (const prefix of ['', 'x', 'xy']) {
      const enc = Buffer.from(`${prefix}http://evil`).toString('base64');
      expect(fires(off, { CommandLine: `powershell -e ${enc}` })).toBe(true);
    }
    const wide = "sel:\n  CommandLine|wide|base64offset|contains: 'ping'\ncondition: sel";
    expect(fires(wide, { CommandLine: Buffer.from('cmd /c ping x', 'utf16le').toString('base64') })).toBe(true);
    expect(fires("sel:\n  CommandLine|utf16be|base64: 'a'\ncondition: sel", { CommandLine: 'AGE=' })).toBe(true);
  });

  it('supports windash', () => {
    const d = "sel:\n  CommandLine|contains|windash: ' -exec '\ncondition: sel";
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(fires(d, { CommandLine: `x ${dash}exec y` })).toBe(true);
    expect(fires(d, { CommandLine: 'x +exec y' })).toBe(false);
  });

  it('supports exists, null and empty values', () => {
    expect(fires("sel:\n  Foo|exists: true\ncondition: sel", { Foo: '' })).toBe(true);
    expect(fires("sel:\n  Foo|exists: false\ncondition: sel", { Bar: 1 })).toBe(true);
    expect(fires("sel:\n  Foo: null\ncondition: sel", { Bar: 1 })).toBe(true);
    expect(fires("sel:\n  Foo: null\ncondition: sel", { Foo: 'x' })).toBe(false);
    expect(fires("sel:\n  Foo: ''\ncondition: sel", { Foo: '' })).toBe(true);
    expect(fires("sel:\n  Foo: ''\ncondition: sel", { Foo: 'x' })).toBe(false);
  });

  it('supports numeric comparisons and numbers as text', () => {
    expect(fires("sel:\n  Size|gt: 10\ncondition: sel", { Size: '11' })).toBe(true);
    expect(fires("sel:\n  Size|lte: 10\ncondition: sel", { Size: 11 })).toBe(false);
    expect(fires("sel:\n  Size|gte: 10\ncondition: sel", { Size: 10 })).toBe(true);
    expect(fires("sel:\n  Size|lt: 10\ncondition: sel", { Size: 9 })).toBe(true);
    expect(fires("sel:\n  EventID: 4688\ncondition: sel", { EventID: '4688' })).toBe(true);
    expect(fires("sel:\n  EventID: 4688\ncondition: sel", { EventID: 4689 })).toBe(false);
  });

  it('supports fieldref and neq', () => {
    expect(fires("sel:\n  ParentImage|fieldref: Image\ncondition: sel", { Image: 'A.exe', ParentImage: 'a.EXE' })).toBe(true);
    expect(fires("sel:\n  ParentImage|fieldref: Image\ncondition: sel", { Image: 'A.exe', ParentImage: 'b.exe' })).toBe(false);
    expect(fires("sel:\n  Image|neq: 'a.exe'\ncondition: sel", { Image: 'b.exe' })).toBe(true);
    expect(fires("sel:\n  Image|neq: 'a.exe'\ncondition: sel", { Image: 'A.exe' })).toBe(false);
  });

  it('expands placeholders from configuration and never matches an unresolved one', () => {
    const d = "sel:\n  User|expand: '%admins%'\ncondition: sel";
    expect(fires(d, { User: 'root' }, { placeholders: { admins: ['root', 'admin'] } })).toBe(true);
    expect(fires(d, { User: 'bob' }, { placeholders: { admins: ['root', 'admin'] } })).toBe(false);
    const { set, engine } = engineFromYaml(rule(d));
    expect(set.issues.some((i) => i.severity === 'warning' && /admins/.test(i.message))).toBe(true);
    expect(engine.match(rawEvent({ User: '%admins%' }))).toHaveLength(0);
  });

  it('supports time-part modifiers', () => {
    expect(fires("sel:\n  UtcTime|hour: 3\ncondition: sel", { UtcTime: '2026-01-01 03:15:00.000' })).toBe(true);
  });

  it('matches list values: OR by default, any element of an array field', () => {
    expect(fires("sel:\n  Image|endswith:\n    - '\\a.exe'\n    - '\\b.exe'\ncondition: sel", { Image: 'c:\\b.exe' })).toBe(true);
    expect(fires("sel:\n  Tags: 'x'\ncondition: sel", { Tags: ['y', 'X'] })).toBe(true);
  });

  it('searches keywords in any field', () => {
    expect(fires("keywords:\n  - 'mimikatz'\n  - 'sekurlsa'\ncondition: keywords", { CommandLine: 'run SEKURLSA::logonpasswords' })).toBe(true);
    const { engine } = engineFromYaml(rule("keywords:\n  - 'mimikatz'\n  - 'sekurlsa'\ncondition: keywords"));
    expect(engine.match(rawEvent({ CommandLine: 'run SEKURLSA::x' }))[0]?.fields).toEqual([{ search: 'keywords', field: '(keyword)', value: 'sekurlsa' }]);
    expect(fires("keywords:\n  - 'mimikatz'\ncondition: keywords", { CommandLine: 'notepad' })).toBe(false);
    expect(fires("keywords:\n  '|all':\n    - 'a1'\n    - 'b2'\ncondition: keywords", { X: 'a1', Y: 'b2' })).toBe(true);
  });
});

describe('rule errors', () => {
  it('reports an unknown modifier with the line of the selection', () => {
    const { set } = engineFromYaml(rule("sel:\n  Image|containz: 'x'\ncondition: sel"));
    expect(set.issues[0]).toMatchObject({ reason: 'modifier', line: 7, ruleId: 'r1' });
  });
  it('reports a condition naming an unknown selection', () => {
    const { set } = engineFromYaml(rule("sel:\n  Image: 'x'\ncondition: sel and other"));
    expect(set.issues[0]?.reason).toBe('condition');
  });
  it('reports a bad regex', () => {
    const { set } = engineFromYaml(rule("sel:\n  Image|re: '(['\ncondition: sel"));
    expect(set.issues[0]?.reason).toBe('regex');
  });
  it('reports YAML errors with a line and goes on with the next document', () => {
    const { set } = engineFromYaml(`title: a\nid: x\n  bad: [\n---\n${rule("sel:\n  Image: 'x'\ncondition: sel")}`);
    expect(set.issues[0]?.reason).toBe('yaml');
    expect(set.rules).toHaveLength(1);
  });
});

describe('numbers', () => {
  it('compare decimal text numerically but do not read hex text as a number', () => {
    expect(fires("sel:\n  LogonType: 3\ncondition: sel", { LogonType: '03' })).toBe(true);
    expect(fires("sel:\n  LogonType: 3\ncondition: sel", { LogonType: ' 3.0' })).toBe(true);
    expect(fires("sel:\n  Access: 16\ncondition: sel", { Access: '0x10' })).toBe(false);
  });
});
