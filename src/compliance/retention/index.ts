/** Retention per data class and the purge that applies it (scheduled in the running server; `wardwatch purge`). */
export { DATA_CLASSES, purge, retentionDays, type DataClass, type PurgeReport, type PurgedClass } from './purge.js';
