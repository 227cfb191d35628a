import { describe, expect, it } from 'vitest';
import { adviseSpend, observationsFromAlerts, riskModel, type Department } from './risk.js';
import { DEFAULT_PRIORS, riskPriorsSchema } from './risk-priors.js';

const departments: Department[] = [
  { name: 'radiology', headcount: 80 }, { name: 'emergency', headcount: 120 }, { name: 'pharmacy', headcount: 30 }, { name: 'administration', headcount: 200 },
];
const roster = new Map([['rad1', 'radiology'], ['ed1', 'emergency'], ['ph1', 'pharmacy'], ['adm1', 'administration']]);
type A = { id: string; detector: string; entities: Array<{ type: string; id: string }> };
const mk = (n: number, detector: string, user: string, tag: string): A[] => Array.from({ length: n }, (_, i) => ({ id: `${tag}-${i}`, detector, entities: [{ type: 'user', id: user }] }));

// 90 days of background: a little phishing everywhere (more in administration), some guessing and EHR alerts.
const background = [
  ...mk(6, 'phishing', 'adm1', 'pa'), ...mk(2, 'phishing', 'rad1', 'pr'), ...mk(2, 'phishing', 'ed1', 'pe'), ...mk(1, 'phishing', 'ph1', 'pp'),
  ...mk(10, 'auth.bruteforce', 'ed1', 'ab'), ...mk(5, 'ehr.access', 'ph1', 'eh'),
];
const run = (alerts: A[]) => adviseSpend({ priors: DEFAULT_PRIORS, departments, observations: observationsFromAlerts(alerts, (u) => roster.get(u), DEFAULT_PRIORS), windowDays: 90, iterations: 3000, seed: 3 });

describe('risk model and spend advice', () => {
  it('gives Monte-Carlo ranges, not point values', () => {
    const r = riskModel({ priors: DEFAULT_PRIORS, departments, observations: observationsFromAlerts(background, (u) => roster.get(u), DEFAULT_PRIORS), windowDays: 90, iterations: 3000 });
    expect(r.total.p5).toBeLessThan(r.total.p50);
    expect(r.total.p50).toBeLessThan(r.total.p95);
    expect(r.cells).toHaveLength(3 * departments.length);
  });

  it('a month of phishing in radiology moves phishing training for radiology up the list', () => {
    const before = run(background);
    const rank = (list: ReturnType<typeof run>, id: string) => list.findIndex((a) => a.control === id);
    const r0 = rank(before, 'phishing-training:radiology');
    const month = mk(4 * 30, 'phishing', 'rad1', 'surge'); // 4 phishing alerts a day for 30 days
    const after = run([...background, ...month]);
    const r1 = rank(after, 'phishing-training:radiology');
    expect(r1).toBeLessThan(r0);
    // It now outranks training for every other department, and its evidence names the surge.
    const training = after.filter((a) => a.control.startsWith('phishing-training:'));
    expect(training[0]!.department).toBe('radiology');
    expect(training[0]!.evidence.alerts).toBe(122);
    expect(after[r1]!.reduction.mean).toBeGreaterThan(before[r0]!.reduction.mean * 3);
    // Training elsewhere does not move up because of radiology's surge.
    const ph = (l: ReturnType<typeof run>) => l.find((a) => a.control === 'phishing-training:pharmacy')!.reduction.mean;
    expect(ph(after)).toBeCloseTo(ph(before), 6); // same draws: pharmacy's exposure did not change
  });

  it('validates edited priors and maps detectors to scenarios', () => {
    expect(riskPriorsSchema.safeParse(DEFAULT_PRIORS).success).toBe(true);
    const bad = structuredClone(DEFAULT_PRIORS) as any;
    bad.scenarios.phishing.lossPerEvent = { low: 10, high: 1 };
    expect(riskPriorsSchema.safeParse(bad).success).toBe(false);
    const obs = observationsFromAlerts([...mk(1, 'identity.mfa_fatigue', 'zz', 'x'), ...mk(1, 'sigma', 'rad1', 's')], (u) => roster.get(u), DEFAULT_PRIORS);
    expect(obs).toEqual([{ scenario: 'credential', department: 'unknown', alerts: 1, evidence: ['x-0'] }]);
  });
});
