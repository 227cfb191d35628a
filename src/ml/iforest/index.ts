export { IsolationForest, type Attribution, type FeatureStats, type IsolationForestJSON, type IsolationForestOptions, type Matrix } from './forest.js';
export { IsolationTree, type TreeJSON } from './tree.js';
export { averagePathLength } from './path-length.js';
export { rng } from './rng.js';
export { RollingIsolationForest, type RollingJSON, type RollingOptions } from './rolling.js';
