import { z } from 'zod';

/** A 90 % interval (5th..95th percentile) of an uncertain positive quantity; sampled as a lognormal. */
const range = z.object({ low: z.number().positive(), high: z.number().positive() }).refine((r) => r.high >= r.low, 'high must be ≥ low');
/** A 90 % interval of a fraction in (0, 1]; sampled uniformly between the bounds. */
const fraction = z.object({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) }).refine((r) => r.high >= r.low, 'high must be ≥ low');

const scenario = z.object({
  label: z.string(),
  /** Real attack attempts behind one alert (alerts miss some attempts and some are false). */
  attemptsPerAlert: range,
  /** Attempts a year per staff member that the monitoring never sees (a floor so quiet departments are not risk-free). */
  unseenAttemptsPerHeadYear: range,
  /** Share of attempts that become a loss event (a click that leads to a compromise, a misuse that is reportable). */
  successPerAttempt: fraction,
  /** Loss per loss event in US dollars (response, notification, fines, downtime). */
  lossPerEvent: range,
  source: z.string(),
});

const control = z.object({
  id: z.string(),
  label: z.string(),
  /** The scenario it acts on, or `*` for all. */
  scenario: z.string(),
  /** One instance per department (phishing training for radiology) or one for the organisation. */
  perDepartment: z.boolean(),
  /** Annual cost in US dollars: fixed plus per head of the departments covered. */
  annualCost: z.object({ fixed: z.number().min(0), perHead: z.number().min(0) }),
  /** Fraction by which it cuts loss-event frequency (or magnitude when `reduces` is magnitude). */
  effectiveness: fraction,
  reduces: z.enum(['frequency', 'magnitude']),
  source: z.string(),
});

/** Editable risk priors: scenarios, the detectors that evidence them, and candidate controls. */
export const riskPriorsSchema = z.object({
  currency: z.literal('USD'),
  scenarios: z.record(z.string(), scenario),
  /** Detector type prefix → scenario, e.g. `phishing` → `phishing`, `auth.` → `credential`. */
  detectorScenario: z.record(z.string(), z.string()),
  controls: z.array(control),
});
export type RiskPriors = z.infer<typeof riskPriorsSchema>;

/**
 * Default priors. Figures with a source are from that source; the rest are marked as assumptions
 * for a small hospital (≈500–1,500 staff) and meant to be replaced with the organisation's own.
 * Override by passing a file that validates against {@link riskPriorsSchema}.
 */
export const DEFAULT_PRIORS: RiskPriors = {
  currency: 'USD',
  scenarios: {
    phishing: {
      label: 'phishing leading to account compromise or malware',
      attemptsPerAlert: { low: 1, high: 5 },
      unseenAttemptsPerHeadYear: { low: 0.5, high: 4 },
      successPerAttempt: { low: 0.001, high: 0.01 },
      lossPerEvent: { low: 20_000, high: 2_000_000 },
      source: 'Loss: IBM/Ponemon Cost of a Data Breach 2024, healthcare average USD 9.77 M per breach (the high end is set below it for a small hospital — assumption). Success per attempt: assumption — click rates of a few percent in simulated phishing (e.g. Lain et al., IEEE S&P 2022) times the minority of clicks that end in a reportable loss.',
    },
    credential: {
      label: 'password guessing, spraying or stolen credentials leading to account takeover',
      attemptsPerAlert: { low: 1, high: 3 },
      unseenAttemptsPerHeadYear: { low: 0.1, high: 1 },
      successPerAttempt: { low: 0.002, high: 0.02 },
      lossPerEvent: { low: 50_000, high: 3_000_000 },
      source: 'Loss: IBM/Ponemon Cost of a Data Breach 2024 (stolen credentials among the costliest initial vectors; healthcare average USD 9.77 M). Frequency and success: assumptions.',
    },
    'ehr-misuse': {
      label: 'inappropriate EHR access (snooping, insider download) that is reportable',
      attemptsPerAlert: { low: 0.3, high: 1 },
      unseenAttemptsPerHeadYear: { low: 0.01, high: 0.1 },
      successPerAttempt: { low: 0.2, high: 0.8 },
      lossPerEvent: { low: 10_000, high: 500_000 },
      source: 'HHS OCR breach portal: unauthorised access/disclosure is a leading breach type reported under HIPAA; loss (investigation, notification, OCR settlement) is an assumption.',
    },
  },
  detectorScenario: { phishing: 'phishing', 'auth.': 'credential', 'identity.': 'credential', 'ehr.': 'ehr-misuse' },
  controls: [
    { id: 'phishing-training', label: 'phishing training and simulations', scenario: 'phishing', perDepartment: true, annualCost: { fixed: 2_000, perHead: 40 }, effectiveness: { low: 0.05, high: 0.4 }, reduces: 'frequency',
      source: 'Effectiveness is contested: Lain et al. (IEEE S&P 2022) found little effect of embedded training; vendor studies claim more. Cost: assumption (per-seat awareness platform).' },
    { id: 'mfa-coverage', label: 'MFA on every remote and privileged login', scenario: 'credential', perDepartment: false, annualCost: { fixed: 30_000, perHead: 6 }, effectiveness: { low: 0.5, high: 0.99 }, reduces: 'frequency',
      source: 'Microsoft (2019): MFA blocks over 99.9 % of automated account-compromise attacks; the low end allows for gaps and MFA fatigue. Cost: assumption.' },
    { id: 'mfa-phishing', label: 'phishing-resistant MFA (FIDO2) for mail', scenario: 'phishing', perDepartment: false, annualCost: { fixed: 40_000, perHead: 15 }, effectiveness: { low: 0.2, high: 0.6 }, reduces: 'frequency',
      source: 'Assumption: stops credential-harvest phishing, not malware attachments.' },
    { id: 'ehr-access-review', label: 'monthly EHR access review by the privacy office', scenario: 'ehr-misuse', perDepartment: false, annualCost: { fixed: 25_000, perHead: 0 }, effectiveness: { low: 0.1, high: 0.4 }, reduces: 'frequency',
      source: 'Assumption: deterrence from known auditing.' },
    { id: 'analyst-shift', label: 'an extra analyst shift (faster response)', scenario: '*', perDepartment: false, annualCost: { fixed: 90_000, perHead: 0 }, effectiveness: { low: 0.1, high: 0.3 }, reduces: 'magnitude',
      source: 'IBM/Ponemon 2024: breaches contained faster cost less; the size of the cut is an assumption.' },
  ],
};
