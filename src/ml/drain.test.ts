import { describe, expect, it } from 'vitest';
import { Drain, templateText } from './drain.js';
import { compileMasks, DEFAULT_MASKS, headerRegex } from './drain-masks.js';

describe('Drain', () => {
  it('merges lines that differ in variables into one template, bumping its version', () => {
    const d = new Drain({ masks: [] });
    const a = d.add('Accepted password for alice from host1 port 22');
    expect(a.change).toBe('new');
    const b = d.add('Accepted password for bob from host2 port 22');
    expect(b.template.id).toBe(a.template.id);
    expect(b.change).toBe('merged');
    expect(b.template.version).toBe(2);
    expect(templateText(b.template)).toBe('Accepted password for <*> from <*> port 22');
    expect(d.add('Accepted password for carol from host3 port 22').change).toBe('none');
    // Same length, different words: a different template.
    expect(d.add('Connection closed by remote end after idle timeout now').template.id).not.toBe(a.template.id);
    expect(d.stats).toMatchObject({ lines: 4, templates: 2, created: 2, merged: 1 });
  });

  it('masks ids, IPs, IPv6, numbers, hex, paths, UUIDs, e-mail, URLs and timestamps before the search', () => {
    const d = new Drain();
    const { tokens } = d.tokenize('2024-05-01T10:00:00Z user a.b@example.org from 10.1.2.3:443 and fe80::1 read /var/log/syslog id 550e8400-e29b-41d4-a716-446655440000 at 0xdeadbeef blk_-1234 size 42 via https://x.example/y?z=1 at 12:30:45');
    expect(tokens.join(' ')).toBe('<*> user <*> from <*> and <*> read <*> id <*> at <*> <*> size <*> via <*> at <*>');
    // Words and plain tokens with digits in a name are kept.
    expect(d.tokenize('eth0 link up, ssh2 session').tokens.join(' ')).toBe('eth0 link up, ssh2 session');
  });

  it('matches without learning, and never merges below the similarity threshold', () => {
    const d = new Drain({ similarity: 0.7, masks: [] });
    d.add('a b c d e');
    expect(d.match('a b c d x')?.tokens.join(' ')).toBe('a b c d e');
    expect(d.stats.lines).toBe(1);
    expect(d.add('a b x y z').change).toBe('new'); // 2/5 similar
  });

  it('caps templates with least-recently-seen eviction, counted', () => {
    const d = new Drain({ maxTemplates: 3, masks: [] });
    const keep = d.add('keep this one line').template.id;
    for (let i = 0; i < 20; i++) {
      d.add(`unique${String.fromCharCode(97 + i)} word${String.fromCharCode(97 + i)} other${String.fromCharCode(97 + i)} z${String.fromCharCode(97 + i)} extra`);
      d.add('keep this one line');
    }
    expect(d.stats.templates).toBe(3);
    expect(d.stats.evicted).toBe(18);
    expect(d.get(keep)).toBeDefined();
    // Evicted templates take their tree branches with them: the tree holds 3 templates' paths.
    expect(d.nodes).toBeLessThanOrEqual(3 * 3);
  });

  it('bounds line length and token count, counting truncations', () => {
    const d = new Drain({ maxLineLength: 100, maxTokens: 10 });
    const m = d.add('x'.repeat(1_000_000));
    expect(m.truncated).toBe(true);
    expect(d.add(Array.from({ length: 50 }, (_, i) => `w${'abcdefghijklmnopqrstuvwxyz'[i % 26]}`).join(' ')).template.tokens).toHaveLength(10);
    expect(d.stats.truncated).toBe(2);
  });

  it('round-trips through JSON with ids, versions, counts and LRU order intact', () => {
    const d = new Drain({ maxTemplates: 50 });
    for (const l of ['open file /a/b for user 1', 'open file /c/d for user 2', 'close session 7', 'close session 8', 'disk full on sda']) d.add(l);
    const back = Drain.fromJSON(JSON.parse(JSON.stringify(d.toJSON())));
    expect(back.templates().map((t) => [t.id, t.version, t.count, templateText(t)])).toEqual(d.templates().map((t) => [t.id, t.version, t.count, templateText(t)]));
    expect(back.add('close session 9').template.id).toBe(d.add('close session 9').template.id);
    expect(back.add('a brand new line').template.id).toBe(d.add('a brand new line').template.id);
    expect(() => Drain.fromJSON({} as never)).toThrow(/unknown format/);
  });
});

describe('masks and headers', () => {
  it('rejects an invalid mask naming it', () => {
    expect(() => compileMasks([{ name: 'bad', pattern: '(' }])).toThrow(/mask 'bad'/);
    expect(compileMasks(DEFAULT_MASKS)!.flags).toContain('g');
  });
  it('parses a Loghub log format into named fields', () => {
    const re = headerRegex(String.raw`<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>`);
    expect(re.exec('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown')!.groups).toMatchObject({ Component: 'sshd(pam_unix)', PID: '19939', Content: 'check pass; user unknown' });
  });
});
