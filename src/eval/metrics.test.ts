import { describe, expect, it } from 'vitest';
import type { Alert } from '../core/alert.js';
import type { IncidentLabel } from '../simulate/labels.js';
import { matchAlert } from './match.js';
import { score } from './metrics.js';

const label = (id: string, scenario: string, techniques: string[], start: string, end: string, entities: IncidentLabel['entities']): IncidentLabel => ({
  id, scenario, intensity: 1, start, end, entities, techniques, description: '', malicious: { events: 1, lines: [], files: [] },
});

const alert = (detector: string, time: string, entities: Alert['entities']): Alert => ({
  id: `${detector}-${time}`, time, created: time, title: '', severity: 'high', detector, rule: detector, entities,
  explanation: { summary: '', factors: [], evidence: [], evidenceCount: 0, text: '' }, status: 'open', firstSeen: time, lastSeen: time,
});

const labels = [
  label('inc-1', 'bruteforce', ['T1110.001'], '2026-01-05T10:00:00.000Z', '2026-01-05T10:10:00.000Z', [{ type: 'user', id: 'root' }, { type: 'ip', id: '95.24.1.1' }]),
  label('inc-2', 'spray', ['T1110.003'], '2026-01-06T10:00:00.000Z', '2026-01-06T10:20:00.000Z', [{ type: 'ip', id: '123.112.1.1' }]),
  label('inc-3', 'bruteforce', ['T1110.001', 'T1078'], '2026-01-07T10:00:00.000Z', '2026-01-07T10:10:00.000Z', [{ type: 'user', id: 'jsmith' }]),
];

describe('matchAlert', () => {
  it('needs a shared entity (case-insensitive) and a time inside the widened span', () => {
    expect(matchAlert(alert('auth.bruteforce', '2026-01-05T10:05:00.000Z', [{ type: 'user', id: 'ROOT' }]), labels).map((l) => l.id)).toEqual(['inc-1']);
    expect(matchAlert(alert('auth.bruteforce', '2026-01-05T12:00:00.000Z', [{ type: 'user', id: 'root' }]), labels)).toEqual([]);
    expect(matchAlert(alert('auth.bruteforce', '2026-01-05T10:05:00.000Z', [{ type: 'user', id: 'alice' }]), labels)).toEqual([]);
  });
});

describe('score', () => {
  it('computes precision, recall over the detector’s scope, F1, false alerts per day and time to detect', () => {
    const alerts = [
      alert('auth.bruteforce', '2026-01-05T10:02:00.000Z', [{ type: 'user', id: 'root' }]),
      alert('auth.bruteforce', '2026-01-08T09:00:00.000Z', [{ type: 'user', id: 'bob' }]),
      alert('auth.spray', '2026-01-06T10:05:00.000Z', [{ type: 'ip', id: '123.112.1.1' }]),
    ];
    const s = score(alerts, labels, { days: 4, users: 500, detectors: ['auth.bruteforce', 'auth.spray', 'auth.success_after_failures'] });
    expect(s.detectors['auth.bruteforce']).toMatchObject({
      alerts: 2, falseAlerts: 1, precision: 0.5, recall: 0.5, incidentsInScope: 2, incidentsDetected: 1,
      falseAlertsPerDay: 0.25, falseAlertsPer1000UsersPerDay: 0.5, medianTimeToDetectSeconds: 120, missed: ['inc-3'],
    });
    expect(s.detectors['auth.bruteforce']!.f1).toBeCloseTo(0.5);
    expect(s.detectors['auth.spray']).toMatchObject({ precision: 1, recall: 1, f1: 1, medianTimeToDetectSeconds: 300 });
    expect(s.detectors['auth.success_after_failures']).toMatchObject({ alerts: 0, precision: null, recall: 0, incidentsInScope: 1 });
    expect(s.scenarios.map((x) => [x.id, x.detected, x.timeToDetectSeconds])).toEqual([['inc-1', true, 120], ['inc-2', true, 300], ['inc-3', false, null]]);
    expect(s.scenarioSummary.find((x) => x.name === 'bruteforce')).toMatchObject({ incidents: 2, detected: 1, recall: 0.5, missed: ['inc-3'] });
    expect(s.falseAlerts).toBe(1);
  });
});
