// One accelerometer: gravity by a slow low-pass (its direction gives posture, GGIR-style) and
// motion as the mean size of what is left, |a − g| in mg (like ENMO, van Hees et al. 2013, but
// measured against the tracked gravity vector, so rotation counts as motion too).

/** Gravity low-pass time constant: turning over takes 1–5 s, postures last minutes. */
const GRAVITY_TAU_S = 1.5;

export class AccelTracker {
  gx = 0;
  gy = 0;
  gz = 0;
  private alpha: number;
  private primed = false;
  private motionSum = 0;
  private motionCount = 0;
  /** mean |a − g| over the last closed block, mg (NaN when no sample fell in it) */
  motionMg = NaN;
  /** samples seen since the start (for "has data") */
  seen = 0;

  constructor(private fsHz: number) {
    this.alpha = 1 - Math.exp(-1 / (fsHz * GRAVITY_TAU_S));
  }

  setRate(fsHz: number): void {
    if (fsHz === this.fsHz) return;
    this.fsHz = fsHz;
    this.alpha = 1 - Math.exp(-1 / (fsHz * GRAVITY_TAU_S));
  }

  next(x: number, y: number, z: number): void {
    if (!this.primed) {
      this.gx = x;
      this.gy = y;
      this.gz = z;
      this.primed = true;
    }
    const a = this.alpha;
    this.gx += a * (x - this.gx);
    this.gy += a * (y - this.gy);
    this.gz += a * (z - this.gz);
    const dx = x - this.gx;
    const dy = y - this.gy;
    const dz = z - this.gz;
    this.motionSum += Math.sqrt(dx * dx + dy * dy + dz * dz);
    this.motionCount++;
    this.seen++;
  }

  endBlock(): void {
    this.motionMg = this.motionCount > 0 ? this.motionSum / this.motionCount : NaN;
    this.motionSum = 0;
    this.motionCount = 0;
  }

  /** After missing data: gravity restarts from the next sample. */
  restart(): void {
    this.primed = false;
    this.motionSum = 0;
    this.motionCount = 0;
  }
}
