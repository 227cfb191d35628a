import { describe, expect, it } from 'vitest';
import { splitJsonArray } from './json-array.js';

describe('splitJsonArray', () => {
  it('cuts a top-level array into the exact text of its elements', () => {
    expect(splitJsonArray(' [ {"a":1} , {"b":"],[,"} ,\n[2,3] ] ')).toEqual(['{"a":1}', '{"b":"],[,"}', '[2,3]']);
    expect(splitJsonArray('[]')).toEqual([]);
    expect(splitJsonArray('["\\"]",1]')).toEqual(['"\\"]"', '1']);
  });

  it('is undefined for anything that is not one terminated array', () => {
    expect(splitJsonArray('[1,')).toBeUndefined();
    expect(splitJsonArray('[1] x')).toBeUndefined();
    expect(splitJsonArray('{"a":1}')).toBeUndefined();
  });

  it('never builds a value, so a 100k-deep element is just text', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(splitJsonArray(`[{"a":1},${deep}]`)).toEqual(['{"a":1}', deep]);
  });
});
