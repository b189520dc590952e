// A weak cramp's rise must start from its contact's floor. A dry or textile contact's floor is
// noise that wanders with pressure and moisture (Searle & Kirkup 2000, Physiol Meas 21:271); where
// it creeps up (by half in tens of seconds), the resting level, a 20th percentile that may rise by
// e only in about a minute so as not to follow a cramp (EmgChannel), falls behind it. The envelope
// then hovers at the quiet ceiling (1.35× the stale floor, activity.ts), and its own noise carries
// it from "quiet" to "active" in a moment: a "sudden rise" that is only the floor's creep, held
// "clear of quiet" for as long as the creep goes on, which is what the weak-cramp rule looks for
// (weak-cramp.ts).
// What tells the two apart is where the envelope sat before the rise. On a floor the resting level
// keeps up with, a median of five 50-ms RMS values of band-limited noise sits 1.1–1.2× its 20th
// percentile (activity.ts; 1.09–1.17 before the weak cramps of dev seeds 710340–710379): well inside the quiet band, and a cramp rises from there. Ahead of a
// stale resting level the envelope sat at the top of the quiet band already, for seconds, before
// anything rose. The weak rule does not judge a rise from a floor that ran ahead of its resting
// level: it has no floor to measure a weak cramp against. A strong cramp is still judged by the
// ordinary rules (active over the floor). Over a low floor (under ~13 µV) the quiet band is the
// muscle's own 12 µV over it, far above any lag of the floor, and this never applies.
import { quietCeilingUv } from './activity.ts';
import type { OnsetHistory } from './onset-history.ts';

/** the envelope's mean over this long before a rise is where the rise started from */
const BEFORE_RISE_MS = 5000;
/**
 * Ahead of its floor: the mean envelope before the rise at or above this share of the quiet
 * ceiling; over a floor of 13.4 µV or more (quiet under 1.35× it), at or above 1.2× the floor:
 * the most a steady floor's own envelope sits over its resting level (activity.ts)
 */
const AHEAD_OF_QUIET_SHARE = 1.2 / 1.35;

/** The channel's envelope, mean over BEFORE_RISE_MS before a rise (µV), sat ahead of the floor it vouched for (µV; 0 vouches for none). */
export function floorRanAhead(meanBeforeUv: number, floorUv: number): boolean {
  return floorUv > 0 && meanBeforeUv >= AHEAD_OF_QUIET_SHARE * quietCeilingUv(floorUv, floorUv);
}

/** Per channel of a group: whether its floor had run ahead of its resting level before the current rise. */
export class FloorsAtRise {
  private readonly ahead: Uint8Array;

  constructor(channels: number) {
    this.ahead = new Uint8Array(channels);
  }

  /**
   * A rise that left quiet at quietEndMs; the envelopes before it are in `history`; the group was
   * last busy (a candidate, a cramp) at busyMs. Only a rise from rest shows where the floor sat:
   * after a candidate that fell quiet (a deeply waxing cramp's trough, a movement), the envelope
   * before the rise held that activity, not the floor.
   */
  noteRise(history: OnsetHistory, quietEndMs: number, busyMs: number, floorUv: Float64Array): void {
    const fromMs = quietEndMs - BEFORE_RISE_MS;
    for (let c = 0; c < this.ahead.length; c++) this.ahead[c] = busyMs < fromMs && floorRanAhead(history.meanLevel(c, fromMs, quietEndMs), floorUv[c]) ? 1 : 0;
  }

  ranAhead(c: number): boolean {
    return this.ahead[c] === 1;
  }
}
