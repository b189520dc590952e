// A streaming quantile in the log domain (stochastic-approximation quantile, e.g. Tierney 1983):
// the estimate steps up by step·q when a value is above it and down by step·(1−q) otherwise,
// so it settles where a fraction q of values lie below. Constant memory, robust to bursts, and
// in the log domain the step is relative (a resting level of 2 µV and of 20 µV adapt alike).

export class LogQuantileTracker {
  private logValue = NaN;
  private current = NaN;
  private updates = 0;

  constructor(
    private readonly quantile: number,
    /** step in natural-log units per update once settled */
    private readonly step: number,
    /** larger steps for the first updates, to find the level quickly */
    private readonly warmupUpdates = 200,
  ) {}

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
    const lx = Math.log(x > 1e-6 ? x : 1e-6);
    if (this.updates === 0) {
      this.logValue = lx;
    } else {
      const step = this.updates < this.warmupUpdates ? this.step * 8 : this.step;
      this.logValue += lx > this.logValue ? step * this.quantile : -step * (1 - this.quantile);
    }
    this.updates++;
    this.current = Math.exp(this.logValue);
  }

  reset(): void {
    this.logValue = NaN;
    this.current = NaN;
    this.updates = 0;
  }
}
