export { CategoricalNovelty, type CategoricalJSON, type CategoryStats, type NoveltyAssessment } from './categorical.js';
export { compact, decayFactor, finite } from './decay.js';
export { HourOfWeekHistogram, type HourOfWeekJSON, type HourUsualness } from './hour-of-week.js';
export * from './iforest/index.js';
export { PeerGroups, type Mergeable } from './peer-groups.js';
export { QuantileSketch, type QuantileSketchJSON } from './quantile-sketch.js';
export { WindowedRate, type RateAssessment, type WindowedRateJSON } from './rate.js';
export { learnedShift, NIGHT_HOURS, onShift, parseClock, type LearnedShift, type Shift } from './shift.js';
export { hourOfWeekLabel, isTimeZone, localTime, type LocalTime } from './time.js';
