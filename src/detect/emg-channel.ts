// What the detector knows about one EMG channel at each decision block: its spike-free
// envelope (median of the last five 50-ms RMS values), its resting level (a slow, robust
// baseline, frozen while the muscle works) and whether the electrode is in good contact.
import type { Muscle } from '../core/types.ts';
import { EmgConditioner } from '../dsp/emg-conditioner.ts';
import { RELAXED_TONE_UV } from './activity.ts';
import { LogQuantileTracker } from '../dsp/quantile-tracker.ts';
import { median5 } from '../dsp/median5.ts';
import { blocksIn, ENVELOPE_BLOCKS, samplesPerBlock } from './block-clock.ts';
import { RestPowers } from './white-rise.ts';

/**
 * Resting level = the 20th percentile of block RMS, in log units with a step of 0.004 per
 * 50-ms block once settled: it can fall by e in ~16 s (after hum is notched out, a quieter
 * electrode) and rise by e in ~60 s of genuinely higher rest, but not follow a cramp.
 */
const BASELINE_QUANTILE = 0.2;
const BASELINE_STEP = 0.004;
/** Blocks more than this many times the resting level are activity and never teach the baseline. */
const BASELINE_GATE = 3;
/**
 * A block quieter than this after the high-pass is a flat line (lifted or saturated electrode):
 * electrode-skin and amplifier noise alone are ≥ 0.3 µV RMS (Huigen et al. 2002, "Investigation
 * into the origin of the noise of surface electrodes", Med Biol Eng Comput 40:332).
 */
const FLAT_RMS_UV = 0.05;
/**
 * Loose-contact signs in the 0.5–15 Hz band: a wandering or popping electrode puts hundreds of
 * µV there, far more than any EMG above 20 Hz (Clancy et al. 2002). Movement artifacts while
 * turning over do too, briefly: the channel is then "unknown", which is right.
 */
const LOOSE_LOW_UV = 120;
const LOOSE_LOW_RATIO = 3;
/** After a bad block, distrust the channel a little longer (the filters ring, contact flickers). */
const BAD_HANGOVER_BLOCKS = blocksIn(1000);
/** a block with ≥ 10 % of its samples stuck at a large value is clipped: its envelope is untrue */
const CLIPPED_SHARE = 0.1;
/**
 * Hum appeared on the channel (MainsWatch, HUM_JUMP): what the notch leaves of it (clipping's
 * distortion, a loose contact's broadband noise that lets hum in) is a new noise floor, not muscle.
 * The channel is unreadable for a moment and its resting level is then learnt afresh.
 */
const HUM_HANGOVER_BLOCKS = blocksIn(1000);
/**
 * Only activity ≥ 20 dB under the hum that appeared can be what the notch left of it (a barely
 * clipped sine's distortion is a few % of it). Hum that switches on in the middle of a
 * contraction of comparable size is only notched, and the contraction kept.
 */
const HUM_RESIDUE_SHARE = 0.1;
/** the test is made for 2 s after the hum appeared (the first window may have seen its switching edge only) */
const HUM_WATCH_BLOCKS = blocksIn(2000);
/**
 * A channel that showed loose-contact signs (a flat line, low-band junk) within
 * the last 5 minutes is suspect: an electrode that has started to lift comes and goes for long
 * after (Clancy et al. 2002), and between its fits it adds broadband contact noise of tens of µV
 * that no sign flags. The detector asks a suspect channel for more proof (CrampDetector).
 */
const SUSPECT_BLOCKS = blocksIn(5 * 60_000);
/**
 * Loose signs that stop within 1 s are a lone knock (the leg bumped against the other, a cable
 * tugged as the sleeper shifted), not an electrode working loose: that one keeps breaking
 * contact while it hangs loose, popping again within seconds and wandering for seconds (Clancy
 * et al. 2002). Loose-sign blocks less than LOOSE_FIT_GAP_BLOCKS apart are one fit; a fit that
 * spans more than LONE_KNOCK_BLOCKS is an electrode working loose, and the channel is taken for
 * one while it stays suspect.
 */
