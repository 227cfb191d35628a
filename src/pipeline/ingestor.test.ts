import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import type { ParsedEvent, Parser } from '../core/components.js';
import { loadConfigObject } from './config-loader.js';
import { openRuntime, type Runtime } from './runtime.js';

/** A parser whose output is whatever the test builds, to reach the ingestor's own guards. */
function fake(name: string, build: (data: string) => ParsedEvent[]): Parser {
  return { name, parse: (r) => build(r.data) };
}
const event = (extra: Record<string, unknown>): ParsedEvent => ({ '@timestamp': '2026-02-01T03:00:00Z', event: { kind: 'event' }, ...extra } as ParsedEvent);

describe('Ingestor: no single record ends the process', () => {
  const tmp = tempDir();
  let rt: Runtime;
  beforeAll(async () => { rt = await openRuntime(loadConfigObject({ pipeline: { workers: 0, maxJsonDepth: 16 } }), { dataDir: tmp.dir }); });
  afterAll(async () => { await rt.close(); tmp.cleanup(); });

  it('dead-letters an event nested past pipeline.maxJsonDepth, whatever parser built it', async () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const p = fake('xml-like', (d) => (d === 'deep' ? [event({ x: deep })] : [event({ ok: d })]));
    const r = await rt.ingestor.ingest(['ok1', 'deep', 'ok2'].map((data, i) => ({ data, source: 'test', offset: i + 1, receivedAt: 0 })), p);
    expect(r).toEqual({ records: 3, events: 2, deadLetters: 1 });
    const [d] = rt.store.listDeadLetters(1);
    expect(d!.reason).toBe('test:2: parse.too_deep: nested deeper than 16 levels after parsing (limit pipeline.maxJsonDepth)');
  });

  it('dead-letters a record whose event cannot be serialised (a BigInt), and any non-ParseError throw', async () => {
    const p = fake('odd', (d) => {
      if (d === 'bigint') return [event({ n: 10n })];
      if (d === 'throws') throw new TypeError('boom');
      return [event({ ok: d })];
    });
    const r = await rt.ingestor.ingest(['a', 'bigint', 'throws', 'b'].map((data, i) => ({ data, source: 'odd', offset: i + 1, receivedAt: 0 })), p);
    expect(r).toEqual({ records: 4, events: 2, deadLetters: 2 });
    const reasons = rt.store.listDeadLetters(2).map((x) => x.reason);
    expect(reasons).toEqual(expect.arrayContaining(['boom', expect.stringMatching(/^odd:2: event cannot be stored: .*BigInt/)]));
  });

  it('seals dead letters of a parser the registry does not know (when unsure, seal)', async () => {
    await rt.ingestor.ingest([{ data: 'MRN-1 secret', source: 'x', receivedAt: 0 }], fake('unregistered', () => { throw new Error('no'); }));
    expect(rt.store.listDeadLetters(1)[0]!.data).toMatch(/^v1\./);
  });

  it('at start, seals the PHI-format dead letters an older version stored in clear, and leaves the others', async () => {
    const dir = tempDir();
    try {
      const first = await openRuntime(loadConfigObject({ pipeline: { workers: 0 } }), { dataDir: dir.dir });
      // As an older version wrote them: straight to the store, in clear.
      first.store.appendBatch([], [], [
        { source: 'http:api', receivedAt: 0, parser: 'json', reason: 'unparseable @timestamp "MRN-77"', data: '{"mrn":"MRN-77"}' },
        { source: 'syslog', receivedAt: 0, parser: 'syslog', reason: 'bad', data: '<999>x' },
      ]);
      await first.close();
      const second = await openRuntime(loadConfigObject({ pipeline: { workers: 0 } }), { dataDir: dir.dir });
      const rows = second.store.listDeadLetters(5);
      await second.close();
      expect(rows.find((d) => d.parser === 'syslog')!.data).toBe('<999>x');
      const json = rows.find((d) => d.parser === 'json')!;
      expect(json.data).toMatch(/^v1\./);
      expect(json.reason).toBe('unparseable @timestamp "…"');
    } finally {
      dir.cleanup();
    }
  });
});
