import { describe, expect, it } from 'vitest';
import { parseCondition, resolveOfPattern } from './condition.js';
import { engineFromYaml, rawEvent } from './testing.js';

describe('parseCondition', () => {
  it('gives not > and > or precedence', () => {
    expect(parseCondition('a or b and not c')).toEqual({
      op: 'or',
      args: [{ op: 'ref', name: 'a' }, { op: 'and', args: [{ op: 'ref', name: 'b' }, { op: 'not', arg: { op: 'ref', name: 'c' } }] }],
    });
  });
  it('parses parentheses and quantifiers', () => {
    expect(parseCondition('(a or b) and 1 of sel_* and all of them')).toMatchObject({
      op: 'and',
      args: [{ op: 'or' }, { op: 'of', quantifier: 1, pattern: 'sel_*' }, { op: 'of', quantifier: 'all', pattern: 'them' }],
    });
    expect(parseCondition('any of x*')).toEqual({ op: 'of', quantifier: 1, pattern: 'x*' });
  });
  it('rejects malformed conditions and v1 aggregations', () => {
    expect(() => parseCondition('a and')).toThrow(/unexpected end/);
    expect(() => parseCondition('(a')).toThrow(/missing/);
    expect(() => parseCondition('a b')).toThrow(/unexpected/);
    expect(() => parseCondition('sel | count() > 5')).toThrow(/correlation/);
  });
  it('resolves of-patterns; them skips underscore names', () => {
    expect(resolveOfPattern('sel*', ['sel1', 'sel2', 'filter'])).toEqual(['sel1', 'sel2']);
    expect(resolveOfPattern('them', ['a', '_b'])).toEqual(['a']);
  });
});

describe('conditions evaluated', () => {
  const yaml = `title: t
id: r
logsource: { product: windows, category: process_creation }
detection:
  sel_a: { Image|endswith: '\\a.exe' }
  sel_b: { Image|endswith: '\\b.exe' }
  filter_1: { User: 'SYSTEM' }
  filter_2: { User: 'svc' }
  condition: 1 of sel_* and not 1 of filter_*
`;
  const { engine } = engineFromYaml(yaml);
  it('fires on a selection and not on a filter', () => {
    expect(engine.match(rawEvent({ Image: 'c:\\b.exe', User: 'bob' }))).toHaveLength(1);
    expect(engine.match(rawEvent({ Image: 'c:\\b.exe', User: 'svc' }))).toHaveLength(0);
    expect(engine.match(rawEvent({ Image: 'c:\\c.exe', User: 'bob' }))).toHaveLength(0);
  });
  it('explains the searches and fields that matched', () => {
    const [m] = engine.match(rawEvent({ Image: 'c:\\a.exe', User: 'bob' }));
    expect(m?.searches).toEqual(['sel_a']);
    expect(m?.fields).toEqual([{ search: 'sel_a', field: 'Image', value: 'c:\\a.exe' }]);
  });
  it('counts N of', () => {
    const two = engineFromYaml(yaml.replace('1 of sel_* and not 1 of filter_*', '2 of them')).engine;
    expect(two.match(rawEvent({ Image: 'c:\\a.exe', User: 'svc' }))).toHaveLength(1);
    expect(two.match(rawEvent({ Image: 'c:\\a.exe', User: 'bob' }))).toHaveLength(0);
  });
});

describe('keywords without raw fields', () => {
  it('search event.original when the parser kept no raw fields', () => {
    const { engine } = engineFromYaml(`title: k
id: k1
logsource: { product: linux }
detection:
  keywords: ['iptables -F']
  condition: keywords
`);
    const e = { '@timestamp': 't', event: { id: 'x', original: 'sudo IPTABLES -F now' }, labels: { 'sigma.product': 'linux' } };
    expect(engine.match(e)).toHaveLength(1);
  });
});
