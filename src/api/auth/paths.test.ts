import { describe, expect, it } from 'vitest';
import { ambiguousPath, areaOf } from './paths.js';

describe('ambiguousPath', () => {
  it('lets plain and percent-encoded paths through (the router decodes them, access is per route)', () => {
    for (const p of ['/api/users', '/%61pi/users', '/api/entities/user/CORP%5Calice', '/api/entities/host/a%2Fb', '/api/events?q=a//b;c', '/']) {
      expect(ambiguousPath(p), p).toBeUndefined();
    }
  });
  it('refuses the forms a router or proxy could read two ways', () => {
    expect(ambiguousPath('//api/users')).toMatch(/empty/);
    expect(ambiguousPath('/api//users')).toMatch(/empty/);
    expect(ambiguousPath('/api/./users')).toMatch(/dot/);
    expect(ambiguousPath('/api/%2e%2e/metrics')).toMatch(/dot/);
    expect(ambiguousPath('/api/users;jsessionid=1')).toMatch(/matrix/);
    expect(ambiguousPath('/api\\users')).toMatch(/backslash/);
    expect(ambiguousPath('/api/%E0%A4%A')).toMatch(/malformed/);
    expect(ambiguousPath('/api/a%00b')).toMatch(/control/);
  });
});

describe('areaOf', () => {
  it('sees through case and (multiple) encodings', () => {
    expect(areaOf('/API/users')).toBe('api');
    expect(areaOf('/%61pi/x')).toBe('api');
    expect(areaOf('/%2561pi/x')).toBe('api');
    expect(areaOf('/metric%73/')).toBe('metrics');
    expect(areaOf('/alerts/al_1')).toBe('console');
    expect(areaOf('/apiary')).toBe('console');
    expect(areaOf('/TAXII2/wardwatch/')).toBe('taxii');
    expect(areaOf('/%2574axii2/')).toBe('taxii');
  });
});
