import { describe, expect, it } from 'vitest';
import { accessText, behaviourTitle, factorClause } from './wording.js';

const f = (feature: string, label: string, observed: string | number) => ({ feature, label, observed });

describe('EHR access wording', () => {
  it('turns the garbled "none found no treatment relationship…; VIP VIP record" into a sentence', () => {
    const text = accessText('nurse J. Ortiz (jortiz) opened the record of patient pt_star', 0.675, [
      f('no_relationship', 'no treatment relationship with the patient', 'none found'),
      f('vip', 'VIP record', 'VIP'),
    ]);
    expect(text).toBe('nurse J. Ortiz (jortiz) opened the record of patient pt_star. Risk 0.68: no encounter, care team or order links them or their department to the patient; and the record is flagged VIP.');
    expect(text).not.toMatch(/none found|VIP VIP/);
  });

  it('reads every factor the assessment can raise as a clause, never as "observed label"', () => {
    expect(factorClause(f('neighbour', 'same address as the employee', 'address match'))).toBe("the patient lives at the employee's address");
    expect(factorClause(f('neighbour', "lives on the employee's street", 'same street'))).toBe("the patient lives on the employee's street");
    expect(factorClause(f('sensitive', 'sensitive record', 'PSY, HIV'))).toBe('the record carries sensitive labels (PSY, HIV)');
    expect(factorClause(f('off_shift', "access outside the employee's shift", '03:12'))).toBe('the access at 03:12 UTC was outside their shift');
    expect(factorClause(f('repeated', 'the same record opened again and again', 5))).toBe('they opened the same record 5 times today');
    expect(factorClause(f('after_termination', 'access after the end of employment', '2026-01-09T00:00:00.000Z'))).toBe('their employment ended on 2026-01-09');
    expect(factorClause(f('something_new', 'a new factor', 'x'))).toBe('a new factor (x)');
    const one = accessText('jortiz opened the record of patient pt_x', 0.5, [f('family', 'same surname and address as the employee', 'family match')]);
    expect(one).toBe("jortiz opened the record of patient pt_x. Risk 0.50: the patient shares the employee's surname and address.");
  });

  it('titles an isolated hour by what happened: 767 patients in an hour is bulk access', () => {
    const h = { user: 'rclerk', span: '02:00–03:00 UTC', patients: 767, printsExports: 0, unexplained: 700 };
    expect(behaviourTitle({ ...h, top: ['distinct_patients', 'night'] })).toBe('Bulk access: rclerk opened 767 patient records in one hour (02:00–03:00 UTC)');
    // Even when the night feature isolated it first, hundreds of charts is bulk access.
    expect(behaviourTitle({ ...h, top: ['night'] })).toMatch(/^Bulk access: rclerk opened 767/);
    expect(behaviourTitle({ ...h, patients: 30, printsExports: 25, top: ['prints_exports'] })).toBe('Bulk print/export: rclerk printed or exported 25 records in one hour (02:00–03:00 UTC)');
    expect(behaviourTitle({ ...h, patients: 30, unexplained: 24, top: ['unexplained_share'] })).toBe('rclerk opened 24 of 30 records without a treatment relationship in one hour (02:00–03:00 UTC)');
    expect(behaviourTitle({ ...h, patients: 30, top: ['night'] })).toBe('Night-time EHR use: rclerk opened 30 patient records (02:00–03:00 UTC)');
    expect(behaviourTitle({ ...h, patients: 30, top: ['accesses_per_patient'] })).toBe('Unusual hour of EHR use by rclerk (02:00–03:00 UTC)');
  });
});
