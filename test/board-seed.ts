import type { Alert } from '../src/core/alert.js';
import { poisson, uniform } from '../src/analytics/rng.js';
import { ContextStore, SqliteStore } from '../src/store/sqlite/index.js';

const DAY = 86_400_000;
export const PATIENT_NAME = 'Josefina Quintero-Halvorsen';
export const PATIENT_MRN = 'MRN7345501';
export const PATIENT_PSEUDONYM = 'pt_5f2c9e0d41ab';

/** The staff login of each seeded department (one named member each; the rest fill the headcount). */
export const LOGINS = { radiology: 'rkowalczyk', emergency: 'eokafor', pharmacy: 'pbriggs', administration: 'aduval' } as const;

/**
 * Seeds a store with daily alerts from `from` to `to`: phishing spread over four departments,
 * password guessing (high), EHR-access alerts naming a patient in title, entities and explanation
 * (the PHI the board report must never copy), and a surge of phishing in radiology over
 * `[surgeFrom, surgeTo)`. Returns the alerts so a test can count what the report should show.
 */
export function seedBoardStore(dir: string, o: { from: number; to: number; surgeFrom?: number; surgeTo?: number; seed?: number }): Alert[] {
  const u = uniform(o.seed ?? 5);
  const out: Alert[] = [];
  let k = 0;
  const add = (t: number, detector: string, severity: Alert['severity'], user: string, techniques: string[], phi = false): void => {
    const time = new Date(t).toISOString();
    const title = phi ? `EHR record of ${PATIENT_NAME} (${PATIENT_MRN}) opened by ${user} without a treatment relationship` : `${detector} for ${user}`;
    out.push({
      id: `al_seed_${k++}`, time, created: time, title, severity, detector, rule: detector,
      entities: [{ type: 'user' as const, id: user }, ...(phi ? [{ type: 'patient' as const, id: PATIENT_MRN }, { type: 'patient' as const, id: PATIENT_PSEUDONYM }] : [])],
      explanation: { summary: title, factors: [], evidence: [], evidenceCount: 0, text: phi ? `patient ${PATIENT_NAME}` : '' },
      techniques, status: 'open', firstSeen: time, lastSeen: time,
    });
  };
  const depts = Object.values(LOGINS);
  for (let d = o.from; d < o.to; d += DAY) {
    const dow = new Date(d).getUTCDay();
    const wk = dow === 0 || dow === 6 ? 0.5 : 1.2;
    for (let i = poisson(2 * wk, u); i > 0; i--) add(d + 3_600_000 * (8 + Math.floor(u() * 9)), 'phishing.content', 'medium', depts[Math.floor(u() * depts.length)]!, ['T1566.001']);
    for (let i = poisson(3, u); i > 0; i--) add(d + Math.floor(u() * DAY), 'auth.bruteforce', 'high', LOGINS.emergency, ['T1110.001']);
    for (let i = poisson(0.8 * wk, u); i > 0; i--) add(d + 3_600_000 * (9 + Math.floor(u() * 8)), 'ehr.access', 'medium', LOGINS.pharmacy, ['T1078'], true);
    if (o.surgeFrom !== undefined && d >= o.surgeFrom && d < o.surgeTo!) for (let i = poisson(4, u); i > 0; i--) add(d + 3_600_000 * (8 + Math.floor(u() * 9)), 'phishing.content', 'medium', LOGINS.radiology, ['T1566.002']);
  }
  const store = SqliteStore.open(dir);
  store.insertAlerts(out);
  store.close();
  const ctx = ContextStore.open(dir);
  const staff = (dept: string, n: number, login: string) => Array.from({ length: n }, (_, i) => ({ id: `${dept}-${i}`, logins: [i === 0 ? login : `${dept.slice(0, 3)}${i}`], department: dept, shifts: [] }));
  ctx.load({ staff: [...staff('radiology', 80, LOGINS.radiology), ...staff('emergency', 120, LOGINS.emergency), ...staff('pharmacy', 30, LOGINS.pharmacy), ...staff('administration', 200, LOGINS.administration)] });
  ctx.close();
  return out;
}
