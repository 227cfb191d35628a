import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert.js';
import { suppressing, validSuppression, type Suppression } from './suppress.js';

const a = (o: Partial<Alert>): Alert => ({
  id: 'al_1', time: '2026-03-02T10:00:00Z', created: '', title: 'New source for ann', severity: 'medium', detector: 'identity.new_source', rule: 'identity.new_source',
  entities: [{ type: 'user', id: 'Ann' }, { type: 'ip', id: '10.1.1.1' }], status: 'open', firstSeen: '', lastSeen: '',
  explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, ...o,
});
const s = (o: Partial<Suppression>): Suppression => ({ id: 's1', reason: 'r', createdBy: 'ana', created: '2026-03-01T00:00:00Z', expires: '2026-03-08T00:00:00Z', ...o });

describe('suppressions', () => {
  it('match every scoped field, case-insensitively for entities, until they expire', () => {
    expect(suppressing(a({}), [s({ detector: 'identity.new_source', entity: { type: 'user', id: 'ann' } })])?.id).toBe('s1');
    expect(suppressing(a({}), [s({ detector: 'identity.new_source', entity: { type: 'user', id: 'bob' } })])).toBeUndefined();
    expect(suppressing(a({}), [s({ detector: 'auth.spray', entity: { type: 'user', id: 'ann' } })])).toBeUndefined();
    expect(suppressing(a({}), [s({ entity: { type: 'ip', id: '10.1.1.1' } })])?.id).toBe('s1');
    expect(suppressing(a({}), [s({ rule: 'identity.new_source', titleContains: 'NEW SOURCE' })])?.id).toBe('s1');
    expect(suppressing(a({}), [s({ rule: 'identity.new_source', titleContains: 'vpn' })])).toBeUndefined();
    expect(suppressing(a({ time: '2026-03-08T00:00:00Z' }), [s({ detector: 'identity.new_source' })])).toBeUndefined();
  });

  it('refuses an unscoped, endless or back-dated exception with the reason', () => {
    const now = '2026-03-01T00:00:00Z';
    expect(validSuppression({ created: now, expires: '2026-03-02T00:00:00Z' })).toMatch(/needs a scope/);
    expect(validSuppression({ detector: 'x', created: now, expires: '2027-03-02T00:00:00Z' })).toMatch(/at most 180 days/);
    expect(validSuppression({ detector: 'x', created: now, expires: '2026-02-01T00:00:00Z' })).toMatch(/after now/);
    expect(validSuppression({ detector: 'x', created: now, expires: '2026-03-02T00:00:00Z' })).toBeUndefined();
  });
});
