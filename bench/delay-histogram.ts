// Delays in 1 ms bins up to two minutes (the last bin takes anything longer): percentiles over
// every frame of a run in fixed memory, with nothing allocated per frame.
const BINS = 120_000;

export class DelayHistogram {
  private readonly counts = new Float64Array(BINS);
  count = 0;
  max = 0;

  add(delayMs: number): void {
    const bin = Math.min(BINS - 1, Math.max(0, Math.round(delayMs)));
    this.counts[bin]++;
    this.count++;
    if (delayMs > this.max) this.max = delayMs;
  }

  /** The smallest delay (ms) at or below which a fraction q of the frames fell. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let bin = 0; bin < BINS; bin++) {
      seen += this.counts[bin];
      if (seen >= rank) return bin;
    }
    return BINS - 1;
  }
}
