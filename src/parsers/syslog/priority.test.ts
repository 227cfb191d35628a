import { describe, expect, it } from 'vitest';
import { decodePriority } from './priority.js';

describe('decodePriority', () => {
  it('splits PRI into facility and severity (RFC 5424 §6.2.1)', () => {
    expect(decodePriority(34)).toEqual({ priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'crit' } });
    expect(decodePriority(165)).toEqual({ priority: 165, facility: { code: 20, name: 'local4' }, severity: { code: 5, name: 'notice' } });
    expect(decodePriority(0)).toEqual({ priority: 0, facility: { code: 0, name: 'kern' }, severity: { code: 0, name: 'emerg' } });
    expect(decodePriority(86).facility.name).toBe('authpriv');
    expect(decodePriority(86).severity.name).toBe('info');
    expect(decodePriority(191)).toEqual({ priority: 191, facility: { code: 23, name: 'local7' }, severity: { code: 7, name: 'debug' } });
  });
});
