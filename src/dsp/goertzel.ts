// Power of one frequency over a window (Goertzel 1958): one multiply-add per sample, the cheap
// way to watch a couple of mains lines without a full FFT.

export class Goertzel {
  private coefficient = 0;
  private s1 = 0;
  private s2 = 0;
  private count = 0;

  constructor(hz: number, fsHz: number) {
    this.coefficient = 2 * Math.cos((2 * Math.PI * hz) / fsHz);
  }

  next(x: number): void {
    const s0 = x + this.coefficient * this.s1 - this.s2;
    this.s2 = this.s1;
    this.s1 = s0;
    this.count++;
  }

  /** Feeds the first `length` samples of `input` (the block form of next). */
  process(input: Float32Array, length: number): void {
    const k = this.coefficient;
    let s1 = this.s1;
    let s2 = this.s2;
    for (let i = 0; i < length; i++) {
      const s0 = input[i] + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    this.s1 = s1;
    this.s2 = s2;
    this.count += length;
  }

  /**
   * `a.process(input, length)` and `b.process(input, length)` in one loop (two tones over the same
   * samples): each recursion is a serial chain of multiply-adds, and two independent chains in
   * one loop overlap. Same results as the two calls. Two samples a turn: the new value goes into
   * the older state, and the two states swap roles the next sample, where a turn of one sample
   * moved each state twice (V8 rotated s2 ← s1 ← s0 through a scratch register: 6 of its 28
   * instructions a sample).
   */
  static processTwo(a: Goertzel, b: Goertzel, input: Float32Array, length: number): void {
    const ka = a.coefficient;
    const kb = b.coefficient;
    let a1 = a.s1, a2 = a.s2;
    let b1 = b.s1, b2 = b.s2;
    let i = 0;
    for (; i + 1 < length; i += 2) {
      const x = input[i];
      const next = input[i + 1];
      // sample i: s0 = x + k·s1 − s2 becomes s1, and s1 becomes s2
      a2 = x + ka * a1 - a2;
      b2 = x + kb * b1 - b2;
      // sample i + 1, with the roles swapped back
      a1 = next + ka * a2 - a1;
      b1 = next + kb * b2 - b1;
    }
    if (i < length) {
      const x = input[i];
      const a0 = x + ka * a1 - a2;
      const b0 = x + kb * b1 - b2;
      a2 = a1;
      a1 = a0;
      b2 = b1;
      b1 = b0;
    }
    a.s1 = a1;
    a.s2 = a2;
    a.count += length;
    b.s1 = b1;
    b.s2 = b2;
    b.count += length;
  }

  /**
   * Mean-square amplitude of the tone over the samples seen since the last reset: a sine of
   * amplitude A gives A²/2, like its contribution to the signal's mean square.
   */
  meanSquare(): number {
    if (this.count === 0) return 0;
    const power = this.s1 * this.s1 + this.s2 * this.s2 - this.coefficient * this.s1 * this.s2;
    return (2 * power) / (this.count * this.count);
  }

  reset(): void {
    this.s1 = 0;
    this.s2 = 0;
    this.count = 0;
  }
}
