import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import { buildSigmaDetector } from './detector.js';
import { engineFromYaml, rawEvent } from './testing.js';

const base = `title: Failed logon
id: base-1
name: failed_logon
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4625 }
  condition: sel
---
title: Successful logon
id: base-2
name: ok_logon
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4624 }
  condition: sel
`;

function run(yaml: string, events: Array<Record<string, unknown>>): AlertDraft[] {
  const { set } = engineFromYaml(yaml);
  expect(set.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const d = buildSigmaDetector(set);
  const out: AlertDraft[] = [];
  events.forEach((raw, i) => {
    const e = rawEvent(raw, { product: 'windows', service: 'security' }, new Date(Date.UTC(2026, 0, 1, 0, 0, i * 10)).toISOString());
    e.event.id = `e${i}`;
    d.process(e, d.key(e)!, (a) => out.push(a));
  });
  return out;
}

const fail = (user: string, ip = '10.0.0.1') => ({ EventID: 4625, TargetUserName: user, IpAddress: ip });
const ok = (user: string) => ({ EventID: 4624, TargetUserName: user });

describe('correlations', () => {
  it('event_count fires once per burst and by group', () => {
    const yaml = `${base}---
title: Brute force
id: corr-1
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: { gte: 3 }
level: high
`;
    const alerts = run(yaml, [fail('a'), fail('b'), fail('a'), fail('a'), fail('a')]);
    expect(alerts.map((a) => a.title)).toEqual(['Brute force']);
    expect(alerts[0]?.severity).toBe('high');
    expect(alerts[0]?.explanation.evidence).toEqual(['e0', 'e2', 'e3']);
    expect(alerts[0]?.explanation.text).toMatch(/3 matching events in 5 minutes \(threshold 3\)/);
  });

  it('referenced rules do not alert on their own unless generate is set', () => {
    const yaml = `${base}---
title: c
id: corr-2
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 5m, condition: { gte: 100 }, generate: true }
`;
    expect(run(yaml, [fail('a')]).map((a) => a.title)).toEqual(['Failed logon']);
  });

  it('value_count counts distinct values', () => {
    const yaml = `${base}---
title: Spray
id: corr-3
correlation: { type: value_count, rules: [failed_logon], group-by: [IpAddress], timespan: 1h, condition: { field: TargetUserName, gte: 3 } }
`;
    expect(run(yaml, [fail('a'), fail('a'), fail('b'), fail('c')]).map((a) => a.title)).toEqual(['Spray']);
    expect(run(yaml, [fail('a'), fail('a'), fail('b')])).toEqual([]);
  });

  it('temporal_ordered needs the order; temporal does not', () => {
    const ordered = `${base}---
title: Fail then success
id: corr-4
correlation: { type: temporal_ordered, rules: [failed_logon, ok_logon], group-by: [TargetUserName], timespan: 10m }
`;
    expect(run(ordered, [fail('a'), ok('a')]).map((a) => a.title)).toEqual(['Fail then success']);
    expect(run(ordered, [ok('a'), fail('a')])).toEqual([]);
    const temporal = ordered.replace('temporal_ordered', 'temporal');
    expect(run(temporal, [ok('a'), fail('a')]).map((a) => a.title)).toEqual(['Fail then success']);
  });

  it('respects the timespan', () => {
    const yaml = `${base}---
title: c
id: corr-5
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 15s, condition: { gte: 2 } }
`;
    expect(run(yaml, [fail('a'), ok('x'), fail('a')]).filter((a) => a.title === 'c')).toEqual([]);
    expect(run(yaml, [fail('a'), fail('a')])).toHaveLength(1);
  });

  it('chains correlations and resolves aliases', () => {
    const yaml = `${base}---
title: many
id: corr-6
name: many_failed
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 10m, condition: { gte: 2 } }
---
title: Many failures then success
id: corr-7
correlation:
  type: temporal_ordered
  rules: [many_failed, ok_logon]
  group-by: [account]
  timespan: 10m
  aliases:
    account: { many_failed: TargetUserName, failed_logon: TargetUserName, ok_logon: TargetUserName }
`;
    expect(run(yaml, [fail('a'), fail('a'), ok('a')]).map((a) => a.title)).toEqual(['many', 'Many failures then success']);
  });

  it('"fewer than" conditions are judged when the window closes (tumbling windows)', () => {
    const yaml = `${base}---
title: quiet
id: corr-ub
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 25s, condition: { lt: 3 } }
`;
    // Events every 10 s: a (0 s), a (10 s), then a at 30 s closes the first window (2 < 3 → fires).
    expect(run(yaml, [fail('a'), fail('a'), ok('x'), fail('a')]).filter((a) => a.title === 'quiet')).toHaveLength(1);
    // Three within the window: no alert when it closes.
    expect(run(yaml, [fail('a'), fail('a'), fail('a'), ok('x'), ok('x'), ok('x'), fail('a')]).filter((a) => a.title === 'quiet')).toHaveLength(0);
    // Flush judges windows still open at the end.
    const { set } = engineFromYaml(yaml);
    const d = buildSigmaDetector(set);
    const e = rawEvent(fail('b'), { product: 'windows', service: 'security' });
    d.process(e, d.key(e)!, () => undefined);
    const out: AlertDraft[] = [];
    d.flush(Number.POSITIVE_INFINITY, (a) => out.push(a));
    expect(out.map((a) => a.title)).toEqual(['quiet']);
    expect(out[0]?.explanation.evidence).toEqual([e.event.id]);
  });

  it('value_sum and value_avg aggregate a numeric field', () => {
    const yaml = `${base}---
title: sum
id: corr-8
correlation: { type: value_sum, rules: [failed_logon], group-by: [TargetUserName], timespan: 1h, condition: { field: Bytes, gt: 100 } }
`;
    expect(run(yaml, [{ ...fail('a'), Bytes: 60 }, { ...fail('a'), Bytes: 50 }])).toHaveLength(1);
    expect(run(yaml.replace('value_sum', 'value_avg'), [{ ...fail('a'), Bytes: 60 }, { ...fail('a'), Bytes: 50 }])).toHaveLength(0);
  });

  it('state survives a snapshot and restore', () => {
    const yaml = `${base}---
title: c
id: corr-9
correlation: { type: event_count, rules: [failed_logon], group-by: [TargetUserName], timespan: 1h, condition: { gte: 2 } }
`;
    const { set } = engineFromYaml(yaml);
    const d1 = buildSigmaDetector(set);
    const e1 = rawEvent(fail('a'), { product: 'windows', service: 'security' });
    d1.process(e1, d1.key(e1)!, () => undefined);
    const snap = JSON.parse(JSON.stringify(d1.snapshot())) as Array<[string, unknown]>;
    const d2 = buildSigmaDetector(set);
    for (const [k, s] of snap) d2.restore(k, s);
    const out: AlertDraft[] = [];
    d2.process(e1, d2.key(e1)!, (a) => out.push(a));
    expect(out).toHaveLength(1);
  });
});

describe('filters', () => {
  it('a global filter suppresses the rules it names', () => {
    const yaml = `${base}---
title: not svc
logsource: { product: windows, service: security }
filter:
  rules: [base-1]
  selection: { TargetUserName|startswith: 'svc_' }
  condition: not selection
`;
    const titles = run(yaml.replace('title: Failed logon\nid: base-1\nname: failed_logon', 'title: Failed logon\nid: base-1'), [fail('svc_backup'), fail('alice')]).map((a) => a.explanation.evidence[0]);
    expect(titles).toEqual(['e1']);
  });
});

describe('correlation windows', () => {
  it('are swept once their timespan has passed', async () => {
    const { CorrelationEngine } = await import('./correlation.js');
    const { parseSigmaYaml } = await import('./parse.js');
    const { docs } = parseSigmaYaml(`title: c
id: c1
correlation: { type: event_count, rules: [r], group-by: [TargetUserName], timespan: 1m, condition: { gte: 99 } }
`, 'x.yml');
    const corr = new CorrelationEngine(docs.filter((d) => d.kind === 'correlation'));
    for (let i = 0; i < 50; i++) corr.onRuleMatch({ id: 'r' }, rawEvent({ TargetUserName: `u${i}` }, {}, '2026-01-01T00:00:00.000Z'), () => undefined);
    expect(corr.openWindows).toBe(50);
    corr.sweep(Date.parse('2026-01-01T00:05:00.000Z'));
    expect(corr.openWindows).toBe(0);
  });
});
