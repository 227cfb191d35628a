import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../core/event.js';
import { fieldsEnricher, geoipEnricher } from './index.js';

const ctx = { dataDir: '/tmp', name: 't' };
const ev = (src: string, dst?: string): WardEvent => ({
  '@timestamp': '2026-01-01T00:00:00.000Z', event: { id: 'x' }, source: { ip: src }, ...(dst ? { destination: { ip: dst } } : {}),
});

describe('geoip enricher', () => {
  it('adds the country of public addresses and leaves private ones alone', () => {
    const g = geoipEnricher.build(geoipEnricher.config.parse({}), ctx);
    const e = ev('8.8.8.8', '10.1.2.3');
    expect(g.enrich(e)).toBe(true);
    expect(e.source?.geo).toEqual({ country_iso_code: 'US', country_name: 'United States' });
    expect(e.destination?.geo).toBeUndefined();
    expect(g.enrich(ev('192.168.1.1'))).toBe(false);
  });
});

describe('fields enricher', () => {
  it('sets static fields without overwriting by default', () => {
    const f = fieldsEnricher.build(fieldsEnricher.config.parse({ set: { 'observer.name': 'st-marys', 'labels.site': 'icu' } }), ctx);
    const e: WardEvent = { '@timestamp': 't', event: { id: 'x' }, observer: { name: 'fw1' } };
    f.enrich(e);
    expect(e.observer?.name).toBe('fw1');
    expect(e.labels).toEqual({ site: 'icu' });
  });

  it('rejects a bad field path', () => {
    expect(() => fieldsEnricher.config.parse({ set: { 'a..b': 1 } })).toThrow(/dotted field path/);
  });
});
