// The envelope over a longer window than a block's: its power averaged over the last PULSE_WINDOW_MS,
// per channel. A weak cramp may pulse: its motor units' drive swells and fades every 1–2 s (a
// clonic cramp, Miller & Layzer 2005, Muscle Nerve 32:431; waxing 60–85 % deep), so over a dry
// contact's 10–25 µV floor each trough falls back to "quiet" for up to a second, and its crests
// alone reach "active". The muscle never stops firing, though: averaged over a whole pulse its
// power stays well above the floor's, where a floor's own (noise, its power steady to a few per
// cent over seconds) stays at the floor. Only the weak-cramp rules over a vouched floor ask for
// it (cramp-detector.ts, weak-cramp.ts); a gelled contact's cramp stands far above its rest.
import { FLOOR_ACTIVE_RATIO, muscleEmgUv } from './activity.ts';
import { blocksIn } from './block-clock.ts';
import { WEAK_MEAN_EMG_UV } from './weak-cramp.ts';

/** longer than one pulse of a clonic cramp (every 1–1.7 s), short enough to end with the cramp */
export const PULSE_WINDOW_MS = 2000;
const WINDOW_BLOCKS = blocksIn(PULSE_WINDOW_MS);
/**
 * Share of the window's blocks clear of quiet: a pulsing cramp's crests fill half its period or
 * more (waxing 60–85 % deep), where a loosening contact's pop, a step through the high-pass of a
 * few hundred ms, fills a tenth of it, yet weighs in its power as much as a pulse's crests.
 */
const MIN_CLEAR_SHARE = 1 / 3;

export class PulsePower {
  /** per channel, the window's block powers (µV²), a ring */
  private readonly powers: Float64Array;
  private readonly sums: Float64Array;
  /** per channel, the window's blocks clear of quiet (1), a ring beside powers */
  private readonly clear: Uint8Array;
  private readonly clearBlocks: Float64Array;
  /** per channel: readable blocks in the window (a channel unreadable for a while starts afresh) */
  private readonly filled: Uint16Array;
  private next = 0;

  constructor(channels: number) {
    this.powers = new Float64Array(channels * WINDOW_BLOCKS);
    this.sums = new Float64Array(channels);
    this.clear = new Uint8Array(channels * WINDOW_BLOCKS);
    this.clearBlocks = new Float64Array(channels);
    this.filled = new Uint16Array(channels);
  }

  /** one block: channel c's envelope, or NaN when unreadable, and whether it was clear of quiet */
  add(c: number, levelUv: number, clearOfQuiet: boolean): void {
    const at = c * WINDOW_BLOCKS + this.next;
    this.sums[c] -= this.powers[at];
    this.clearBlocks[c] -= this.clear[at];
    if (levelUv !== levelUv) {
      this.filled[c] = 0;
      this.sums[c] = 0;
      this.clearBlocks[c] = 0;
      this.powers.fill(0, c * WINDOW_BLOCKS, (c + 1) * WINDOW_BLOCKS);
      this.clear.fill(0, c * WINDOW_BLOCKS, (c + 1) * WINDOW_BLOCKS);
      return;
    }
    const power = levelUv * levelUv;
    this.powers[at] = power;
    this.sums[c] += power;
    this.clear[at] = clearOfQuiet ? 1 : 0;
    this.clearBlocks[c] += this.clear[at];
    if (this.filled[c] < WINDOW_BLOCKS) this.filled[c]++;
  }

  /** after every channel's add(): the ring moves on */
  endBlock(): void {
    this.next = (this.next + 1) % WINDOW_BLOCKS;
  }

  /**
   * A rise from quiet began with the last block: what the window held before it (a loose
   * contact's pops, an earlier burst) is not this activity's, so each readable channel's window
   * holds its floor, quiet, as the channel was just before, and the last block.
   */
  restart(floorUv: Float64Array): void {
    const last = (this.next + WINDOW_BLOCKS - 1) % WINDOW_BLOCKS;
    for (let c = 0; c < this.sums.length; c++) {
      if (this.filled[c] < WINDOW_BLOCKS) continue;
      const from = c * WINDOW_BLOCKS;
      const lastPower = this.powers[from + last];
      const lastClear = this.clear[from + last];
      const power = floorUv[c] * floorUv[c];
      this.powers.fill(power, from, from + WINDOW_BLOCKS);
      this.clear.fill(0, from, from + WINDOW_BLOCKS);
      this.powers[from + last] = lastPower;
      this.clear[from + last] = lastClear;
      this.sums[c] = power * (WINDOW_BLOCKS - 1) + lastPower;
      this.clearBlocks[c] = lastClear;
    }
  }

  /**
   * Channel c held over its vouched floor through the whole window, as a weak cramp is through
   * its candidate: its own EMG what the weak rule asks on average (WEAK_MEAN_EMG_UV), the
   * envelope clear of the floor as "active" asks of a block (FLOOR_ACTIVE_RATIO; a floor's
   * envelope averages ~1.2× its resting level, and its wander over minutes is slow), and back
   * above quiet through much of the window (MIN_CLEAR_SHARE). Its troughs are a pulsing cramp's,
   * not the end of its contraction.
   */
  heldOverFloor(c: number, floorUv: number): boolean {
    if (!(floorUv > 0) || this.filled[c] < WINDOW_BLOCKS || this.clearBlocks[c] < MIN_CLEAR_SHARE * WINDOW_BLOCKS) return false;
    const windowUv = Math.sqrt(Math.max(0, this.sums[c]) / WINDOW_BLOCKS);
    return windowUv >= FLOOR_ACTIVE_RATIO * floorUv && muscleEmgUv(windowUv, floorUv) >= WEAK_MEAN_EMG_UV;
  }
}
