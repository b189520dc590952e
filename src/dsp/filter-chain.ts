// Biquads in series, run a block at a time in place. Butterworth sections of order 2n use the
// pole Qs 1/(2·cos((2k+1)π/4n)) (standard cascade design).
import { Biquad } from './biquad.ts';

export class FilterChain {
  constructor(readonly sections: Biquad[]) {}

  /** A Butterworth high-pass of even `order` at `cornerHz`. */
  static butterworthHighpass(order: number, cornerHz: number, fsHz: number): FilterChain {
    return new FilterChain(butterworthQs(order).map((q) => new Biquad('highpass', cornerHz, fsHz, q)));
  }

  static butterworthLowpass(order: number, cornerHz: number, fsHz: number): FilterChain {
    return new FilterChain(butterworthQs(order).map((q) => new Biquad('lowpass', cornerHz, fsHz, q)));
  }

  processInPlace(buffer: Float32Array, length: number): void {
    for (let s = 0; s < this.sections.length; s++) this.sections[s].process(buffer, buffer, length);
  }

  next(x: number): number {
    let y = x;
    for (let s = 0; s < this.sections.length; s++) y = this.sections[s].next(y);
    return y;
  }

  prime(x0: number): void {
    let x = x0;
    for (const section of this.sections) {
      section.prime(x);
      x *= section.dcGain();
    }
  }

  reset(): void {
    for (const section of this.sections) section.reset();
  }

  gainAt(hz: number, fsHz: number): number {
    let gain = 1;
    for (const section of this.sections) gain *= section.gainAt(hz, fsHz);
    return gain;
  }
}

function butterworthQs(order: number): number[] {
  const qs: number[] = [];
  for (let k = 0; k < order / 2; k++) qs.push(1 / (2 * Math.cos(((2 * k + 1) * Math.PI) / (2 * order))));
  return qs;
}
