export { evaluate, type EvalOptions, type EvalReport } from './evaluate.js';
export { loadDataset, type Dataset } from './dataset.js';
export { replayDataset, type ReplaySummary, type ReplayProgress } from './replay.js';
export { score, type Scores, type DetectorScore, type IncidentResult, type ScenarioSummary } from './metrics.js';
export { matchAlert, DEFAULT_WINDOW, type MatchWindow } from './match.js';
export { DETECTOR_SCOPE, inScope } from './scope.js';
export { renderReport } from './render.js';
