export { BUCKET_MS, bucketLabel, extractSeries, type AlertCountSource, type CountSeries, type ExtractOptions, type Granularity, type SeriesSplit } from './series.js';
export { seasonalProfile, trendSummary, type SeasonalProfile, type TrendSummary } from './profile.js';
export { describeChange, detectChanges, type ChangeOptions, type ChangePoint } from './changepoint.js';
export { forecastSeries, type ForecastOptions, type SeriesForecast } from './forecast.js';
export { adviseSpend, departmentOfAlert, observationsFromAlerts, riskModel, type Advice, type Department, type Dist, type Observation, type RiskInput } from './risk.js';
export { DEFAULT_PRIORS, riskPriorsSchema, type RiskPriors } from './risk-priors.js';
