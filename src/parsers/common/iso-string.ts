/**
 * Formats epoch ms as ISO 8601 UTC with milliseconds, remembering the last value: log lines
 * arrive in bursts that share one timestamp, and `toISOString` is one of the costlier steps
 * of a parse.
 *
 * @example
 * const iso = new IsoStringCache();
 * iso.format(0) // '1970-01-01T00:00:00.000Z'
 */
export class IsoStringCache {
  private lastMs = Number.NaN;
  private lastIso = '';

  format(ms: number): string {
    if (ms !== this.lastMs) {
      this.lastIso = new Date(ms).toISOString();
      this.lastMs = ms;
    }
    return this.lastIso;
  }
}
