// The last 10 s of each channel's envelope, to place a cramp's onset after the fact.
//
// A cramp is often set off by a half-asleep toe-pointing stretch (a voluntary contraction
// shortening the calf; Miller & Layzer 2005, Muscle Nerve 32:431): when the activity began with
// the leg moving, the onset is where the envelope last left a ≥ 0.5 s stretch below half the
// cramp's level (8 blocks in 10), not where the movement began.
import { BLOCK_MS, ENVELOPE_LAG_MS } from './block-clock.ts';

const HISTORY_BLOCKS = 200;
/** the cramp's level: its mean envelope over the last second before confirmation */
const REFERENCE_BLOCKS = 20;
const ONSET_SHARE = 0.5;
const ONSET_QUIET_BLOCKS = 10;
const ONSET_QUIET_MIN = 8;

export class OnsetHistory {
  private readonly levels: Float64Array;
  private readonly blockMs = new Float64Array(HISTORY_BLOCKS);
  private readonly belowFlags = new Uint8Array(ONSET_QUIET_BLOCKS);
  private index = 0;

  constructor(private readonly channels: number) {
    this.levels = new Float64Array(channels * HISTORY_BLOCKS);
  }

  /** One block: each channel's envelope, 0 where unreadable. */
  record(tMs: number, levelUv: Float64Array, ok: Uint8Array): void {
    const slot = this.index;
    this.blockMs[slot] = tMs;
    for (let c = 0; c < this.channels; c++) this.levels[c * HISTORY_BLOCKS + slot] = ok[c] ? levelUv[c] : 0;
    this.index = (slot + 1) % HISTORY_BLOCKS;
  }

  private slotBack(back: number): number {
    return (this.index - 1 - back + 2 * HISTORY_BLOCKS) % HISTORY_BLOCKS;
  }

  /** The later onset when the cramp on `channel` rose out of weaker activity, else `startMs`. */
  refinedOnset(channel: number, startMs: number, nowMs: number): number {
    const h = this.levels;
    const base = channel * HISTORY_BLOCKS;
    let reference = 0;
    for (let back = 0; back < REFERENCE_BLOCKS; back++) reference += h[base + this.slotBack(back)];
    const below = (ONSET_SHARE * reference) / REFERENCE_BLOCKS;
    // scanning back from now: the first 10-block stretch with at least 8 blocks below
    const flags = this.belowFlags;
    let count = 0;
    for (let back = 0; back < HISTORY_BLOCKS; back++) {
      const k = this.slotBack(back);
      const tMs = this.blockMs[k];
      if (tMs < startMs || tMs > nowMs) break;
      const isBelow = h[base + k] < below ? 1 : 0;
      count += isBelow - flags[back % ONSET_QUIET_BLOCKS];
      flags[back % ONSET_QUIET_BLOCKS] = isBelow;
      if (back >= ONSET_QUIET_BLOCKS - 1 && count >= ONSET_QUIET_MIN) {
        // the stretch spans blocks back−9 … back; the rise starts after its newest below block
        let newest = back - ONSET_QUIET_BLOCKS + 1;
        while (!flags[newest % ONSET_QUIET_BLOCKS]) newest++;
        const kNewest = this.slotBack(newest);
        flags.fill(0);
        return this.blockMs[kNewest] + BLOCK_MS - ENVELOPE_LAG_MS;
      }
    }
    flags.fill(0);
    return startMs;
  }

  /** Channel c's lowest envelope over the recorded blocks from fromMs (inclusive) to toMs (exclusive), µV; NaN when any was unreadable there, or none recorded. */
  leastLevel(channel: number, fromMs: number, toMs: number): number {
    const base = channel * HISTORY_BLOCKS;
    let least = Infinity;
    for (let back = 0; back < HISTORY_BLOCKS; back++) {
      const k = this.slotBack(back);
      const tMs = this.blockMs[k];
      if (tMs < fromMs) break;
      if (tMs >= toMs) continue;
      const level = this.levels[base + k];
      if (level === 0) return NaN;
      if (level < least) least = level;
    }
    return least === Infinity ? NaN : least;
  }

  /** Channel c's mean envelope over the recorded blocks from fromMs (inclusive) to toMs (exclusive), µV; NaN when none was readable there. */
  meanLevel(channel: number, fromMs: number, toMs: number): number {
    const base = channel * HISTORY_BLOCKS;
    let sum = 0;
    let count = 0;
    for (let back = 0; back < HISTORY_BLOCKS; back++) {
      const k = this.slotBack(back);
      const tMs = this.blockMs[k];
      if (tMs < fromMs) break;
      const level = this.levels[base + k];
      if (tMs >= toMs || level === 0) continue;
      sum += level;
      count++;
    }
    return count > 0 ? sum / count : NaN;
  }
}
