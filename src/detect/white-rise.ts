// Whether a rise of a channel's power is the muscle or its contact, told by the shape of the
// power the rise added. A lead coming loose raises and unbalances the electrode–skin impedance:
// its thermal noise and the amplifier's current noise through it are broadband, flat up to the
// ADC's anti-alias corner near Nyquist, and the imbalance lets mains in (Huigen et al. 2002, Med
// Biol Eng Comput 40:332; Clancy et al. 2002, J Electromyogr Kinesiol 12:1). A muscle's surface
// EMG is shaped by its motor-unit action potentials and the tissue: most of its power lies at
// 20–250 Hz, its median frequency at 60–120 Hz (Stulen & De Luca 1981, IEEE Trans Biomed Eng
// 28:515). The first difference x[n] − x[n−1] weighs a component at f by 4·sin²(πf/fs): white
// noise comes out with twice its power (RMS ×√2), EMG at 1 kHz with a third to three quarters of
// it, at 2 kHz with a tenth to a fifth. So the rise's added power, and the added power of its
// first difference, say which it is: a rise whose added power is white is the contact, however
// much it looks like a weak cramp in size and suddenness; the muscle never adds white power.
// Where EMG is sampled slowly the EMG band fills the whole spectrum and no room is left above it
// (PROTOCOL §10.5 allows 200 Hz): the test stands aside and the rise is judged as before.
import { blocksIn } from './block-clock.ts';

/**
 * The test needs this rate at least. At 1 kHz, EMG whose spectrum reaches 195 Hz (the fastest a
 * lean subject's calf shows) adds 0.75 of its power in the first difference, and one reaching
 * 250 Hz about 1.1; at 600 Hz the same EMG adds 1.6–2.0, as much as white noise: no margin.
 */
export const WHITE_TEST_MIN_FS_HZ = 1000;
/**
 * Added power counts as white when its first difference adds at least this many times it: white
 * noise adds 2.0–2.2 after the 20 Hz high-pass, 1.7–1.8 through a 4th-order anti-alias filter at
 * 0.45·fs; EMG at 1 kHz 0.15–1.1 (above). 1.4 leaves a quarter or more on either side.
 */
const WHITE_DIFF_RATIO = 1.4;
/**
 * A block votes when it rose clearly: its added power at least half the rest's own (1.22× the
 * rest's RMS). A 50-ms block of the rest's noise varies in power by 20–30 % (σ ≈ √(2/N) for N
 * independent samples): under that, what a block adds is within the rest's own spread, and its
 * shape is noise's. A rise is white when at least half the blocks that voted found its added power white: a
 * median, not a sum, since a loosening lead also pops (steps through the high-pass, whose power
 * lies low) in a few blocks, each with tens of times the power of the rest of the rise.
 */
const WHITE_VOTE_SHARE = 0.5;
const CLEAR_RISE_SHARE = 0.5;
/**
 * A held rise counts as tested through when at least this share of its blocks voted: then the
 * median vote speaks for the rise, not for a few blocks that stood out of it (a pop's tail, a burst)
 */
const TESTED_SHARE = 0.5;
/**
 * A block with more than this many times the power of the spike-free envelope (the median of five
 * blocks, emg-channel.ts) is a transient the envelope set aside (a pop, a twitch), not the held
 * rise: it does not vote either way.
 */
const SPIKE_POWER_RATIO = 4;
/**
 * The rest's powers are means over calm blocks, a slow running mean: a contact's floor wanders
 * over minutes (Searle & Kirkup 2000, Physiol Meas 21:271); 20 s keeps up with it and with the
 * resting level (emg-channel.ts), while a 50-ms block's noise averages out.
 */
const REST_MEAN_BLOCKS = blocksIn(20_000);

/** One channel's rest: the mean square of its clean signal and of that signal's first difference over calm blocks, µV². */
export class RestPowers {
  private readonly tested: boolean;
  private meanSquareUv2 = NaN;
  private diffMeanSquareUv2 = NaN;
  private blocks = 0;

  constructor(fsHz: number) {
    this.tested = fsHz >= WHITE_TEST_MIN_FS_HZ;
  }

  /** a calm block (one the resting level learns from) */
  learn(meanSquareUv2: number, diffMeanSquareUv2: number): void {
    if (!this.tested) return;
    // a plain mean over the first blocks, then a running mean over REST_MEAN_BLOCKS
    if (this.blocks < REST_MEAN_BLOCKS) this.blocks++;
    const weight = 1 / this.blocks;
    if (this.blocks === 1) {
      this.meanSquareUv2 = meanSquareUv2;
      this.diffMeanSquareUv2 = diffMeanSquareUv2;
      return;
    }
    this.meanSquareUv2 += weight * (meanSquareUv2 - this.meanSquareUv2);
    this.diffMeanSquareUv2 += weight * (diffMeanSquareUv2 - this.diffMeanSquareUv2);
  }

  /** what was learnt no longer holds (the resting level starts afresh) */
  reset(): void {
    this.meanSquareUv2 = NaN;
    this.diffMeanSquareUv2 = NaN;
    this.blocks = 0;
  }

  /**
   * A block that rose clearly over the rest: its first difference's added power over its added
   * power (2 for white noise, well under 1.4 for EMG; WHITE_DIFF_RATIO). NaN where the block did not
   * rise clearly, is a spike (SPIKE_POWER_RATIO over the envelope `levelUv`), the test stands
   * aside, or nothing was learnt.
   */
  addedDiffRatio(meanSquareUv2: number, diffMeanSquareUv2: number, levelUv: number): number {
    const added = meanSquareUv2 - this.meanSquareUv2;
    if (!(added >= CLEAR_RISE_SHARE * this.meanSquareUv2) || meanSquareUv2 > SPIKE_POWER_RATIO * levelUv * levelUv) return NaN;
    return (diffMeanSquareUv2 - this.diffMeanSquareUv2) / added;
  }
}

/** A block's vote (RestPowers.addedDiffRatio, not NaN): its added power is white. */
export function votesWhite(addedDiffRatio: number): boolean {
  return addedDiffRatio >= WHITE_DIFF_RATIO;
}

/** Per channel, over one candidate (or one rise): the blocks that rose clearly, and those of them whose added power was white. */
export class WhiteRiseTally {
  private readonly votes: Float64Array;
  private readonly whiteVotes: Float64Array;

  constructor(channels: number) {
    this.votes = new Float64Array(channels);
    this.whiteVotes = new Float64Array(channels);
  }

  reset(): void {
    this.votes.fill(0);
    this.whiteVotes.fill(0);
  }

  /** one readable block of channel c: its RestPowers.addedDiffRatio (NaN: no vote) */
  add(c: number, addedDiffRatio: number): void {
    if (addedDiffRatio !== addedDiffRatio) return;
    this.votes[c]++;
    if (votesWhite(addedDiffRatio)) this.whiteVotes[c]++;
  }

  /** channel c rose clearly, and what it added is not white */
  testedNotWhite(c: number): boolean {
    return this.votes[c] > 0 && !this.white(c);
  }

  /**
   * channel c rose clearly in at least TESTED_SHARE of `knownBlocks` (the candidate's readable
   * blocks), and what it added is not white: the held rise itself was tested, not a few blocks of it
   */
  testedThroughNotWhite(c: number, knownBlocks: number): boolean {
    return this.votes[c] >= TESTED_SHARE * knownBlocks && !this.white(c);
  }

  /** channel c rose, and what it added is white: the contact, not the muscle */
  white(c: number): boolean {
    return this.votes[c] > 0 && this.whiteVotes[c] >= WHITE_VOTE_SHARE * this.votes[c];
  }
}
