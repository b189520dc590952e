// A second-order IIR section (transposed direct form II) with the RBJ "Audio EQ Cookbook"
// designs (R. Bristow-Johnson). State lives in fields; the per-sample path is arithmetic only.

export type BiquadKind = 'highpass' | 'lowpass' | 'bandpass' | 'notch';

export class Biquad {
  // Coefficients (set by design) and state are public for fused loops that run several sections
  // in one pass (TwoSectionFilter reads the coefficients, and reads and writes the state);
  // everyone else goes through the methods.
  b0 = 1;
  b1 = 0;
  b2 = 0;
  a1 = 0;
  a2 = 0;
  s1 = 0;
  s2 = 0;

  constructor(kind: BiquadKind, cornerHz: number, fsHz: number, q = Math.SQRT1_2) {
    this.design(kind, cornerHz, fsHz, q);
  }

  /** Computes the coefficients once (RBJ cookbook formulas, normalised by a0). */
  design(kind: BiquadKind, cornerHz: number, fsHz: number, q: number): void {
    const w0 = (2 * Math.PI * cornerHz) / fsHz;
    const cos = Math.cos(w0);
    const alpha = Math.sin(w0) / (2 * q);
    let b0: number, b1: number, b2: number;
    if (kind === 'highpass') {
      b0 = (1 + cos) / 2;
      b1 = -(1 + cos);
      b2 = (1 + cos) / 2;
    } else if (kind === 'lowpass') {
      b0 = (1 - cos) / 2;
      b1 = 1 - cos;
      b2 = (1 - cos) / 2;
    } else if (kind === 'bandpass') {
      // constant 0 dB peak gain
      b0 = alpha;
      b1 = 0;
      b2 = -alpha;
    } else {
      b0 = 1;
      b1 = -2 * cos;
      b2 = 1;
    }
    const a0 = 1 + alpha;
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  next(x: number): number {
    const y = this.b0 * x + this.s1;
    this.s1 = this.b1 * x - this.a1 * y + this.s2;
    this.s2 = this.b2 * x - this.a2 * y;
    return y;
  }

  /** Filters `input` into `out` (may be the same array), the first `length` samples. */
  process(input: Float32Array, out: Float32Array, length = input.length): void {
    const { b0, b1, b2, a1, a2 } = this;
    let s1 = this.s1;
    let s2 = this.s2;
    for (let i = 0; i < length; i++) {
      const x = input[i];
      const y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      out[i] = y;
    }
    this.s1 = s1;
    this.s2 = s2;
  }

  /** DC gain H(1): what a constant input settles to. */
  dcGain(): number {
    return (this.b0 + this.b1 + this.b2) / (1 + this.a1 + this.a2);
  }

  /**
   * Sets the state as if `x0` had been the input forever, so that a stream starting (or
   * resuming after a gap) at a DC offset gives no step transient.
   */
  prime(x0: number): void {
    const y0 = this.dcGain() * x0;
    this.s2 = this.b2 * x0 - this.a2 * y0;
    this.s1 = this.b1 * x0 - this.a1 * y0 + this.s2;
  }

  reset(): void {
    this.s1 = 0;
    this.s2 = 0;
  }

  /** |H| at `hz` (for tests and for checking a design). */
  gainAt(hz: number, fsHz: number): number {
    const w = (2 * Math.PI * hz) / fsHz;
    const c1 = Math.cos(w), s1 = Math.sin(w), c2 = Math.cos(2 * w), s2 = Math.sin(2 * w);
    const nr = this.b0 + this.b1 * c1 + this.b2 * c2;
    const ni = -(this.b1 * s1 + this.b2 * s2);
    const dr = 1 + this.a1 * c1 + this.a2 * c2;
    const di = -(this.a1 * s1 + this.a2 * s2);
    return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
  }
}
