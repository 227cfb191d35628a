export { IntelStore, type IndicatorRecord, type StoredIndicator, type StoredObject, type IntelStats } from './intel-store.js';
