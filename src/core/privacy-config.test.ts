import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from './config.js';

describe('privacy configuration', () => {
  it('the example file states the defaults of privacy.*', () => {
    const example = parse(readFileSync(new URL('../../config/wardwatch.example.yaml', import.meta.url), 'utf8')) as { privacy: unknown };
    const defaults = configSchema.parse({}).privacy;
    expect(configSchema.parse({ privacy: example.privacy }).privacy).toEqual(defaults);
    expect(defaults.retention).toEqual({ rawRecords: 30, alerts: 365, audit: 2190, deadLetters: 30, every: '1h' });
    expect(defaults.fhirAudit).toEqual({ observer: 'wardwatch' });
  });

  it('names the bad key', () => {
    const bad = configSchema.safeParse({ privacy: { retention: { every: 'often' } } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path.join('.')).toBe('privacy.retention.every');
    expect(configSchema.safeParse({ privacy: { retention: { audit: -1 } } }).success).toBe(false);
    expect(configSchema.safeParse({ privacy: { fhirAudit: { url: 'not a url' } } }).success).toBe(false);
    expect(configSchema.safeParse({ privacy: { retention: { forever: 1 } } }).success).toBe(false);
  });
});
