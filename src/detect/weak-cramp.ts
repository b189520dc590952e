// A weak cramp over a dry or textile electrode's floor (EmgChannel.floorUv): 40 µV RMS at its
// peak, less once a poor contact has cut the gain, is only 1.5–3× a floor of 10–25 µV, and it
// waxes and wanes under the "active" level (24 µV of muscle EMG, activity.ts) much of the time.
// What still tells it from the floor is how it behaves, not how high it is:
// - it is held: a cramp stays on for seconds to minutes with brief dips (Miller & Layzer 2005,
//   Muscle Nerve 32:431), so the muscle's own EMG stays clear of quiet nearly all the time
//   (WEAK_SHARE) and on average well above what quiet allows (WEAK_MEAN_EMG_UV);
// - it is sudden: a cramp's discharge rises in well under a second (Minetto et al. 2013, Exerc
//   Sport Sci Rev 41:3), while a contact whose impedance drifts (sweat, pressure, a loosening
//   patch) lifts its floor over minutes (Searle & Kirkup 2000, Physiol Meas 21:271). The
//   envelope must have gone from quiet to active within WEAK_RISE_MS;
// - it is a fresh event: within a minute of a cramp of the same group, a weak contraction is that
//   cramp's tail (the muscle stays irritable and twitches after a cramp), not a new one: it
//   would split one cramp in two. What counts is when the weak contraction rose, however long
//   it then goes on. Held, though, within the minute after a cramp that ended over a floor, it
//   is that cramp gripping again after a trough its end could not see through, and resumes its
//   episode (CrampDetector.mayBeWeakReturn); no suddenness is asked of it, it waxed back.
// - a long weak cramp may wax deeply (a drive halved every few seconds, Miller & Layzer 2005):
//   over a 40 µV cramp on a 15–25 µV floor its troughs fall back to quiet for a third of the
//   time, so no 5-s hold is clear of quiet WEAK_SHARE of the time. Held, still clear of quiet
//   most of the time (WEAK_LONG_SHARE) and never quiet for a second, for WEAK_LONG_HOLD_MS since
//   a sudden rise in a still leg, it is the same cramp: a contact's floor that the sleeper's
//   turn shifted jumps with the motion (layers/contact.ts), and drift is slow (above). Over that
//   hold the muscle must be, on average, what "active" asks over a floor (1.6× it, activity.ts):
//   a floor that wanders up by a third (its minutes-long wander is 15–35 %, Searle & Kirkup
//   2000) sits clear of quiet as long, and crosses "active" by its own noise, so its rise can
//   look sudden; it adds only about its own size in "EMG" (WEAK_LONG_OVER_FLOOR).
// - a weak cramp whose own EMG averages what "active" asks of a muscle (24 µV over the floor:
//   6× a relaxed muscle's 4 µV tone, activity.ts) is as hard a contraction as a cramp over a gelled
//   contact; only the floor's share of the envelope keeps its troughs under "active". Risen
//   suddenly in a still leg and held clear of quiet, it needs no longer hold than a still cramp
//   (the group's confirmStillMs): a floor that stepped or crept adds only about its own size in
//   "EMG" (10–25 µV at 1.35×, above), and does not rise to it within WEAK_RISE_MS.
// The channel must vouch for its floor all through (a floor seen on a still body), be readable all
// through, and not be working loose: a lifting electrode adds broadband noise of tens of µV
// between its fits, the same size as a weak cramp (EmgChannel.looseLately; a lone knock minutes
// before, which also leaves the channel "suspect", says nothing about the contact now). That
// noise is white, though, and a muscle's power is not (white-rise.ts): on a lead working loose, a
// candidate held through whose added power was tested through and is not white is the muscle,
// and is judged like any other (CrampDetector.heldThroughCandidate). The long hold since a rise
// still asks a lead not working loose: its troughs fall back to quiet, where nothing is tested.
import { FLOOR_ACTIVE_EMG_UV, FLOOR_ACTIVE_RATIO, isQuiet, muscleEmgUv } from './activity.ts';

