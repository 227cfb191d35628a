/**
 * Exponential decay shared by every baseline: a weight recorded `dtMs` ago counts
 * `0.5 ** (dtMs / halfLifeMs)`. Out-of-order (negative) gaps and an infinite half-life never decay.
 *
 * @example
 * decayFactor(7 * 86_400_000, 7 * 86_400_000) // 0.5
 */
export function decayFactor(dtMs: number, halfLifeMs: number): number {
  if (!(dtMs > 0) || !(halfLifeMs > 0) || !Number.isFinite(halfLifeMs) || !Number.isFinite(dtMs)) return 1;
  return Math.pow(0.5, dtMs / halfLifeMs);
}

/** A finite number or the fallback: state read back from JSON is never trusted to be clean. */
export function finite(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Round for compact JSON state (weights need ~6 significant digits, not 17). */
export function compact(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  return Number(v.toPrecision(6));
}
