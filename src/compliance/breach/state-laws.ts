/**
 * The shipped state-law table (data; a hospital points `breach.stateLaws` at its own JSON file of the same shape).
 * Kept as a module so the build carries it. Sources and doubts are in each entry.
 */
export const SHIPPED_STATE_LAWS = {
  "_comment": "State breach-notification deadlines for health information, as data. Checked against the statutes' summaries on 2026-12-07; 'uncertain' says where the reading may be wrong or a HIPAA covered-entity exemption may apply. Counsel decides; Wardwatch only shows the clock. Days are calendar days from discovery unless 'businessDays' is true.",
  "states": [
    { "state": "TX", "name": "Texas", "statute": "Tex. Bus. & Com. Code § 521.053", "individualsDays": 60, "regulator": "Attorney General (electronic form)", "regulatorDays": 30, "regulatorThreshold": 250, "uncertain": "Individuals: 'not later than the 60th day after the date on which the person determines that the breach occurred'; AG 30 days since SB 768 (2023)." },
    { "state": "FL", "name": "Florida", "statute": "Fla. Stat. § 501.171", "individualsDays": 30, "regulator": "Department of Legal Affairs", "regulatorDays": 30, "regulatorThreshold": 500, "uncertain": "Notice under HIPAA rules may be deemed compliant with the individual notice (§ 501.171(4)(g)); the regulator notice still applies." },
    { "state": "WA", "name": "Washington", "statute": "RCW 19.255.010", "individualsDays": 30, "regulator": "Attorney General", "regulatorDays": 30, "regulatorThreshold": 501, "uncertain": "Threshold is 'more than 500' residents; covered entities complying with HIPAA are deemed to comply with the individual notice but must still notify the AG." },
    { "state": "CO", "name": "Colorado", "statute": "C.R.S. § 6-1-716", "individualsDays": 30, "regulator": "Attorney General", "regulatorDays": 30, "regulatorThreshold": 500 },
    { "state": "CA", "name": "California", "statute": "Cal. Health & Safety Code § 1280.15; Cal. Civ. Code § 1798.82", "individualsDays": 15, "businessDays": true, "regulator": "California Department of Public Health (licensed clinics and health facilities); Attorney General sample notice if more than 500 residents", "regulatorDays": 15, "regulatorThreshold": 1, "uncertain": "15 business days applies to clinics, health facilities, home health and hospice licensed by CDPH for unlawful access, use or disclosure of medical information; other entities fall under § 1798.82 ('most expedient time possible', no fixed days)." },
    { "state": "NY", "name": "New York", "statute": "N.Y. Gen. Bus. Law § 899-aa", "individualsDays": 30, "regulator": "Attorney General, Department of State, Division of State Police (and HHS copy for covered entities)", "regulatorDays": 30, "regulatorThreshold": 1, "uncertain": "30-day limit added by the December 2024 amendment; covered entities must send the AG a copy of their HHS breach report within 5 business days of notifying HHS." },
    { "state": "VT", "name": "Vermont", "statute": "9 V.S.A. § 2435", "individualsDays": 45, "regulator": "Attorney General (preliminary notice)", "regulatorDays": 14, "businessDays": true, "regulatorThreshold": 1, "uncertain": "The 14-day preliminary AG notice is counted in business days; the 45-day individual notice in calendar days — this table uses one flag for both, so the individual deadline shown is conservative (earlier)." }
  ]
}
;
