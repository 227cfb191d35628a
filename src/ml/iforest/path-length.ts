const EULER = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points
 * (Liu, Ting & Zhou 2008, eq. 1) — the expected depth still to go below a leaf holding n points,
 * and the normaliser of the anomaly score. c(1) = 0, c(2) = 1.
 *
 * @example
 * averagePathLength(256) // ≈ 10.24
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}
