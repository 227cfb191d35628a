import { describe, expect, it } from 'vitest';
import { IntelError } from '../stix/errors.js';
import { evaluatePattern, extractAtoms, parsePattern, type ObservationInput } from './index.js';

// Patterns of the STIX 2.1 specification, section 9 (as collected in oasis-open/cti-pattern-validator
// stix2patterns/test/spec_examples.txt and v21/test_validator.py PASS_CASES).
const SPEC = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
  "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
  '[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]',
  "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
  "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']",
  "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
  "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
  '[file:size IN (1024, 2048, 4096)]',
  "[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  '[foo:bar=1] REPEATS 9 TIMES',
  '( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])',
  "([win-registry-key:key = 'hkey_local_machine\\\\foo\\\\bar']) WITHIN 5 SECONDS WITHIN 6 SECONDS",
  "[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR [ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
];

// v21/test_validator.py FAIL_CASES, with the character position (1-based) we report.
const FAIL: Array<[string, RegExp]> = [
  ['file:size = 1280', /char 1: expected '\[' or '\('/],
  ['[file:size = ]', /char 14: expected a literal/],
  ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', /char 20: expected a literal/],
  ['[file.size = 1280]', /char 6: expected ':'/],
  ['[file:name MATCHES /.*\\.dll/]', /char 20: unexpected character '\/'/],
  ["[win-registry-key:key = 'x'] WITHIN ]", /WITHIN needs a positive number/],
  ["[win-registry-key:key = 'x'] WITHIN 5 HOURS", /expected 'SECONDS'/],
  ["[win-registry-key:key = 'x'] WITHIN -5 SECONDS", /WITHIN needs a positive number/],
  ['[network-traffic:dst_ref.value ISSUBSET ]', /expected a literal/],
  ["[file:hashes.MD5 =? 'cead3f77f6cda6ec00f57d76c9a6879f']", /unexpected character '\?'/],
  ["[x_whatever:detected == t'2457-73-22T32:81:84.1Z']", /invalid timestamp/],
  ["[artifact:payload_bin = b'====']", /invalid base64/],
  ['[foo:bar=1] within 2 seconds', /char 13: expected AND, OR, FOLLOWEDBY/],
  ["[file:hashes.'SHA-256' = 'f00']", /'f00' is not a valid SHA-256 hash/],
  ["[win-registry-key:key = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", /duplicate qualifier WITHIN/],
  ["([win-registry-key:key = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES)", /duplicate qualifier REPEATS/],
  ["[file:name = 'unterminated]", /unterminated string/],
  ["[file:name MATCHES '(']", /invalid regular expression/],
  ['', /empty pattern/],
];

