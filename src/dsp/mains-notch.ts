// Notches at the mains frequency and its harmonics below 0.9·Nyquist. Q = 4 (about ±6 Hz at
// 50 Hz) is wide enough to hold a line that drifts ±0.5 Hz (grid tolerance, EN 50160) down by
// > 30 dB, while taking only a small slice of the 20–450 Hz sEMG band.
import { Biquad } from './biquad.ts';

const NOTCH_Q = 4;
const MAX_HARMONIC = 5;

export class MainsNotch {
  private readonly sections: Biquad[] = [];

  constructor(mainsHz: number, fsHz: number) {
    for (let k = 1; k <= MAX_HARMONIC && k * mainsHz < 0.45 * fsHz; k++) {
      this.sections.push(new Biquad('notch', k * mainsHz, fsHz, NOTCH_Q));
    }
  }

  processInPlace(buffer: Float32Array, length: number): void {
    for (let s = 0; s < this.sections.length; s++) this.sections[s].process(buffer, buffer, length);
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
