// One EMG channel's conditioning, a block at a time: high-pass (motion artifacts, electrode
// drift and most of the heartbeat's ECG lie below ~20 Hz; SENIAM and De Luca et al. 2010,
// "Filtering the surface EMG signal", J Biomech 43:1573, recommend a 20 Hz corner), mains
// notches once hum is found, and per-block figures for the detector: mean square of the clean
// signal, of its first difference (how much of it is broadband contact noise, detect/white-rise.ts)
// and of the low band (0.5–15 Hz, where a loose electrode's wander and junk live). A
// lifted or saturated electrode reads a constant: its clean signal is then ~0, below any real
// amplifier's noise floor.
import { Biquad } from './biquad.ts';
import { FilterChain } from './filter-chain.ts';
import { MainsNotch } from './mains-notch.ts';
import { MainsWatch } from './mains-watch.ts';
import { TwoSectionFilter } from './two-section-filter.ts';

const HIGHPASS_HZ = 20;
/** 4th order: two biquad sections, run as one TwoSectionFilter */
const HIGHPASS_ORDER = 4;
const LOW_BAND_HZ: [number, number] = [0.5, 15];
/**
 * The low band is watched at ~100 Hz: raw samples are averaged in groups (a boxcar, first null
 * at 100 Hz) before its filters, which is all a 15 Hz band needs and ten times cheaper.
 */
const LOW_BAND_RATE_HZ = 100;
/**
 * Clipping: an amplifier driven past its range (strong hum, a popping electrode) holds its rail
 * value for several samples running. Repeats of a value beyond 400 µV are counted; EMG itself
 * (continuous, never repeating a large value for long) hardly ever does that.
 */
const CLIP_MIN_UV = 400;

export class EmgConditioner {
  /** the high-pass's sections, for priming; they run as `highpass` */
  private readonly highpassChain: FilterChain;
  private readonly highpass: TwoSectionFilter;
  private readonly lowBandHighpass: Biquad;
  private readonly lowBandLowpass: Biquad;
  readonly mains: MainsWatch;
  private notch: MainsNotch | undefined;
  private primed = false;
  private readonly groupSize: number;
  /** the means of the groups completed in one call of scanRaw */
  private readonly groupMeans: Float64Array;
  private groupSum = 0;
  private groupCount = 0;
  private lowGroups = 0;
  private previous = NaN;
  private clipped = 0;
  /** share of the last block's samples stuck at a large value (amplifier clipping) */
  clippedShare = 0;

  // running block sums
  private sumSquares = 0;
  private diffSumSquares = 0;
  /** the last notched sample, for the first difference across calls while the notches run */
  private notchedPrevious = 0;
  private lowSumSquares = 0;
  private count = 0;

  // the last finished block
  meanSquareUv2 = 0;
  /** mean square of the clean signal's first difference (sample to sample), µV² */
  diffMeanSquareUv2 = 0;
  lowMeanSquareUv2 = 0;
  samples = 0;

  /**
   * `maxChunk`: the most samples fed in one call (the detector feeds at most a block, 50 ms). The
   * filter's output buffer and the group means are sized to it, per channel: sized for 4096
   * samples they were 19 KiB of a channel's state, a fifth of a sensor's 100 KiB budget.
   */
  constructor(
    readonly fsHz: number,
    private readonly maxChunk: number,
  ) {
    this.highpassChain = FilterChain.butterworthHighpass(HIGHPASS_ORDER, HIGHPASS_HZ, fsHz);
    const [first, second] = this.highpassChain.sections;
    this.highpass = new TwoSectionFilter(first, second, maxChunk);
    this.groupSize = Math.max(1, Math.round(fsHz / LOW_BAND_RATE_HZ));
    const lowRateHz = fsHz / this.groupSize;
    this.groupMeans = new Float64Array(Math.ceil(maxChunk / this.groupSize) + 1);
    this.lowBandHighpass = new Biquad('highpass', LOW_BAND_HZ[0], lowRateHz);
    this.lowBandLowpass = new Biquad('lowpass', LOW_BAND_HZ[1], lowRateHz);
    this.mains = new MainsWatch(fsHz);
  }

  /** Feeds `count` samples of `input` from `offset`; all belong to the current block. */
  process(input: Float32Array, offset: number, count: number): void {
    if (count <= 0) return;
    this.checkChunk(count);
    this.scanRaw(input, offset, count);
    this.highpass.process(input, offset, count);
    this.takeFiltered(count);
  }