const LONE_KNOCK_BLOCKS = blocksIn(1000);
const LOOSE_FIT_GAP_BLOCKS = blocksIn(10_000);
/**
 * A resting level this high is an electrode's floor, not a sleeping muscle (activity.ts): a dry
 * or textile contact, whose impedance, and so its floor, shifts when the leg is turned over and
 * the patch pressed differently (Chi, Jung & Cauwenberghs 2010, IEEE Rev Biomed Eng 3:106). Gel
 * contacts (a floor of a few µV) stay where they were.
 */
const CONTACT_FLOOR_UV = 8;
/**
 * A resting level above a relaxed muscle's tone (RELAXED_TONE_UV, activity.ts) is only taken for
 * a contact's floor once it was seen on a still body: a stretch of 3 s with the leg not moving
 * and not on its feet (the accelerometer's word, where one is worn), over which the channel's envelope stayed within
 * STILL_SWING of itself. An electrode's floor is steady noise (a median of five 50-ms RMS values
 * varies by ~10 %); a working muscle is not: walking swings 4–50× within every stride (Winter
 * 1991), a burst rises many-fold, and standing keeps the calf at postural work. A resting level
 * learnt where no such stretch was seen (walking from the first second) may be the muscle's own
 * work, and is judged as a gelled electrode's is, many times over.
 */
const STILL_BLOCKS = blocksIn(3000);
const STILL_SWING = 2;
/**
 * The resting level counts as the still body's floor while it is no higher than this many times
 * the envelope the last still stretch held (the rest, a 20th percentile of block RMS, sits under
 * that envelope; the margin lets the floor wander up between still stretches).
 */
const STILL_FLOOR_MARGIN = 1.25;

export class EmgChannel {
  readonly conditioner: EmgConditioner;
  private readonly baseline = new LogQuantileTracker(BASELINE_QUANTILE, BASELINE_STEP);
  /** the rest's power and its first difference's, learnt with the resting level (white-rise.ts) */
  private readonly restPowers: RestPowers;
  private readonly ring = new Float64Array(ENVELOPE_BLOCKS);
  private ringCount = 0;
  private ringIndex = 0;
  private badBlocks = 0;
  /** hum appeared: the baseline starts afresh at the next readable block (see HUM_HANGOVER_BLOCKS) */
  private relearn = false;
  private blocksSinceLoose = Infinity;
  /** blocks since the current (or last) fit of loose signs began, and whether a fit was more than a knock (LONE_KNOCK_BLOCKS) */
  private fitSpanBlocks = 0;
  private looseRepeated = false;
  private humWatchBlocks = 0;
  /** the current run of still blocks (see STILL_BLOCKS): its length and its envelope's range, µV */
  private stillBlocks = 0;
  private stillMinUv = Infinity;
  private stillMaxUv = 0;
  /** the highest envelope of the last still stretch, µV; NaN when none was seen since the resting level was last learnt afresh */
  private stillLevelUv = NaN;

  /** RMS of the last block, µV (after high-pass and notches) */
  rmsUv = 0;
  /** the last block rose clearly over the rest: its first difference's added power over its added power; NaN otherwise (white-rise.ts) */
  addedDiffRatio = NaN;
  /** median of the last five block RMS values, µV (spikes removed); lags by two blocks */
  levelUv = 0;
  /** RMS over the last five blocks, µV: the envelope whose peak is reported */
  envelopeUv = 0;
  /** the last block had good electrode contact and a settled filter */
  ok = false;
  /** hum appeared on the channel in the last block, and the channel's activity rose with it (see HUM_RESIDUE_SHARE) */
  humAppeared = false;
  /**
   * A mains line is in the envelope, not yet notched (MainsWatch.lineUndecided): hum that
   * switched on before the night's mains frequency was known passes until it is decided, one or
   * two windows later, and until then lifts the envelope like a contraction.
   */
  humUnnotched = false;
  /** the notches came on in the last block: what the envelope held before included the hum */
  notchStarted = false;
  private notched = false;

