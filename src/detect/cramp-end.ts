// When an open cramp has ended. Brief dips inside a cramp (the muscle waxes and wanes) are
// bridged; the end is where the envelope fell under a tenth of the cramp's own level and stayed
// there for 2 s. Out of bed the calf carries the body: standing sway and walking keep it at
// 5–30 % MVC (Joseph & Nightingale 1952; Winter 1991 gait EMG), well under a cramp. Upright, the
// cramp has ended once the muscle falls under 35 % of the cramp's level, and walking's bursts
// (well under half of the time above it over 2 s) do not hold it open. Over a contact whose floor
// rose while the cramp was open, white added power ends it where the muscle's work ended
// (white-tail.ts).
import { isActive, quietCeilingUv } from './activity.ts';
import { BLOCK_MS, blocksIn, ENVELOPE_LAG_MS } from './block-clock.ts';
import type { CrampInput } from './cramp-input.ts';
import { WhiteTail } from './white-tail.ts';

const END_QUIET_MS = 2000;
/**
 * Inside the quiet that ends a cramp, the envelope may poke above the end level for a moment: a
 * fasciculation after the cramp, or the floor's own spread when it is dry-electrode noise of
 * 10–25 µV (a median of five 50-ms RMS values still varies by ~10 %). The cramp resumes only when
 * it holds above for longer than the longest such blip; its own returns after a dip last seconds.
 */
const END_BLIP_MS = 300;
const END_SHARE_OF_LEVEL = 0.1;
const END_SHARE_UPRIGHT = 0.35;
const WINDOW_BLOCKS = blocksIn(2000);
const UPRIGHT_MIN_ACTIVE_BLOCKS = WINDOW_BLOCKS / 2;
/** the cramp's own level: a running mean over ~3 s of the muscle's envelope */
const LEVEL_TAU_MS = 3000;
/** only blocks above this share of the level teach it (a dip is not the cramp's level) */
const LEVEL_LEARN_MIN_SHARE = 0.3;
/** the muscle's electrode unreadable this long: close the cramp where it was last seen */
const UNKNOWN_CLOSE_MS = 60_000;
/** a gap longer than this closes an open cramp at the gap's start */
const GAP_CLOSE_MS = 5 * 60_000;
/** data back after a gap: if the cramp is gone within this, it ended in the gap */
const GAP_SETTLE_MS = 1500;

export class CrampEnd {
  /** the cramp's own level, µV */
  private levelUv = 0;
  private detectedAtMs = 0;
  private endQuietMs = 0;
  private firstEndQuietMs = 0;
  /** how long the envelope has been above the end level without a break, ms */
  private aboveRunMs = 0;
  lastActiveMs = 0;
  private unknownMs = 0;
  private gapFromMs = NaN;
  private gapToMs = NaN;
  /** the last 2 s of "above the end level", one slot per block */
  private readonly aboveRing = new Uint8Array(WINDOW_BLOCKS);
  private aboveIndex = 0;
  private aboveCount = 0;
  private readonly whiteTail = new WhiteTail();
  peakUv = 0;

  begin(detectedAtMs: number, levelUv: number, peakUv: number): void {
    this.detectedAtMs = detectedAtMs;
    this.levelUv = levelUv;
    this.endQuietMs = 0;
    this.aboveRunMs = 0;
    this.lastActiveMs = detectedAtMs;
    this.unknownMs = 0;
    this.gapFromMs = NaN;
    this.aboveRing.fill(1);
    this.aboveCount = WINDOW_BLOCKS;
    this.aboveIndex = 0;
    this.whiteTail.begin(detectedAtMs);
    this.peakUv = peakUv;
  }

  /** the earliest end a cramp can be given: where it was confirmed, the envelope's lag aside */
  private get earliestEndMs(): number {
    return this.detectedAtMs - ENVELOPE_LAG_MS;
  }

  /** One block of the cramping channel `c`: its end time when it ended here, else NaN. */
  step(input: CrampInput, c: number): number {
    const tEnd = input.tMs + BLOCK_MS;
    if (!input.ok[c]) {
      this.unknownMs += BLOCK_MS;
      return this.unknownMs >= UNKNOWN_CLOSE_MS ? this.lastActiveMs : NaN;
    }
    this.unknownMs = 0;
    if (this.whiteTail.add(input.tMs, input.addedDiffRatio[c])) return Math.max(this.whiteTail.lastNotWhiteMs, this.earliestEndMs);
    const level = input.levelUv[c];
    const upright = input.upright;
    const endLevel = Math.max(quietCeilingUv(input.restUv[c], input.floorUv[c]), (upright ? END_SHARE_UPRIGHT : END_SHARE_OF_LEVEL) * this.levelUv);
    const above = level >= endLevel || (!upright && this.neighbourActive(input, c)) ? 1 : 0;
    this.aboveCount += above - this.aboveRing[this.aboveIndex];
    this.aboveRing[this.aboveIndex] = above;
    this.aboveIndex = (this.aboveIndex + 1) % WINDOW_BLOCKS;
    if (upright && this.aboveCount < UPRIGHT_MIN_ACTIVE_BLOCKS) {
      // on the feet and only bursts left (walking): it ended where this window began
      return Math.max(tEnd - WINDOW_BLOCKS * BLOCK_MS, this.earliestEndMs);
    }
    this.aboveRunMs = above ? this.aboveRunMs + BLOCK_MS : 0;
    const blip = above && this.endQuietMs > 0 && this.aboveRunMs <= END_BLIP_MS;
    if (!above || blip) {
      if (this.endQuietMs === 0) this.firstEndQuietMs = input.tMs - ENVELOPE_LAG_MS;
      this.endQuietMs += BLOCK_MS;
      if (this.endQuietMs >= END_QUIET_MS) {
        // gone right after a gap: it ended somewhere in the gap, say at its start
        const end = this.firstEndQuietMs < this.gapToMs + GAP_SETTLE_MS ? Math.min(this.firstEndQuietMs, this.gapFromMs) : this.firstEndQuietMs;
        return Math.max(end, this.earliestEndMs);
      }
      return NaN;
    }
    this.endQuietMs = 0;
    this.lastActiveMs = tEnd;
    // the cramp's level is learnt lying still; out of bed or moving, the muscle does other work
    if (!upright && !input.moving && level > this.levelUv * LEVEL_LEARN_MIN_SHARE) {
      this.levelUv += (BLOCK_MS / LEVEL_TAU_MS) * (level - this.levelUv);
    }
    if (input.envelopeUv[c] > this.peakUv) this.peakUv = input.envelopeUv[c];
    return NaN;
  }

  /** lying down, a co-cramping neighbour keeps the cramp going (standing, every calf muscle works) */
  private neighbourActive(input: CrampInput, c: number): boolean {
    for (let k = 0; k < input.channels; k++) {
      if (k !== c && input.ok[k] && isActive(input.levelUv[k], input.restUv[k], input.floorUv[k])) return true;
    }
    return false;
  }

  /** Samples from fromMs to toMs are missing: the end time when that ends the cramp, else NaN. */
  gap(fromMs: number, toMs: number): number {
    if (toMs - fromMs > GAP_CLOSE_MS) return this.lastActiveMs;
    this.gapFromMs = this.lastActiveMs;
    this.gapToMs = toMs;
    this.endQuietMs = 0;
    return NaN;
  }

  /** The end at the end of the stream. */
  finalEndMs(lastMs: number): number {
    return this.endQuietMs > 0 ? this.firstEndQuietMs : Math.min(lastMs, this.lastActiveMs);
  }
}