  /**
   * Feeds the same stretch of every channel (`inputs[c]` to `conditioners[c]`): the channels'
   * raw scans and high-passes run two at a time in one loop, whose independent chains overlap
   * (see TwoSectionFilter). Same results as calling process on each.
   */
  static processChannels(conditioners: readonly EmgConditioner[], inputs: readonly Float32Array[], offset: number, count: number): void {
    if (count <= 0) return;
    let c = 0;
    for (; c + 1 < conditioners.length; c += 2) {
      const a = conditioners[c];
      const b = conditioners[c + 1];
      // one device's channels share a rate; the pair loop needs that (one design for both)
      if (a.fsHz !== b.fsHz) {
        a.process(inputs[c], offset, count);
        b.process(inputs[c + 1], offset, count);
        continue;
      }
      a.checkChunk(count);
      b.checkChunk(count);
      EmgConditioner.scanRawPair(a, b, inputs[c], inputs[c + 1], offset, count);
      TwoSectionFilter.processPair(a.highpass, b.highpass, inputs[c], inputs[c + 1], offset, count, a.readsFiltered() || b.readsFiltered());
      a.takeFiltered(count);
      b.takeFiltered(count);
    }
    if (c < conditioners.length) conditioners[c].process(inputs[c], offset, count);
  }

  /**
   * takeFiltered will read the high-pass's output samples: the notches run, or the mains watch
   * still takes samples of its window (its first quarter second only).
   */
  private readsFiltered(): boolean {
    return this.notch !== undefined || this.mains.takesSamples();
  }

  /** A typed array drops writes past its end without a word: a longer chunk would lose samples. */
  private checkChunk(count: number): void {
    if (count > this.maxChunk) throw new RangeError(`EmgConditioner: ${count} samples at once, made for at most ${this.maxChunk}`);
  }

  /** What the raw samples tell: clipping, and the low band from boxcar groups. Primes the filters after a start or gap. */
  private scanRaw(input: Float32Array, offset: number, count: number): void {
    this.primeOnce(input[offset]);
    const groupSize = this.groupSize;
    const groupMeans = this.groupMeans;
    let groups = 0;
    let groupSum = this.groupSum;
    let groupCount = this.groupCount;
    let previous = this.previous;
    let clipped = 0;
    const clipMinUv = CLIP_MIN_UV; // see scanRawPair
    for (let i = 0; i < count; i++) {
      const x = input[offset + i];
      if (Math.abs(x) > clipMinUv && x === previous) clipped++;
      previous = x;
      groupSum += x;
      if (++groupCount === groupSize) {
        groupMeans[groups++] = groupSum / groupSize;
        groupSum = 0;
        groupCount = 0;
      }
    }
    this.endScan(groups, groupSum, groupCount, previous, clipped);
  }

  /**
   * scanRaw of two channels in one loop: each channel's running sum is a chain of dependent
   * additions, and two of them side by side overlap, as the high-passes do in
   * TwoSectionFilter.processPair (the raw scan was a quarter of the detector's time). Same
   * results as scanRaw on each; the channels of one device, fed together, share their group
   * size and position, and any pair that does not is scanned one by one.
   */
  private static scanRawPair(a: EmgConditioner, b: EmgConditioner, inputA: Float32Array, inputB: Float32Array, offset: number, count: number): void {
    if (a.groupSize !== b.groupSize || a.groupCount !== b.groupCount) {
      a.scanRaw(inputA, offset, count);
      b.scanRaw(inputB, offset, count);
      return;
    }
    a.primeOnce(inputA[offset]);
    b.primeOnce(inputB[offset]);
    const groupSize = a.groupSize;
    const meansA = a.groupMeans;
    const meansB = b.groupMeans;
    let groups = 0;
    let groupCount = a.groupCount;
    let sumA = a.groupSum;
    let sumB = b.groupSum;
    let previousA = a.previous;
    let previousB = b.previous;
    let clippedA = 0;
    let clippedB = 0;
    // a module's constant is read from its context slot at every use in optimised code (V8 does
    // not fold it into a loop; esbuild's bundle makes it a `var`), and a tagged local is tested
    // and unboxed at every compare: unary plus gives an untagged number (one conversion a sample)
    const clipMinUv = +CLIP_MIN_UV;
    const end = offset + count;
    for (let start = offset; start < end; ) {
      // a group's samples in a loop of their own: no group counter tested a sample, and no store
      let stop = start + (groupSize - groupCount);
      if (stop > end) stop = end;
      groupCount += stop - start;
      // `| 0`: an int32 index from the start (the outer loop's tagged one was untagged twice a sample)
      for (let i = start | 0; i < stop; i++) {
        const xa = inputA[i];
        const xb = inputB[i];
        // the size first: it is almost never over the bound, so this branch is all but always
        // predicted, where a repeated value (EMG in 0.1 µV steps repeats every few dozen
        // samples) was not: the scan 15 % quicker alone
        if (Math.abs(xa) > clipMinUv && xa === previousA) clippedA++;
        if (Math.abs(xb) > clipMinUv && xb === previousB) clippedB++;
        previousA = xa;
        previousB = xb;
        sumA += xa;
        sumB += xb;
      }
      start = stop;
      if (groupCount === groupSize) {
        meansA[groups] = sumA / groupSize;
        meansB[groups] = sumB / groupSize;
        groups++;
        sumA = 0;
        sumB = 0;
        groupCount = 0;
      }
    }
    a.endScan(groups, sumA, groupCount, previousA, clippedA);
    b.endScan(groups, sumB, groupCount, previousB, clippedB);
  }