  /**
   * Unreadable only while its envelope refills after missing data (restart): no loose sign,
   * clipping or hum behind it. A lost frame says nothing about the contact.
   */
  get refilling(): boolean {
    return this.badBlocks === 0 && this.ringCount < ENVELOPE_BLOCKS;
  }

  /** loose-contact signs within the last 5 minutes (see SUSPECT_BLOCKS) */
  get suspect(): boolean {
    return this.blocksSinceLoose < SUSPECT_BLOCKS;
  }

  /** suspect from more than a lone knock: an electrode working loose (LONE_KNOCK_BLOCKS) */
  get looseLately(): boolean {
    return this.suspect && this.looseRepeated;
  }

  constructor(readonly muscle: Muscle, fsHz: number) {
    this.conditioner = new EmgConditioner(fsHz, samplesPerBlock(fsHz));
    this.restPowers = new RestPowers(fsHz);
  }

  /**
   * The resting level, µV; NaN until learnt. A field set as each block ends (where alone the
   * baseline learns), not a getter: read ~10 times a block, whose callers were past V8's inlining
   * budget (a call each time).
   */
  restUv = NaN;

  /**
   * The resting level when it is a contact's floor seen on a still body (above RELAXED_TONE_UV,
   * and no higher than a still stretch showed, see STILL_BLOCKS), µV; 0 otherwise: a gel
   * contact's floor of a few µV, or a higher resting level that may be the muscle's own work. The activity rules
   * measure the muscle's EMG above it (activity.ts). Set as each block ends, like restUv.
   */
  floorUv = 0;

  /** restUv and floorUv from the baseline and the still stretches, once they have changed at the block's end */
  private publishRest(): void {
    const rest = this.baseline.ready ? this.baseline.value : NaN;
    this.restUv = rest;
    this.floorUv = rest > RELAXED_TONE_UV && rest <= STILL_FLOOR_MARGIN * this.stillLevelUv ? rest : 0;
  }

  get baselineSettled(): boolean {
    return this.baseline.settled;
  }

  /**
   * Reads the conditioner's finished block; `learn` lets the baseline adapt if the block is calm;
   * `mayRelearn` (no cramp open) lets it start afresh after hum appeared; `bodyStill`: the leg is
   * not moving and not on its feet (see STILL_BLOCKS).
   */
  endBlock(learn: boolean, mayRelearn = learn, bodyStill = false): void {
    const c = this.conditioner;
    c.endBlock();
    const meanSquare = c.meanSquareUv2;
    this.rmsUv = Math.sqrt(meanSquare);
    this.ring[this.ringIndex] = meanSquare;
    this.ringIndex = (this.ringIndex + 1) % ENVELOPE_BLOCKS;
    if (this.ringCount < ENVELOPE_BLOCKS) this.ringCount++;
    const r = this.ring;
    if (this.ringCount === ENVELOPE_BLOCKS) {
      this.levelUv = Math.sqrt(median5(r[0], r[1], r[2], r[3], r[4]));
      this.envelopeUv = Math.sqrt((r[0] + r[1] + r[2] + r[3] + r[4]) / 5);
    } else {
      this.levelUv = this.rmsUv;
      this.envelopeUv = this.rmsUv;
    }

    const lowUv = Math.sqrt(c.lowMeanSquareUv2);
    const looseSigns = this.rmsUv < FLAT_RMS_UV || (lowUv > LOOSE_LOW_UV && lowUv > LOOSE_LOW_RATIO * this.rmsUv);
    const bad = looseSigns || c.clippedShare >= CLIPPED_SHARE;
    if (bad) this.badBlocks = BAD_HANGOVER_BLOCKS;
    else if (this.badBlocks > 0) this.badBlocks--;
    if (c.mains.takeHumAppeared()) {
      this.badBlocks = Math.max(this.badBlocks, HUM_HANGOVER_BLOCKS);
      this.humWatchBlocks = HUM_WATCH_BLOCKS;
    }
    this.humAppeared = this.humWatchBlocks > 0 && this.levelUv * this.levelUv < HUM_RESIDUE_SHARE * HUM_RESIDUE_SHARE * c.mains.lineMeanSquare;
    if (this.humAppeared) {
      this.relearn = true;
      this.humWatchBlocks = 0;
    } else if (this.humWatchBlocks > 0) this.humWatchBlocks--;
    // clipping alone is interference (strong hum), not a lifting contact
    if (looseSigns) this.noteLooseFit();
    this.blocksSinceLoose = looseSigns ? 0 : this.blocksSinceLoose + 1;
    this.ok = this.badBlocks === 0 && this.ringCount === ENVELOPE_BLOCKS;
    this.humUnnotched = c.mains.lineUndecided;
    this.notchStarted = c.notching && !this.notched;
    this.notched = c.notching;

    if (this.relearn && this.ok && mayRelearn) {
      this.relearn = false;
      // what was learnt no longer holds: start afresh from this block, warming up again
      this.baseline.reset();
      this.baseline.update(this.rmsUv);
      this.restPowers.reset();
      this.restPowers.learn(meanSquare, c.diffMeanSquareUv2);
      // and whether it is a still body's floor must be seen afresh too
      this.stillLevelUv = NaN;
      this.stillBlocks = 0;
    } else if (learn && this.ok) {
      const rest = this.baseline.ready ? this.baseline.value : Infinity;
      if (!this.baseline.settled || this.rmsUv < BASELINE_GATE * rest) {
        this.baseline.update(this.rmsUv);
        this.restPowers.learn(meanSquare, c.diffMeanSquareUv2);
      }
    }
    this.addedDiffRatio = this.restPowers.addedDiffRatio(meanSquare, c.diffMeanSquareUv2, this.levelUv);
    this.noteStillness(bodyStill);
    this.publishRest();
  }

