// The leg stirring: motion too slight for BodyState's moving test, which asks a single 50-ms block
// for 30 mg and three times the resting level, and so passes over a slow, gentle movement. A
// stretch in bed is such a movement: pointing the toes on purpose straightens and turns the whole
// leg a little with the foot, a few mg to tens of mg at the shank. A cramp is one muscle's
// involuntary contraction in a leg lying still: it pulls the foot down, but the shank, lying on
// the bed, stays still until the pain wakes the sleeper (muscle-groups/calf.ts). Averaged over a
// second, the shank's motion (|a − g|, accel-tracker.ts) has little spread in a still leg (the
// mean of some fifty samples of sensor noise), so a gentle movement shows as a rise over the
// leg's own resting level long before it reaches the moving test.
import { LogQuantileTracker } from '../dsp/quantile-tracker.ts';

/** blocks averaged: one second of 50-ms blocks */
const WINDOW_BLOCKS = 20;
/**
 * The second's mean motion this many times the leg's resting second stirs it. Sensor noise alone
 * spreads a still leg's seconds by under a tenth around their median; through the first seconds of
 * the dev nights' cramps the busiest second was at most 1.4 times the seconds before it, while a
 * stretch too gentle for the moving test doubled them (dry 710918, full night 710908).
 */
const STIR_RATIO = 1.6;
/** ... and at least this much over it, mg: a few times an accelerometer's 1-mg step, over a second's average */
const STIR_MIN_RISE_MG = 3;
/**
 * Blocks (5 s) after the moving test last saw the leg move before a stir is judged: the gravity
 * estimate (a 1.5-s low-pass, accel-tracker.ts) still holds the movement for seconds after it, and
 * more so after a turn, so |a − g| is raised in a leg that has come to rest.
 */
const SETTLE_BLOCKS = 100;
/** the resting second: the median of seconds, tracked slowly enough that a stretch of a few seconds barely lifts it */
const REST_QUANTILE = 0.5;
const REST_STEP = 0.002;

export class StirWatch {
  private readonly window = new Float64Array(WINDOW_BLOCKS);
  private next = 0;
  private filled = 0;
  private sum = 0;
  private readonly rest = new LogQuantileTracker(REST_QUANTILE, REST_STEP);
  /** blocks since the moving test last saw the leg move */
  private stillBlocks = 0;
  /** the last second's mean motion was over STIR_RATIO times the resting second's */
  stirring = false;

  /** One block's motion (mean |a − g|, mg; NaN when no sample fell in it), and whether the moving test saw it. */
  step(motionMg: number, moving: boolean): boolean {
    if (motionMg !== motionMg) return this.stirring;
    this.sum += motionMg - this.window[this.next];
    this.window[this.next] = motionMg;
    this.next = (this.next + 1) % WINDOW_BLOCKS;
    if (this.filled < WINDOW_BLOCKS) this.filled++;
    if (this.filled < WINDOW_BLOCKS) return this.stirring;
    this.stillBlocks = moving ? 0 : this.stillBlocks + 1;
    // a movement the moving test saw, and the seconds the gravity estimate takes to settle after
    // it, are not the leg at rest
    if (this.stillBlocks < SETTLE_BLOCKS) {
      this.stirring = false;
      return false;
    }
    const secondMg = this.sum / WINDOW_BLOCKS;
    const restMg = this.rest.value;
    this.stirring = this.rest.settled && secondMg > Math.max(STIR_RATIO * restMg, restMg + STIR_MIN_RISE_MG);
    // a slight movement is learnt too, slowly: a leg that stays a little busier (a vibrating bed) is soon its new rest
    this.rest.update(secondMg);
    return this.stirring;
  }

  /** after missing data the second starts afresh; the resting level stands */
  restart(): void {
    this.window.fill(0);
    this.next = 0;
    this.filled = 0;
    this.sum = 0;
    this.stillBlocks = 0;
    this.stirring = false;
  }
}
