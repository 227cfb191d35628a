/** Running count, sum, sum of squares, min and max: enough for mean and standard deviation. */
export class Moments {
  n = 0;
  sum = 0;
  sq = 0;
  min = Infinity;
  max = -Infinity;

  add(x: number): void {
    this.n++;
    this.sum += x;
    this.sq += x * x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /**
   * Mean, population standard deviation, min and max (zeros when empty), rounded to 6 places.
   *
   * @example
   * const m = new Moments(); m.add(2); m.add(4); m.summary() // { mean: 3, std: 1, min: 2, max: 4 }
   */
  summary(): { mean: number; std: number; min: number; max: number } {
    if (this.n === 0) return { mean: 0, std: 0, min: 0, max: 0 };
    const mean = this.sum / this.n;
    const std = Math.sqrt(Math.max(0, this.sq / this.n - mean * mean));
    return { mean: round(mean), std: round(std), min: round(this.min), max: round(this.max) };
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
