import Database from 'better-sqlite3';
import { join } from 'node:path';
import { isSealedText, sealerFor } from '../../src/enrich/pseudonymise/index.js';

/** `{"a":{"a":…1…}}` nested `n` levels (5,000 levels is about 30 KB: the line that ended the process). */
export const deepObject = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
/** `[[[…]]]` nested `n` levels. */
export const deepArray = (n: number): string => '['.repeat(n) + ']'.repeat(n);

/** A valid ECS record, to check good records around bad ones still arrive. */
export const goodRecord = (user: string): string => JSON.stringify({
  '@timestamp': '2026-02-01T03:00:00Z', event: { category: ['authentication'], action: 'logon', outcome: 'success' }, user: { name: user },
});

/**
 * Hand-made killers: each is one record (or body) that has crashed, hung or polluted a parser
 * somewhere. Text only; binary cases are built per source.
 */
export const KILLERS: Record<string, string> = {
  deep_object_5k: deepObject(5_000),
  deep_array_100k: deepArray(100_000),
  deep_mixed: '[{"a":'.repeat(2_000) + '1' + '}]'.repeat(2_000),
  deep_in_string_ok_then_deep: `{"s":"${'['.repeat(500)}","x":${deepArray(1_000)}}`,
  proto_keys: '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"message":"proto"}',
  nul_bytes: '{"message":"a\\u0000b","x\u0000":1}\u0000',
  lone_surrogates: '{"message":"\\ud800\\udc00\\udfff\\ud800"}',
  huge_numbers: '{"n":1e999999,"m":-1e-999999,"big":123456789012345678901234567890123456789,"@timestamp":1e300}',
  not_json: '{"a":',
  unbalanced_close: ']]]]}}}}',
  only_brackets: '['.repeat(50_000),
  bad_escape: '{"a":"\\x41\\u12"}',
  many_keys: `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  giant_string: `{"message":"${'A'.repeat(3_000_000)}"}`,
  cef_deep: `CEF:0|x|y|1|100|n|5|msg=${'['.repeat(10_000)}`,
  syslog_garbage: `<999999999999>${'\u0000\uffff'.repeat(1_000)}`,
};

/**
 * A dead letter as stored, its bytes opened when sealed (the test holds the data directory's key).
 *
 * @example
 * const d = deadLetters(dir).filter((x) => x.source === 'http:deep');
 */
export interface StoredDeadLetter { id: number; source: string; parser: string; reason: string; sealed: boolean; data: string }

/** Every dead letter in a data directory's store (opened read-only, alongside the running server). */
export function deadLetters(dataDir: string): StoredDeadLetter[] {
  const db = new Database(join(dataDir, 'wardwatch.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT id, source, parser, reason, data FROM dead_letters ORDER BY id').all() as Array<{ id: number; source: string; parser: string; reason: string; data: Buffer }>;
    return rows.map((r) => {
      const text = r.data.toString('utf8');
      const sealed = isSealedText(text);
      return { id: r.id, source: r.source, parser: r.parser, reason: r.reason, sealed, data: sealed ? sealerFor(dataDir).open(text) : text };
    });
  } finally {
    db.close();
  }
}

/** Wait until `fn` holds (polling), or fail naming what was awaited. */
export async function until(fn: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
