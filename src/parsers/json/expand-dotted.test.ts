import { describe, expect, it } from 'vitest';
import { expandDottedKeys } from './expand-dotted.js';

describe('expandDottedKeys', () => {
  it('expands dotted keys and merges them with nested objects, in any key order', () => {
    expect(expandDottedKeys({ 'source.ip': '1.2.3.4', 'source.port': 22, 'event.action': 'x' })).toEqual({ source: { ip: '1.2.3.4', port: 22 }, event: { action: 'x' } });
    expect(expandDottedKeys({ 'source.ip': '1.2.3.4', source: { port: 22 } })).toEqual({ source: { port: 22, ip: '1.2.3.4' } });
    expect(expandDottedKeys({ source: { port: 22 }, 'source.geo.city_name': 'Bern' })).toEqual({ source: { port: 22, geo: { city_name: 'Bern' } } });
  });

  it('expands inside nested objects too, and leaves arrays alone', () => {
    expect(expandDottedKeys({ user: { 'target.name': 'bob' }, tags: [{ 'a.b': 1 }] })).toEqual({ user: { target: { name: 'bob' } }, tags: [{ 'a.b': 1 }] });
  });

  it('keeps a key flat when a scalar is in the way, losing nothing', () => {
    expect(expandDottedKeys({ a: 1, 'a.b': 2 })).toEqual({ a: 1, 'a.b': 2 });
    expect(expandDottedKeys({ 'a.b': 1, 'a.b.c': 2 })).toEqual({ a: { b: 1 }, 'a.b.c': 2 });
    expect(expandDottedKeys({ 'a.': 1, '.b': 2 })).toEqual({ 'a.': 1, '.b': 2 });
  });

  it('never touches prototypes', () => {
    const parsed = JSON.parse('{"__proto__.polluted": 1, "constructor.prototype.polluted": 2, "x": {"__proto__": {"polluted": 3}}, "y.__proto__": 4}') as Record<string, unknown>;
    const out = expandDottedKeys(parsed);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(out).sort()).toEqual(['__proto__.polluted', 'constructor.prototype.polluted', 'x', 'y.__proto__']);
  });
});
