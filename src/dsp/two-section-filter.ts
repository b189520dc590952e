// Two biquads in series (the 4th-order EMG high-pass) run in one pass over a block, summing the
// squares of the output and of its first difference on the way (the second tells broadband
// contact noise from muscle EMG, detect/white-rise.ts); and two such filters (two channels) run
// side by side.
//
// Why: each section's recursion is a serial chain of dependent multiply-adds (y feeds s1, s1
// feeds the next y), so filtering is bound by latency, not by arithmetic. One pass lets the
// second section and the sum work on sample i while the first section is on sample i + 1, and
// two channels' independent chains in one loop overlap again (bench/RESULTS.md, "Core").
//
// Results are bit-identical to running Biquad.process section by section through a Float32Array
// and summing the squares afterwards: each section's output is rounded to float32 (Math.fround)
// where that version stored it.
import type { Biquad } from './biquad.ts';

export class TwoSectionFilter {
  /** the last block's output, float32 like the input */
  readonly out: Float32Array;
  /** sum of squares of the last block's output (of the float32 values in `out`) */
  sumSquares = 0;
  /** sum of squares of the last block's first differences (each output minus the one before it) */
  diffSumSquares = 0;
  /** the last output, for the next block's first difference; 0 after a restart (the primed output starts near 0) */
  previous = 0;

  constructor(
    readonly first: Biquad,
    readonly second: Biquad,
    maxBlock: number,
  ) {
    this.out = new Float32Array(maxBlock);
    this.highpassForm = isHighpassForm(first) && isHighpassForm(second);
  }

  /**
   * Both sections are high-passes (b1 = −2·b0, b2 = b0, exactly: the RBJ design halves and
   * doubles the same (1 + cos w0) / a0): the form processPair's loop is written for.
   */
  readonly highpassForm: boolean;

  /** Filters `count` samples of `input` from `offset` into `out` and sets `sumSquares`. */
  process(input: Float32Array, offset: number, count: number): void {
    const first = this.first;
    const second = this.second;
    const { b0: fb0, b1: fb1, b2: fb2, a1: fa1, a2: fa2 } = first;
    const { b0: sb0, b1: sb1, b2: sb2, a1: sa1, a2: sa2 } = second;
    let f1 = first.s1, f2 = first.s2;
    let s1 = second.s1, s2 = second.s2;
    let sumSquares = 0;
    let diffSumSquares = 0;
    let previous = this.previous;
    const out = this.out;
    for (let i = 0; i < count; i++) {
      const x = input[offset + i];
      const u = fb0 * x + f1;
      f1 = fb1 * x - fa1 * u + f2;
      f2 = fb2 * x - fa2 * u;
      const v = Math.fround(u);
      const y = sb0 * v + s1;
      s1 = sb1 * v - sa1 * y + s2;
      s2 = sb2 * v - sa2 * y;
      const stored = Math.fround(y);
      out[i] = stored;
      sumSquares += stored * stored;
      const step = stored - previous;
      diffSumSquares += step * step;
      previous = stored;
    }
    first.s1 = f1;
    first.s2 = f2;
    second.s1 = s1;
    second.s2 = s2;
    this.sumSquares = sumSquares;
    this.diffSumSquares = diffSumSquares;
    this.previous = previous;
  }

  /**
   * `a.process(inputA, offset, count)` and `b.process(inputB, offset, count)` in one loop, bit for
   * bit the same. The filters must have the same design (the channels of one device share a rate):
   * `a`'s coefficients serve both, which leaves registers for the eight state variables. Written
   * for high-pass sections (highpassForm, the EMG high-pass's): with p = b0·x, b1·x is −2p and b2·x
   * is p exactly (a power of two scales a product without rounding), so each section takes one
   * product of x instead of three, and the numerators' coefficients leave four more registers to
   * the state (fewer spills in the loop, the detector's hottest). Other designs run channel by
   * channel. `keepOutput` false: only the sums are wanted, `out` is left as it was (the caller
   * reads it in a quarter of the blocks only: each store is a map, length and bounds check).
   */
  static processPair(a: TwoSectionFilter, b: TwoSectionFilter, inputA: Float32Array, inputB: Float32Array, offset: number, count: number, keepOutput = true): void {
    if (!a.highpassForm) {
      a.process(inputA, offset, count);
      b.process(inputB, offset, count);
      return;
    }
    const { b0: fb0, a1: fa1, a2: fa2 } = a.first;
    const { b0: sb0, a1: sa1, a2: sa2 } = a.second;
    let af1 = a.first.s1, af2 = a.first.s2, as1 = a.second.s1, as2 = a.second.s2;
    let bf1 = b.first.s1, bf2 = b.first.s2, bs1 = b.second.s1, bs2 = b.second.s2;
    let sumA = 0;
    let sumB = 0;
    let diffA = 0;
    let diffB = 0;
    let previousA = a.previous;
    let previousB = b.previous;
    const outA = a.out;
    const outB = b.out;
    for (let i = 0, j = offset; i < count; i++, j++) {
      const pa = fb0 * inputA[j];
      const pb = fb0 * inputB[j];
      const ua = pa + af1;
      const ub = pb + bf1;
      af1 = -2 * pa - fa1 * ua + af2;
      bf1 = -2 * pb - fa1 * ub + bf2;
      af2 = pa - fa2 * ua;
      bf2 = pb - fa2 * ub;
      const qa = sb0 * Math.fround(ua);
      const qb = sb0 * Math.fround(ub);
      const ya = qa + as1;
      const yb = qb + bs1;
      as1 = -2 * qa - sa1 * ya + as2;
      bs1 = -2 * qb - sa1 * yb + bs2;
      as2 = qa - sa2 * ya;
      bs2 = qb - sa2 * yb;
      const storedA = Math.fround(ya);
      const storedB = Math.fround(yb);
      if (keepOutput) {
        outA[i] = storedA;
        outB[i] = storedB;
      }
      sumA += storedA * storedA;
      sumB += storedB * storedB;
      const stepA = storedA - previousA;
      const stepB = storedB - previousB;
      diffA += stepA * stepA;
      diffB += stepB * stepB;
      previousA = storedA;
      previousB = storedB;
    }
    a.first.s1 = af1;
    a.first.s2 = af2;
    a.second.s1 = as1;
    a.second.s2 = as2;
    b.first.s1 = bf1;
    b.first.s2 = bf2;
    b.second.s1 = bs1;
    b.second.s2 = bs2;
    a.sumSquares = sumA;
    b.sumSquares = sumB;
    a.diffSumSquares = diffA;
    b.diffSumSquares = diffB;
    a.previous = previousA;
    b.previous = previousB;
  }
}

/** b1 = −2·b0 and b2 = b0 exactly: a high-pass section as Biquad designs one */
function isHighpassForm(section: Biquad): boolean {
  return section.b1 === -2 * section.b0 && section.b2 === section.b0;
}
