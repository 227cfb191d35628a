import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from './config.js';

describe('api configuration', () => {
  it('the example file states the defaults of api.trustProxy and api.login', () => {
    const example = parse(readFileSync(new URL('../../config/wardwatch.example.yaml', import.meta.url), 'utf8')) as { api: unknown };
    const defaults = configSchema.parse({}).api;
    expect(configSchema.parse({ api: example.api }).api).toEqual(defaults);
    expect(defaults.trustProxy).toBe(false);
    expect(defaults.login).toEqual({ maxFailuresPerAccount: 5, accountWindow: '15m', lockout: '15m', maxFailuresPerIp: 30, ipWindow: '15m' });
  });

  it('takes proxy addresses, and refuses a hop count (Fastify 5 would silently trust nothing)', () => {
    expect(configSchema.parse({ api: { trustProxy: ['10.0.0.0/8', '127.0.0.1'] } }).api.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(configSchema.parse({ api: { trustProxy: '127.0.0.1' } }).api.trustProxy).toBe('127.0.0.1');
    expect(configSchema.safeParse({ api: { trustProxy: 2 } }).success).toBe(false);
    expect(configSchema.safeParse({ api: { login: { maxFailuresPerAccount: 0 } } }).success).toBe(false);
    const bad = configSchema.safeParse({ api: { login: { lockout: 'a while' } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['api', 'login', 'lockout']);
  });
});
