import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../core/event.js';
import { eventLogSource, ruleApplies } from './logsource.js';
import { engineFromYaml } from './testing.js';

const win = (raw: Record<string, unknown>): WardEvent => ({ '@timestamp': '2026-01-01T00:00:00Z', event: { id: 'x' }, raw });

describe('eventLogSource', () => {
  it('derives Windows services and categories from channel and event id', () => {
    expect(eventLogSource(win({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 13 }))).toEqual({ product: 'windows', categories: ['registry_event', 'registry_set'], services: ['sysmon'] });
    expect(eventLogSource(win({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 12, EventType: 'DeleteValue' })).categories).toEqual(['registry_event', 'registry_delete']);
    expect(eventLogSource(win({ Channel: 'security', EventID: '4688' }))).toEqual({ product: 'windows', categories: ['process_creation'], services: ['security'] });
    expect(eventLogSource(win({ Channel: 'Microsoft-Windows-PowerShell/Operational', EventID: 4104 })).categories).toEqual(['ps_script']);
  });
  it('derives other products from ECS module, category and dataset', () => {
    const e: WardEvent = { '@timestamp': 't', event: { id: 'x', module: 'nginx', dataset: 'nginx.access', category: ['web'] } };
    expect(eventLogSource(e)).toEqual({ product: 'nginx', categories: ['web', 'webserver'], services: ['nginx.access', 'access'] });
    const p: WardEvent = { '@timestamp': 't', event: { id: 'x', module: 'auditd', category: ['process'], type: ['start'] }, host: { os: { family: 'linux' } } };
    expect(eventLogSource(p)).toMatchObject({ product: 'linux', categories: ['process', 'process_creation'], services: ['auditd'] });
  });
  it('applies rules whose named parts are all present', () => {
    const ev = { product: 'windows', categories: ['process_creation'], services: ['sysmon'] };
    expect(ruleApplies({ product: 'windows', category: 'process_creation' }, ev)).toBe(true);
    expect(ruleApplies({ product: 'windows', service: 'security' }, ev)).toBe(false);
    expect(ruleApplies({ category: 'process_creation' }, ev)).toBe(true);
    expect(ruleApplies({ product: 'linux' }, ev)).toBe(false);
  });
});

describe('generic field mappings', () => {
  it('lets a SigmaHQ webserver rule read ECS web events', () => {
    const { engine } = engineFromYaml(`title: w
id: w1
logsource: { category: webserver }
detection:
  sel: { cs-uri-query|contains: '../../etc/passwd', sc-status: 200 }
  condition: sel
`);
    const e: WardEvent = { '@timestamp': 't', event: { id: 'x', module: 'apache', category: ['web'] }, url: { query: 'f=../../etc/passwd' }, http: { response: { status_code: 200 } } };
    expect(engine.match(e)).toHaveLength(1);
  });
});
