export { minimise, type MinimiseResult } from './nelder-mead.js';
export { etsName, fitEts, forecastEts, type EtsFit, type EtsParams, type EtsSpec, type EtsStep, type Trend } from './model.js';
export { autoEts, forecastIntervals, MIN_HISTORY, normalQuantile, type AutoEts, type AutoEtsOptions, type Candidate, type ForecastPoint, type Transform } from './select.js';
export { etsForecaster, rollingOrigin, seasonalNaive, type BacktestResult, type Forecaster } from './backtest.js';