/** judged no sooner than this after the first active block: long enough to see it held */
export const WEAK_CONFIRM_MS = 5000;
/** share of blocks the muscle is clear of quiet over its floor */
const WEAK_SHARE = 0.9;
/** its own EMG over the floor, mean over the candidate, µV: above quiet's 12 µV (activity.ts) by a third */
export const WEAK_MEAN_EMG_UV = 16;
/** a deeply waxing weak cramp is judged over this long a hold since its rise */
export const WEAK_LONG_HOLD_MS = 20_000;
/** its own EMG over that hold, mean, over the floor's mean: the envelope "active" over the floor (1.6×: √(1.6² − 1) ≈ 1.25) */
const WEAK_LONG_OVER_FLOOR = Math.sqrt(FLOOR_ACTIVE_RATIO * FLOOR_ACTIVE_RATIO - 1);
/** share of blocks clear of quiet over that hold: waxing by half, a 40 µV cramp's troughs are quiet on a floor of 20 µV a third of the time */
const WEAK_LONG_SHARE = 0.6;
/** from quiet to active within this (a cramp's rise, plus the envelope's median lag) */
export const WEAK_RISE_MS = 1500;
/** after a cramp of the group closed, a weak contraction is its tail for this long */
export const WEAK_AFTER_CRAMP_MS = 60_000;

/** Per channel, over one candidate: blocks clear of quiet over a vouched floor, and the EMG above it. */
export class WeakCrampTally {
  private readonly clearBlocks: Float64Array;
  /** quiet blocks of a trough the pulse window bridges so far, counted clear when it ends */
  private readonly troughBlocks: Float64Array;
  private readonly emgSum: Float64Array;
  private readonly floorSum: Float64Array;
  /** the channel did not vouch for a floor at some readable block */
  private readonly unvouched: Uint8Array;

  constructor(channels: number) {
    this.clearBlocks = new Float64Array(channels);
    this.troughBlocks = new Float64Array(channels);
    this.emgSum = new Float64Array(channels);
    this.floorSum = new Float64Array(channels);
    this.unvouched = new Uint8Array(channels);
  }

  reset(): void {
    this.clearBlocks.fill(0);
    this.troughBlocks.fill(0);
    this.emgSum.fill(0);
    this.floorSum.fill(0);
    this.unvouched.fill(0);
  }

  /**
   * one readable block of channel c; `pulseHeld`: the channel was held over its floor through the
   * pulse window (pulse-power.ts). A quiet trough it bridges counts as clear once the muscle is
   * back above quiet: a pulsing cramp's trough ends, the end of a contraction does not.
   */
  add(c: number, levelUv: number, restUv: number, floorUv: number, pulseHeld = false): void {
    if (!(floorUv > 0)) {
      this.unvouched[c] = 1;
      return;
    }
    if (!isQuiet(levelUv, restUv, floorUv)) {
      this.clearBlocks[c] += 1 + this.troughBlocks[c];
      this.troughBlocks[c] = 0;
    } else this.troughBlocks[c] = pulseHeld ? this.troughBlocks[c] + 1 : 0;
    this.emgSum[c] += muscleEmgUv(levelUv, floorUv);
    this.floorSum[c] += floorUv;
  }

  /** channel c held like a weak cramp over its floor through `knownBlocks` readable blocks */
  held(c: number, knownBlocks: number): boolean {
    return this.heldFor(c, knownBlocks, WEAK_SHARE);
  }

  /** channel c held like a weak cramp whose own EMG averages "active" (FLOOR_ACTIVE_EMG_UV): judged at a still cramp's hold */
  heldHard(c: number, knownBlocks: number): boolean {
    return this.held(c, knownBlocks) && this.emgSum[c] >= FLOOR_ACTIVE_EMG_UV * knownBlocks;
  }

  /** channel c held like a deeply waxing weak cramp through `knownBlocks` readable blocks of a long hold (WEAK_LONG_HOLD_MS) */
  heldLong(c: number, knownBlocks: number): boolean {
    return this.heldFor(c, knownBlocks, WEAK_LONG_SHARE) && this.emgSum[c] >= WEAK_LONG_OVER_FLOOR * this.floorSum[c];
  }

  private heldFor(c: number, knownBlocks: number, share: number): boolean {
    if (this.unvouched[c] || knownBlocks === 0) return false;
    return this.clearBlocks[c] >= share * knownBlocks && this.emgSum[c] >= WEAK_MEAN_EMG_UV * knownBlocks;
  }
}
