export { RandomForest, type FeatureImportance, type RandomForestJSON, type RandomForestOptions } from './forest.js';
export { CartTree, type CartJSON } from './cart.js';
export { binColumns, binOf, cutPoints, type BinnedColumns, type DenseMatrix } from './binning.js';
