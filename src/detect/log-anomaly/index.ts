export { logAnomalyDetector, LogAnomalyDetector, type LogAnomalyCounters } from './detector.js';
export { logAnomalyConfig, FINDINGS, type Finding, type LogAnomalyConfig } from './config.js';