describe('STIX pattern parser', () => {
  it.each(SPEC)('parses the spec example %s', (p) => {
    expect(() => parsePattern(p)).not.toThrow();
  });
  it.each(FAIL)('rejects %s with a positioned error', (p, re) => {
    let err: unknown;
    try {
      parsePattern(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IntelError);
    expect((err as IntelError).code).toBe('pattern');
    expect((err as Error).message).toMatch(/^char \d+: /);
    expect((err as Error).message).toMatch(re);
  });
  it('binds FOLLOWEDBY loosest, then OR, then AND', () => {
    const p = parsePattern('[a:x = 1] AND [a:x = 2] OR [a:x = 3] FOLLOWEDBY [a:x = 4]');
    expect(p.kind).toBe('followedby');
    if (p.kind === 'followedby') expect(p.left.kind).toBe('or');
  });
});

const obs = (t: number, ...objects: Array<{ type: string; [k: string]: unknown }>): ObservationInput => ({ first: t * 1000, last: t * 1000, objects: Object.fromEntries(objects.map((o, i) => [String(i), o])) });
const ev = (p: string, o: ObservationInput[]): boolean => evaluatePattern(parsePattern(p), o);

describe('STIX pattern evaluator', () => {
  const ip = (v: string) => ({ type: 'ipv4-addr', value: v });
  it('compares, ISSUBSET/ISSUPERSET, IN, LIKE, MATCHES, NOT, EXISTS', () => {
    expect(ev("[ipv4-addr:value = '1.2.3.4']", [obs(0, ip('1.2.3.4'))])).toBe(true);
    expect(ev("[ipv4-addr:value = '1.2.3.4']", [obs(0, ip('1.2.3.5'))])).toBe(false);
    expect(ev("[ipv4-addr:value ISSUBSET '10.0.0.0/8']", [obs(0, ip('10.200.3.4'))])).toBe(true);
    expect(ev("[ipv4-addr:value ISSUBSET '10.0.0.0/8']", [obs(0, ip('11.0.0.1'))])).toBe(false);
    expect(ev("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", [obs(0, ip('11.0.0.1'))])).toBe(true);
    expect(ev("[ipv4-addr:value ISSUPERSET '10.1.2.3']", [obs(0, ip('10.0.0.0/8'))])).toBe(true);
    expect(ev("[ipv6-addr:value ISSUBSET '2001:db8:dead:beef::/64']", [obs(0, { type: 'ipv6-addr', value: '2001:db8:dead:beef::7' })])).toBe(true);
    expect(ev("[domain-name:value IN ('a.example', 'b.example')]", [obs(0, { type: 'domain-name', value: 'b.example' })])).toBe(true);
    expect(ev("[domain-name:value LIKE '%.evil.example']", [obs(0, { type: 'domain-name', value: 'cdn.evil.example' })])).toBe(true);
    expect(ev("[domain-name:value LIKE '%.evil.example']", [obs(0, { type: 'domain-name', value: 'evil.example' })])).toBe(false);
    expect(ev("[file:name MATCHES '^Final Report.+\\\\.exe$']", [obs(0, { type: 'file', name: 'Final Report Q3.exe' })])).toBe(true);
    expect(ev('[file:size > 1000]', [obs(0, { type: 'file', size: 1001 })])).toBe(true);
    expect(ev("[file:name != 'x']", [obs(0, { type: 'file', size: 1 })])).toBe(false); // absent property: false even for !=
    expect(ev('[file:size != 5] AND [file:size = 1]', [obs(0, { type: 'file', size: 1 })])).toBe(false); // needs two observations
    expect(ev('[file:name = 1] AND [file:size = 1]' , [])).toBe(false);
    expect(ev('[EXISTS file:name]', [obs(0, { type: 'file', name: 'x' })])).toBe(true);
  });
  it('follows _ref properties and [*] lists', () => {
    const mail = { first: 0, last: 0, objects: { 1: { type: 'email-addr', value: 'ceo@evil.example' }, 0: { type: 'email-message', from_ref: '1', to_refs: ['1'] } } };
    expect(ev("[email-message:from_ref.value = 'ceo@evil.example']", [mail])).toBe(true);
    expect(ev("[email-message:to_refs[*].value LIKE '%@evil.example']", [mail])).toBe(true);
    expect(ev("[email-message:to_refs[0].value = 'ceo@evil.example']", [mail])).toBe(true);
  });
  it('requires tests on one type inside [ ] to hold for the same object', () => {
    const two = obs(0, { type: 'file', name: 'a.exe', size: 1 }, { type: 'file', name: 'b.exe', size: 2 });
    expect(ev("[file:name = 'a.exe' AND file:size = 1]", [two])).toBe(true);
    expect(ev("[file:name = 'a.exe' AND file:size = 2]", [two])).toBe(false);
  });
  it('combines observations: AND, OR, FOLLOWEDBY, WITHIN, REPEATS, START/STOP', () => {
    const seq = [obs(0, ip('1.1.1.1')), obs(100, ip('2.2.2.2')), obs(200, ip('1.1.1.1')), obs(5000, ip('1.1.1.1'))];
    expect(ev("[ipv4-addr:value = '1.1.1.1'] FOLLOWEDBY [ipv4-addr:value = '2.2.2.2']", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '2.2.2.2'] FOLLOWEDBY [ipv4-addr:value = '1.1.1.1']", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '2.2.2.2'] FOLLOWEDBY [ipv4-addr:value = '1.1.1.1']", seq.slice(0, 2))).toBe(false);
    expect(ev("([ipv4-addr:value = '1.1.1.1'] FOLLOWEDBY [ipv4-addr:value = '2.2.2.2']) WITHIN 50 SECONDS", seq)).toBe(false);
    expect(ev("([ipv4-addr:value = '1.1.1.1'] FOLLOWEDBY [ipv4-addr:value = '2.2.2.2']) WITHIN 100 SECONDS", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '1.1.1.1'] REPEATS 3 TIMES", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '1.1.1.1'] REPEATS 4 TIMES", seq)).toBe(false);
    expect(ev("[ipv4-addr:value = '1.1.1.1'] REPEATS 2 TIMES WITHIN 300 SECONDS", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '9.9.9.9'] OR [ipv4-addr:value = '2.2.2.2']", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '9.9.9.9'] AND [ipv4-addr:value = '2.2.2.2']", seq)).toBe(false);
    expect(ev("[ipv4-addr:value = '2.2.2.2'] START t'1970-01-01T00:01:00Z' STOP t'1970-01-01T00:02:00Z'", seq)).toBe(true);
    expect(ev("[ipv4-addr:value = '2.2.2.2'] START t'1970-01-01T00:02:00Z' STOP t'1970-01-01T00:03:00Z'", seq)).toBe(false);
  });
});

describe('indicator extraction', () => {
  it('takes simple indicators out of OR-only patterns as exact', () => {
    const x = extractAtoms(parsePattern("[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.0/24' OR domain-name:value = 'Evil.Example.' OR url:value = 'HTTP://Evil.Example/a?b=1'] OR [file:hashes.MD5 = 'CEAD3F77F6CDA6EC00F57D76C9A6879F' OR email-message:from_ref.value = 'Boss@Evil.Example']"));
    expect(x.exact).toBe(true);
    expect(x.atoms).toEqual([
      { kind: 'ip', value: '198.51.100.1' },
      { kind: 'cidr', value: '203.0.113.0/24' },
      { kind: 'domain', value: 'evil.example', subdomains: false },
      { kind: 'url', value: 'http://evil.example/a?b=1' },
      { kind: 'hash', value: 'cead3f77f6cda6ec00f57d76c9a6879f', alg: 'MD5' },
      { kind: 'email', value: 'boss@evil.example' },
    ]);
    expect(extractAtoms(parsePattern("[domain-name:value LIKE '%.evil.example']")).atoms).toEqual([{ kind: 'domain', value: 'evil.example', subdomains: true }]);
    expect(extractAtoms(parsePattern("[ipv6-addr:value ISSUBSET '2001:db8::/32']")).atoms).toEqual([{ kind: 'cidr', value: '2001:db8::/32' }]);
  });
  it('marks compound patterns as not exact', () => {
    expect(extractAtoms(parsePattern("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.example']")).exact).toBe(false);
    expect(extractAtoms(parsePattern("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS")).exact).toBe(false);
    expect(extractAtoms(parsePattern("[file:name = 'x' AND file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']")).exact).toBe(false);
    expect(extractAtoms(parsePattern("[process:command_line MATCHES 'x']")).exact).toBe(false);
    expect(extractAtoms(parsePattern("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']"))).toEqual({ atoms: [], exact: false });
  });
});
