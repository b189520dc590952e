// A streaming quantile in the log domain (stochastic-approximation quantile, e.g. Tierney 1983):
// the estimate steps up by step·q when a value is above it and down by step·(1−q) otherwise,
// so it settles where a fraction q of values lie below. Constant memory, robust to bursts, and
// in the log domain the step is relative (a resting level of 2 µV and of 20 µV adapt alike).
//
// A step of s in the log domain is a factor of e^s on the value, so the estimate is kept as a
// value and multiplied by factors computed once: no log or exp per update (it runs for every
// channel on every 50-ms block).

export class LogQuantileTracker {
  private current = NaN;
  private updates = 0;
  /** factors for a value above / not above the estimate, once settled and while warming up */
  private readonly upFactor: number;
  private readonly downFactor: number;
  private readonly warmupUpFactor: number;
  private readonly warmupDownFactor: number;

  constructor(
    quantile: number,
    /** step in natural-log units per update once settled */
    step: number,
    /** larger steps (8×) for the first updates, to find the level quickly */
    private readonly warmupUpdates = 200,
  ) {
    this.upFactor = Math.exp(step * quantile);
    this.downFactor = Math.exp(-step * (1 - quantile));
    this.warmupUpFactor = Math.exp(8 * step * quantile);
    this.warmupDownFactor = Math.exp(-8 * step * (1 - quantile));
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.updates > 0;
  }

  get settled(): boolean {
    return this.updates >= this.warmupUpdates;
  }

  update(x: number): void {
    const v = x > 1e-6 ? x : 1e-6;
    if (this.updates === 0) {
      this.current = v;
    } else if (this.updates < this.warmupUpdates) {
      this.current *= v > this.current ? this.warmupUpFactor : this.warmupDownFactor;
    } else {
      this.current *= v > this.current ? this.upFactor : this.downFactor;
    }
    this.updates++;
  }

  reset(): void {
    this.current = NaN;
    this.updates = 0;
  }
}
