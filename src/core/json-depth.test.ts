import { describe, expect, it } from 'vitest';
import { jsonDepthExceeded, maxJsonDepth, setMaxJsonDepth, valueDepthExceeds } from './json-depth.js';

describe('jsonDepthExceeded', () => {
  it('finds the bracket that opens one level too many, outside strings only', () => {
    expect(jsonDepthExceeded('{"a":{"b":[1]}}', 3)).toBe(-1);
    expect(jsonDepthExceeded('{"a":{"b":[1]}}', 2)).toBe(10);
    expect(jsonDepthExceeded('{"s":"[[[[{{{{\\"[[["}', 1)).toBe(-1);
    expect(jsonDepthExceeded('[[],[],[[]]]', 2)).toBe(8);
  });

  it('handles 1 MB of brackets in one pass without recursion', () => {
    expect(jsonDepthExceeded('['.repeat(1_000_000), 64)).toBe(64);
    expect(jsonDepthExceeded('[]'.repeat(500_000), 1)).toBe(-1);
  });

  it('does not go negative on stray closers (so they cannot hide later depth)', () => {
    expect(jsonDepthExceeded(']]]]][[', 1)).toBe(6);
  });
});

describe('valueDepthExceeds', () => {
  it('measures built values iteratively, even 100k deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueDepthExceeds(deep, 64)).toBe(true);
    expect(valueDepthExceeds({ a: { b: { c: 1 } } }, 3)).toBe(false);
    expect(valueDepthExceeds({ a: { b: { c: {} } } }, 3)).toBe(true);
  });
});

describe('the process-wide limit', () => {
  it('defaults to 64 and refuses nonsense', () => {
    expect(maxJsonDepth()).toBe(64);
    expect(() => setMaxJsonDepth(0)).toThrow(/positive integer/);
    setMaxJsonDepth(100);
    expect(maxJsonDepth()).toBe(100);
    setMaxJsonDepth(64);
  });
});
