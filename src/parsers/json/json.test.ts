import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedEvent } from '../../core/components.js';
import { ParseError, TooDeepError } from '../../core/errors.js';
import { jsonParser } from './index.js';

const parser = jsonParser.build(jsonParser.config.parse({}), { dataDir: '/tmp' });
const RECEIVED = Date.UTC(2026, 0, 5, 8, 0, 0, 123);
const parse = (data: string): ParsedEvent => {
  const out = parser.parse({ data, source: 'http', offset: 4, receivedAt: RECEIVED });
  expect(out).toHaveLength(1);
  return out[0]!;
};

describe('json parser: ECS objects', () => {
  it('keeps an ECS object as it is, normalising @timestamp and defaulting event.kind/module', () => {
    const e = parse('{"@timestamp":"2026-01-05T11:00:00+01:00","event":{"action":"logon","category":"authentication"},"user":{"name":"a"},"custom":{"x":[1,2]}}');
    expect(e).toEqual({
      '@timestamp': '2026-01-05T10:00:00.000Z',
      event: { action: 'logon', category: ['authentication'], kind: 'event', module: 'json' },
      user: { name: 'a' },
      custom: { x: [1, 2] },
    });
  });

  it('accepts epoch milliseconds and zone-less ISO (as UTC), keeps given kind/module', () => {
    expect(parse('{"@timestamp":1767607200000}')['@timestamp']).toBe('2026-01-05T10:00:00.000Z');
    expect(parse('{"@timestamp":"2026-01-05T10:00:00.5"}')['@timestamp']).toBe('2026-01-05T10:00:00.500Z');
    expect(parse('{"@timestamp":"2026-01-05T10:00:00Z","event":{"kind":"alert","module":"suricata"}}').event).toEqual({ kind: 'alert', module: 'suricata' });
  });

  it('uses the receive time when an ECS object has no @timestamp', () => {
    expect(parse('{"event":{"action":"x"}}')['@timestamp']).toBe('2026-01-05T08:00:00.123Z');
  });

  it('expands flat dotted keys', () => {
    const e = parse('{"@timestamp":"2026-01-05T10:00:00Z","source.ip":"1.2.3.4","event.action":"ssh_login","user.name":"root"}');
    expect(e).toEqual({
      '@timestamp': '2026-01-05T10:00:00.000Z',
      source: { ip: '1.2.3.4' },
      event: { action: 'ssh_login', kind: 'event', module: 'json' },
      user: { name: 'root' },
    });
    // Dotted `event.*` alone makes the object ECS.
    expect(parse('{"event.action":"x"}').event).toEqual({ action: 'x', kind: 'event', module: 'json' });
  });
});

describe('json parser: other objects', () => {
  it('keeps a non-ECS object under raw with the receive time', () => {
    const e = parse('{"level":30,"time":1767607200000,"msg":"listening","port":8080}');
    expect(e).toEqual({
      '@timestamp': '2026-01-05T08:00:00.123Z',
      event: { kind: 'event', module: 'json' },
      raw: { level: 30, time: 1767607200000, msg: 'listening', port: 8080 },
      message: 'listening',
    });
  });
});

describe('json parser: unreadable records', () => {
  it.each([
    ['', 'http:4: empty record'],
    ['   ', 'empty record'],
    ['{"a":}', "http:4: invalid JSON at position 5: Unexpected token '}'"],
    ['{"a":1', 'invalid JSON at position 6'],
    ['{"a":1} {"b":2}', 'invalid JSON at position 8'],
    ['[1,2]', 'expected a JSON object, got an array'],
    ['42', 'expected a JSON object, got number'],
    ['"x"', 'expected a JSON object, got string'],
    ['null', 'expected a JSON object, got null'],
    ['{"@timestamp":"yesterday"}', 'unparseable @timestamp "yesterday": expected epoch milliseconds or an ISO 8601 date-time'],
    ['{"@timestamp":"2026-02-30T00:00:00Z"}', 'unparseable @timestamp'],
    ['{"@timestamp":1e300}', 'unparseable @timestamp number'],
    ['{"@timestamp":true}', 'unparseable @timestamp boolean'],
    ['{"@timestamp":1,"event":"login"}', 'field "event" must be an object, got string'],
    ['{"event":{"category":5}}', 'event.category must be a string or an array of strings, got number'],
    ['{"event":{"type":["a",1]}}', 'event.type must be a string or an array of strings, got an array'],
  ])('%j → %s', (data, reason) => {
    let caught: unknown;
    try {
      parser.parse({ data, source: 'http', offset: 4, receivedAt: RECEIVED });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect((caught as Error).message).toContain(reason);
  });

  it('random text and random JSON: events or ParseError only', () => {
    const check = (s: string) => {
      try {
        const out = parser.parse({ data: s, source: 'x', receivedAt: RECEIVED });
        expect(typeof out[0]!['@timestamp']).toBe('string');
        expect(typeof out[0]!.event).toBe('object');
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 100 }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.json(), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('@timestamp', 'event', 'event.kind', 'source.ip', 'a.b', '__proto__', 'x'), fc.jsonValue()), (o) => check(JSON.stringify(o))), { numRuns: 2000 });
  });

  it('deeply nested input is a parse.too_deep ParseError before JSON.parse, not a stack overflow later', () => {
    const deep = `{"@timestamp":1,"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)},"a.c":1}`;
    expect(() => parse(deep)).toThrow(TooDeepError);
    expect(() => parse(deep)).toThrow(/parse\.too_deep: nested deeper than 64 levels at character 335/);
    // At the limit it is still an event.
    const ok = `{"@timestamp":1,"a":${'{"b":'.repeat(62)}1${'}'.repeat(62)}}`;
    expect(parse(ok)['@timestamp']).toBe('1970-01-01T00:00:00.001Z');
  });
});

describe('json sniff', () => {
  it('scores NDJSON high and syslog zero', () => {
    expect(jsonParser.sniff!(['{"a":1}', '', '{"b":2}'])).toBe(1);
    expect(jsonParser.sniff!(['{"a":1}', 'not json'])).toBe(0.5);
    expect(jsonParser.sniff!(['Dec 10 06:55:46 LabSZ sshd[24200]: x'])).toBe(0);
    expect(jsonParser.sniff!([])).toBe(0);
  });
});
