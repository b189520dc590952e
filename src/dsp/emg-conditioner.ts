// One EMG channel's conditioning, a block at a time: high-pass (motion artifacts, electrode
// drift and most of the heartbeat's ECG lie below ~20 Hz; SENIAM and De Luca et al. 2010,
// "Filtering the surface EMG signal", J Biomech 43:1573, recommend a 20 Hz corner), mains
// notches once hum is found, and per-block figures for the detector: mean square of the clean
// signal and of the low band (0.5–15 Hz, where a loose electrode's wander and junk live). A
// lifted or saturated electrode reads a constant: its clean signal is then ~0, below any real
// amplifier's noise floor.
import { Biquad } from './biquad.ts';
import { FilterChain } from './filter-chain.ts';
import { MainsNotch } from './mains-notch.ts';
import { MainsWatch } from './mains-watch.ts';

const HIGHPASS_HZ = 20;
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
  private readonly highpass: FilterChain;
  private readonly lowBandHighpass: Biquad;
  private readonly lowBandLowpass: Biquad;
  readonly mains: MainsWatch;
  private notch: MainsNotch | undefined;
  private readonly scratch: Float32Array;
  private primed = false;
  private readonly groupSize: number;
  private groupSum = 0;
  private groupCount = 0;
  private lowGroups = 0;
  private previous = NaN;
  private clipped = 0;
  /** share of the last block's samples stuck at a large value (amplifier clipping) */
  clippedShare = 0;

  // running block sums
  private sumSquares = 0;
  private lowSumSquares = 0;
  private count = 0;

  // the last finished block
  meanSquareUv2 = 0;
  lowMeanSquareUv2 = 0;
  samples = 0;

  constructor(readonly fsHz: number, maxChunk = 4096) {
    this.highpass = FilterChain.butterworthHighpass(HIGHPASS_ORDER, HIGHPASS_HZ, fsHz);
    this.groupSize = Math.max(1, Math.round(fsHz / LOW_BAND_RATE_HZ));
    const lowRateHz = fsHz / this.groupSize;
    this.lowBandHighpass = new Biquad('highpass', LOW_BAND_HZ[0], lowRateHz);
    this.lowBandLowpass = new Biquad('lowpass', LOW_BAND_HZ[1], lowRateHz);
    this.mains = new MainsWatch(fsHz);
    this.scratch = new Float32Array(maxChunk);
  }

  /** Feeds `count` samples of `input` from `offset`; all belong to the current block. */
  process(input: Float32Array, offset: number, count: number): void {
    if (count <= 0) return;
    const scratch = this.scratch;
    if (!this.primed) {
      const x0 = input[offset];
      this.highpass.prime(x0);
      this.lowBandHighpass.prime(x0);
      this.lowBandLowpass.prime(0);
      this.primed = true;
    }
    let lowSumSquares = 0;
    const groupSize = this.groupSize;
    let groupSum = this.groupSum;
    let groupCount = this.groupCount;
    let previous = this.previous;
    let clipped = 0;
    for (let i = 0; i < count; i++) {
      const x = input[offset + i];
      scratch[i] = x;
      if (x === previous && (x > CLIP_MIN_UV || x < -CLIP_MIN_UV)) clipped++;
      previous = x;
      groupSum += x;
      if (++groupCount === groupSize) {
        const low = this.lowBandLowpass.next(this.lowBandHighpass.next(groupSum / groupSize));
        lowSumSquares += low * low;
        this.lowGroups++;
        groupSum = 0;
        groupCount = 0;
      }
    }
    this.groupSum = groupSum;
    this.groupCount = groupCount;
    this.previous = previous;
    this.clipped += clipped;
    this.highpass.processInPlace(scratch, count);
    this.mains.process(scratch, count);
    if (this.notch) this.notch.processInPlace(scratch, count);
    let sumSquares = 0;
    for (let i = 0; i < count; i++) sumSquares += scratch[i] * scratch[i];
    this.sumSquares += sumSquares;
    this.lowSumSquares += lowSumSquares;
    this.count += count;
  }

  /** Closes the current block, publishing its figures in the fields above. */
  endBlock(): void {
    if (!this.notch && this.mains.decideEarly()) this.notch = new MainsNotch(this.mains.mainsHz, this.fsHz);
    const n = this.count;
    this.samples = n;
    if (n > 0) {
      this.meanSquareUv2 = this.sumSquares / n;
      this.lowMeanSquareUv2 = this.lowGroups > 0 ? this.lowSumSquares / this.lowGroups : 0;
      this.clippedShare = this.clipped / n;
    }
    this.sumSquares = 0;
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
    this.sumSquares = 0;
    this.lowSumSquares = 0;
    this.count = 0;
  }
}
