// Second-order IIR section, direct form II transposed. Coefficients from R. Bristow-Johnson,
// "Cookbook formulae for audio EQ biquad filter coefficients" (W3C Audio EQ Cookbook).

export type BiquadKind = 'lowpass' | 'highpass' | 'bandpass';

export class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private z1 = 0;
  private z2 = 0;

  constructor(kind: BiquadKind, cutoffHz: number, fsHz: number, q = Math.SQRT1_2) {
    const w0 = (2 * Math.PI * Math.min(cutoffHz, fsHz * 0.49)) / fsHz;
    const cos = Math.cos(w0);
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    if (kind === 'lowpass') {
      this.b0 = (1 - cos) / 2 / a0;
      this.b1 = (1 - cos) / a0;
      this.b2 = this.b0;
    } else if (kind === 'highpass') {
      this.b0 = (1 + cos) / 2 / a0;
      this.b1 = -(1 + cos) / a0;
      this.b2 = this.b0;
    } else {
      this.b0 = alpha / a0;
      this.b1 = 0;
      this.b2 = -alpha / a0;
    }
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  next(x: number): number {
    const y = this.b0 * x + this.z1;
    this.z1 = this.b1 * x - this.a1 * y + this.z2;
    this.z2 = this.b2 * x - this.a2 * y;
    return y;
  }

  reset(): void {
    this.z1 = 0;
    this.z2 = 0;
  }
}

/** A cascade of sections run one after another. */
export class FilterChain {
  constructor(private readonly sections: Biquad[]) {}

  next(x: number): number {
    let y = x;
    for (let i = 0; i < this.sections.length; i++) y = this.sections[i].next(y);
    return y;
  }

  reset(): void {
    for (const section of this.sections) section.reset();
  }

  /** Energy of the impulse response (sum of h²): white input of variance v comes out with variance v·energy. */
  impulseEnergy(length = 8192): number {
    this.reset();
    let energy = 0;
    for (let i = 0; i < length; i++) {
      const h = this.next(i === 0 ? 1 : 0);
      energy += h * h;
    }
    this.reset();
    return energy;
  }
}
