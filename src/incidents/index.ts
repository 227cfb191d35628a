/**
 * Alerts → incidents: correlation over linked entities, entity risk, and the analyst's state.
 * Imports only core (see the target house in CONVENTIONS).
 */
export { DEFAULT_CORRELATION, IncidentBuilder, type AlertGroup, type CorrelationOptions, type Incident } from './correlate.js';
export { DEFAULT_RISK, RiskLedger, type EntityRisk, type RiskContribution, type RiskOptions } from './risk.js';
export { entityKey, rolesOf, type EntityRole, type RoledEntity } from './roles.js';
export { correlateAlerts, filterIncidents, type Correlated, type IncidentFilter } from './query.js';
export { MAX_SUPPRESSION_DAYS, suppressing, validSuppression, type Suppression } from './suppress.js';