  /** A block with loose signs: a new fit, or more of the current one (LONE_KNOCK_BLOCKS). */
  private noteLooseFit(): void {
    if (this.blocksSinceLoose > LOOSE_FIT_GAP_BLOCKS) {
      // a new fit; an electrode seen working loose stays so while the channel is suspect
      if (this.blocksSinceLoose >= SUSPECT_BLOCKS) this.looseRepeated = false;
      this.fitSpanBlocks = 0;
    } else this.fitSpanBlocks += Math.min(this.blocksSinceLoose, LOOSE_FIT_GAP_BLOCKS) + 1;
    if (this.fitSpanBlocks > LONE_KNOCK_BLOCKS) this.looseRepeated = true;
  }

  /** Extends or breaks the run of still blocks; a run long enough is a still stretch (STILL_BLOCKS). */
  private noteStillness(bodyStill: boolean): void {
    if (!bodyStill || !this.ok) {
      this.stillBlocks = 0;
      return;
    }
    const level = this.levelUv;
    if (this.stillBlocks > 0 && Math.max(this.stillMaxUv, level) <= STILL_SWING * Math.min(this.stillMinUv, level)) {
      this.stillMinUv = Math.min(this.stillMinUv, level);
      this.stillMaxUv = Math.max(this.stillMaxUv, level);
    } else {
      // the envelope left the range (a burst, a stride): a new run starts here
      this.stillBlocks = 0;
      this.stillMinUv = level;
      this.stillMaxUv = level;
    }
    this.stillBlocks++;
    if (this.stillBlocks >= STILL_BLOCKS) this.stillLevelUv = this.stillMaxUv;
  }

  /**
   * The leg took a new posture: a dry contact's floor may have moved with it, so its resting
   * level is learnt afresh once no cramp is open (as after hum appeared).
   */
  postureChanged(): void {
    if (this.baseline.ready && this.baseline.value >= CONTACT_FLOOR_UV) this.relearn = true;
  }

  /** Missing data follows: filters and the envelope restart; the baseline is kept. */
  restart(): void {
    this.conditioner.restart();
    this.ringCount = 0;
    this.ringIndex = 0;
    this.ok = false;
    this.humAppeared = false;
    this.humWatchBlocks = 0;
  }
}
