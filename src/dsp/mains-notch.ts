// Notches at the mains frequency and its first harmonics. Q = 4 (−3 dB width 12.5 Hz at 50 Hz)
// holds a line within the usual grid drift (±0.2 Hz; EN 50160 allows ±0.5 Hz) down by ~30 dB
// (~22 dB at ±0.5 Hz), while taking only a small slice of the 20–450 Hz sEMG band. A harmonic above Nyquist folds back
// (no anti-alias filter is perfect): it is notched where it lands; one landing on Nyquist
// itself (250 Hz at 500 Hz sampling) is removed by a zero at z = −1.
// Below 500 Hz (sleep-laboratory amplifiers, PROTOCOL §10.5) only the lines under Nyquist are
// notched: such amplifiers filter steeply before sampling (AASM: leg EMG low-pass at 100 Hz for
// 200 Hz sampling), so little folds back, while notches at every folded line would take most of
// a band that is only 20–100 Hz wide (at 200 Hz with 60 Hz mains: 20, 40, 60, 80 Hz and Nyquist).
import { Biquad } from './biquad.ts';

const NOTCH_Q = 4;
const MAX_HARMONIC = 5;
/** the lowest rate of the worn sensor (PROTOCOL §1); below it, no folded harmonic is notched */
const FOLDED_LINES_MIN_FS_HZ = 500;
/** how close to 0 Hz or Nyquist a folded line may land and still get a biquad notch, Hz */
const EDGE_HZ = 3;

export class MainsNotch {
  private readonly sections: Biquad[] = [];
  private readonly nyquistZero: boolean = false;
  private previous = 0;

  constructor(mainsHz: number, fsHz: number) {
    const nyquist = fsHz / 2;
    const done: number[] = [];
    for (let k = 1; k <= MAX_HARMONIC; k++) {
      if (k * mainsHz > nyquist - EDGE_HZ && fsHz < FOLDED_LINES_MIN_FS_HZ) break;
      const folded = Math.abs((((k * mainsHz + nyquist) % fsHz) + fsHz) % fsHz - nyquist);
      if (done.some((f) => Math.abs(f - folded) < 1)) continue;
      done.push(folded);
      if (folded > nyquist - EDGE_HZ) this.nyquistZero = true;
      else if (folded > EDGE_HZ) this.sections.push(new Biquad('notch', folded, fsHz, NOTCH_Q));
    }
  }

  processInPlace(buffer: Float32Array, length: number): void {
    for (let s = 0; s < this.sections.length; s++) this.sections[s].process(buffer, buffer, length);
    if (this.nyquistZero) {
      let previous = this.previous;
      for (let i = 0; i < length; i++) {
        const x = buffer[i];
        buffer[i] = 0.5 * (x + previous);
        previous = x;
      }
      this.previous = previous;
    }
  }

  reset(): void {
    for (const section of this.sections) section.reset();
    this.previous = 0;
  }

  gainAt(hz: number, fsHz: number): number {
    let gain = 1;
    for (const section of this.sections) gain *= section.gainAt(hz, fsHz);
    if (this.nyquistZero) gain *= Math.abs(Math.cos((Math.PI * hz) / fsHz));
    return gain;
  }
}
