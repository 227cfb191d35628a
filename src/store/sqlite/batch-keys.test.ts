import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WardEvent } from '../../core/event.js';
import { newEventId } from '../../core/ids.js';
import { SqliteStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function open(): SqliteStore {
  const d = mkdtempSync(join(tmpdir(), 'ww-keys-'));
  dirs.push(d);
  return SqliteStore.open(d);
}
const ev = (msg: string): WardEvent => ({ '@timestamp': '2026-02-01T00:00:00Z', event: { id: newEventId(), category: ['authentication'] }, message: msg });

describe('ingest batch keys', () => {
  it('are committed with the batch, and not at all when the batch fails', () => {
    const s = open();
    const key = { key: 'k1', created: 1000, fingerprint: 'f', answer: '{"records":1}' };
    s.appendBatch([ev('a')], [undefined], [], undefined, [key]);
    expect(s.batchKey('k1', 0)).toEqual(key);
    // A batch whose transaction fails leaves no key behind (a trigger refuses its event row).
    s.db.exec('CREATE TRIGGER no_b BEFORE INSERT ON events WHEN NEW.message = \'b\' BEGIN SELECT RAISE(ABORT, \'refused\'); END');
    expect(() => s.appendBatch([ev('b')], [undefined], [], undefined, [{ ...key, key: 'k2' }])).toThrow(/refused/);
    expect(s.batchKey('k2', 0)).toBeUndefined();
    s.close();
  });

  it('expire: older keys are not found and are pruned; a key seen again after expiry starts afresh', () => {
    const s = open();
    s.appendBatch([], [], [], undefined, [{ key: 'old', created: 1000, fingerprint: 'f1', answer: '{}' }]);
    expect(s.batchKey('old', 2000)).toBeUndefined();
    s.appendBatch([], [], [], undefined, [{ key: 'old', created: 3000, fingerprint: 'f2', answer: '{"n":1}' }]);
    expect(s.batchKey('old', 2000)).toMatchObject({ fingerprint: 'f2', created: 3000 });
    s.appendBatch([], [], [], undefined, [{ key: 'older', created: 500, fingerprint: 'f', answer: '{}' }]);
    expect(s.pruneBatchKeys(2000)).toBe(1);
    expect(s.batchKey('older', 0)).toBeUndefined();
    s.close();
  });
});