  /** After a start or gap, the filters start from the first sample, with no step transient. */
  private primeOnce(x0: number): void {
    if (this.primed) return;
    this.highpassChain.prime(x0);
    this.lowBandHighpass.prime(x0);
    this.lowBandLowpass.prime(0);
    this.primed = true;
  }

  /** A scan's end: the low band of the groups it completed, and where the scan stopped. */
  private endScan(groups: number, groupSum: number, groupCount: number, previous: number, clipped: number): void {
    // the low band at the group rate, after the loop: its filters' chain then does not hold up
    // the per-sample loop
    const groupMeans = this.groupMeans;
    let lowSumSquares = 0;
    if (groups > 0) {
      // Biquad.next of each section, with coefficients and states in locals: next reads each
      // from its field's heap box and writes the states back, a group at a time
      const highpass = this.lowBandHighpass;
      const lowpass = this.lowBandLowpass;
      const { b0: hb0, b1: hb1, b2: hb2, a1: ha1, a2: ha2 } = highpass;
      const { b0: lb0, b1: lb1, b2: lb2, a1: la1, a2: la2 } = lowpass;
      let h1 = highpass.s1, h2 = highpass.s2;
      let l1 = lowpass.s1, l2 = lowpass.s2;
      for (let g = 0; g < groups; g++) {
        const x = groupMeans[g];
        const band = hb0 * x + h1;
        h1 = hb1 * x - ha1 * band + h2;
        h2 = hb2 * x - ha2 * band;
        const low = lb0 * band + l1;
        l1 = lb1 * band - la1 * low + l2;
        l2 = lb2 * band - la2 * low;
        lowSumSquares += low * low;
      }
      highpass.s1 = h1;
      highpass.s2 = h2;
      lowpass.s1 = l1;
      lowpass.s2 = l2;
    }
    this.lowGroups += groups;
    this.groupSum = groupSum;
    this.groupCount = groupCount;
    this.previous = previous;
    this.clipped += clipped;
    this.lowSumSquares += lowSumSquares;
  }

  /** Takes the high-pass's output of the last `count` samples: mains watch, notches, block sums. */
  private takeFiltered(count: number): void {
    const filtered = this.highpass.out;
    let sumSquares = this.highpass.sumSquares;
    this.mains.process(filtered, count, sumSquares);
    let diffSumSquares = this.highpass.diffSumSquares;
    if (this.notch) {
      // rare (a night with hum): the sums are taken again after the notches
      this.notch.processInPlace(filtered, count);
      sumSquares = 0;
      diffSumSquares = 0;
      let previous = this.notchedPrevious;
      for (let i = 0; i < count; i++) {
        const x = filtered[i];
        sumSquares += x * x;
        diffSumSquares += (x - previous) * (x - previous);
        previous = x;
      }
      this.notchedPrevious = previous;
    }
    this.sumSquares += sumSquares;
    this.diffSumSquares += diffSumSquares;
    this.count += count;
  }

  /** Closes the current block, publishing its figures in the fields above. */
  endBlock(): void {
    if (!this.notch && this.mains.decideEarly()) this.notch = new MainsNotch(this.mains.mainsHz, this.fsHz);
    const n = this.count;
    this.samples = n;
    if (n > 0) {
      this.meanSquareUv2 = this.sumSquares / n;
      this.diffMeanSquareUv2 = this.diffSumSquares / n;
      this.lowMeanSquareUv2 = this.lowGroups > 0 ? this.lowSumSquares / this.lowGroups : 0;
      this.clippedShare = this.clipped / n;
    }
    this.sumSquares = 0;
    this.diffSumSquares = 0;
    this.lowSumSquares = 0;
    this.lowGroups = 0;
    this.clipped = 0;
    this.count = 0;
  }

  /** Ends a mains window (~1 s); switches the notches on once the mains frequency is known. */
  endMainsWindow(): void {
    if (this.mains.endWindow()) this.notch = new MainsNotch(this.mains.mainsHz, this.fsHz);
  }

  get notching(): boolean {
    return this.notch !== undefined;
  }

  /** Missing data follows: the filters restart from the next sample, with no step transient. */
  restart(): void {
    this.primed = false;
    this.previous = NaN;
    this.clipped = 0;
    this.groupSum = 0;
    this.groupCount = 0;
    this.lowGroups = 0;
    this.notch?.reset();
    this.mains.restartWindow();
    this.highpass.previous = 0;
    this.notchedPrevious = 0;
    this.sumSquares = 0;
    this.diffSumSquares = 0;
    this.lowSumSquares = 0;
    this.count = 0;
  }
}
