/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (exact enough for
 * the 10–200-dimensional count covariances the log models use; O(d³) per sweep).
 *
 * @returns eigenvalues in descending order and the matching unit eigenvectors (`vectors[k]`).
 * @example
 * symmetricEigen([[2, 0], [0, 1]]).values // [2, 1]
 */
export function symmetricEigen(m: readonly (readonly number[])[], maxSweeps = 100): { values: number[]; vectors: number[][] } {
  const d = m.length;
  const a = m.map((r, i) => {
    if (r.length !== d) throw new Error(`symmetricEigen: row ${i} has ${r.length} values, expected ${d}`);
    return Float64Array.from(r);
  });
  const v = Array.from({ length: d }, (_, i) => { const r = new Float64Array(d); r[i] = 1; return r; });
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { const x = a[i]![j]! * a[i]![j]!; if (i === j) scale += x; else off += x; }
    if (off <= 1e-30 * Math.max(1, scale)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k]![p]!, akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq; a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p]![k]!, aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk; a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq; v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  return { values: order.map((i) => a[i]![i]!), vectors: order.map((i) => Array.from({ length: d }, (_, k) => v[k]![i]!)) };
}
