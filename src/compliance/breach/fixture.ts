import type { BreachCase } from './repo.js';

/**
 * A small, complete breach case for tests (pseudonyms only, no real data).
 *
 * @example
 * new BreachRepo(db).insert(breachCaseFixture('br_0123456789abcdef', 'inc_0123456789abcdef'));
 */
export function breachCaseFixture(id: string, incidentId: string, patients = ['pt_fixture0001', 'pt_fixture0002']): BreachCase {
  const f = (finding: string) => ({ finding, evidence: [], assessment: '' });
  return {
    id, incidentId, title: 'fixture', state: 'open', discovered: '2026-01-05T02:00:00.000Z', opened: '2026-01-05T03:00:00.000Z', openedBy: 'test',
    scope: { users: ['jdoe'], namedPatients: [], sessionGapMs: 900_000, from: '2026-01-05T01:00:00.000Z', to: '2026-01-05T01:30:00.000Z' },
    count: { patients, accesses: patients.length, byAction: { view: patients.length }, perPatient: Object.fromEntries(patients.map((p) => [p, { accesses: 1, actions: ['view'], first: '2026-01-05T01:10:00.000Z', last: '2026-01-05T01:10:00.000Z' }])), eventIds: [] },
    residents: {},
    assessment: { natureAndExtent: f('n'), unauthorizedPerson: f('u'), acquiredOrViewed: f('a'), mitigation: f('m'), conclusion: 'presumed_breach' },
    notes: [], history: [],
  };
}
