/** How often each log template appears among normal training lines. */
export interface RarityVerdict { template: string; count: number; rare: boolean }

/**
 * Template rarity: counts how often each log template (e.g. a Drain or Loghub event id) occurs in
 * normal training lines; a line whose template was seen at most `threshold` times is rare. A
 * window of lines is flagged when any of its lines is rare. `chooseThreshold` picks the
 * threshold on training windows only, each scored with counts that leave that window out, so the
 * choice does not reward memorising the training lines.
 *
 * @example
 * const r = TemplateRarity.fit(['E1', 'E1', 'E2'], 0);
 * r.assess('E9').rare // true: never seen
 */
export class TemplateRarity {
  private constructor(private readonly counts: Map<string, number>, readonly threshold: number) {}

  static fit(normalTemplates: Iterable<string>, threshold = 0): TemplateRarity {
    const counts = new Map<string, number>();
    for (const t of normalTemplates) counts.set(t, (counts.get(t) ?? 0) + 1);
    return new TemplateRarity(counts, threshold);
  }

  /** Times `template` was seen in normal training lines, and whether that is rare. */
  assess(template: string): RarityVerdict {
    const count = this.counts.get(template) ?? 0;
    return { template, count, rare: count <= this.threshold };
  }

  /** The same counts with another threshold. */
  withThreshold(threshold: number): TemplateRarity {
    return new TemplateRarity(this.counts, threshold);
  }

  /**
   * The threshold (from `candidates`) with the best window F1 on the training windows, each window's
   * own normal lines removed from the counts first. Ties go to the lower threshold (fewer alerts).
   */
  static chooseThreshold(windows: Array<{ templates: string[]; normal: boolean[]; anomalous: boolean }>, candidates: number[]): { threshold: number; f1: number } {
    const all = new Map<string, number>();
    for (const w of windows) w.templates.forEach((t, i) => { if (w.normal[i]) all.set(t, (all.get(t) ?? 0) + 1); });
    let best = { threshold: candidates[0] ?? 0, f1: -1 };
    for (const thr of candidates) {
      let tp = 0, fp = 0, fn = 0;
      for (const w of windows) {
        const own = new Map<string, number>();
        w.templates.forEach((t, i) => { if (w.normal[i]) own.set(t, (own.get(t) ?? 0) + 1); });
        const flagged = w.templates.some((t) => (all.get(t) ?? 0) - (own.get(t) ?? 0) <= thr);
        if (flagged && w.anomalous) tp++; else if (flagged) fp++; else if (w.anomalous) fn++;
      }
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
      if (f1 > best.f1) best = { threshold: thr, f1 };
    }
    return best;
  }
}
