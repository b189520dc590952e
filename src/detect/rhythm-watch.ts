// Is a candidate's activity a rhythm (walking, restless legs, periodic movements) rather than a
// cramp? In repeated movements the muscle relaxes between bursts, within every stride (~1 s;
// Winter 1991 gait EMG); a cramp's involuntary discharge waxes and wanes, sometimes fast and
// deep, but does not fall back to rest until it ends. A second whose envelope swings more than
// 4-fold and touches "quiet" is "deep"; half or more of its seconds deep make a rhythm. A rhythm
// repeats: it needs at least two relaxations (falls into "quiet"). A cramp's single brief deep
// dip (0.1–0.7 s) straddling two seconds makes both deep, and in a 3–5 s cramp that alone was
// half its seconds.
import { isQuiet } from './activity.ts';
import { blocksIn } from './block-clock.ts';

/** one second */
const WINDOW_BLOCKS = blocksIn(1000);
/** the first half second holds the onset's own rise: it says nothing about rhythm */
const RISE_BLOCKS = blocksIn(500);
const DEEP_SWING = 4;
const MAX_DEEP_SHARE = 0.5;
const MIN_RELAXATIONS = 2;
const MIN_WINDOWS = 2;
/** a floor for the swing's ratio, µV (an envelope of exactly 0 is a silent channel) */
const SWING_FLOOR_UV = 1e-3;

export class RhythmWatch {
  private blocks = 0;
  private windowBlocks = 0;
  private readonly windowMin: Float64Array;
  private readonly windowMax: Float64Array;
  private windows = 0;
  private readonly deepWindows: Float64Array;
  /** per channel: falls into "quiet" since the rise, and whether the last block was quiet */
  private readonly relaxations: Float64Array;
  private readonly wasQuiet: Uint8Array;
  /** the tallies as they stood after the first `capWindows` windows */
  private readonly deepAtCap: Float64Array;
  private readonly relaxationsAtCap: Float64Array;

  constructor(
    private readonly channels: number,
    private readonly capWindows = Infinity,
  ) {
    this.deepAtCap = new Float64Array(channels);
    this.relaxationsAtCap = new Float64Array(channels);
    this.windowMin = new Float64Array(channels).fill(Infinity);
    this.windowMax = new Float64Array(channels);
    this.deepWindows = new Float64Array(channels);
    this.relaxations = new Float64Array(channels);
    this.wasQuiet = new Uint8Array(channels);
  }

  reset(): void {
    this.blocks = 0;
    this.windowBlocks = 0;
    this.windowMin.fill(Infinity);
    this.windowMax.fill(0);
    this.windows = 0;
    this.deepWindows.fill(0);
    this.relaxations.fill(0);
    this.wasQuiet.fill(0);
    this.deepAtCap.fill(0);
    this.relaxationsAtCap.fill(0);
  }

  /** A new block of the candidate begins. */
  startBlock(): void {
    this.blocks++;
  }

  private get watching(): boolean {
    return this.blocks > RISE_BLOCKS;
  }

  /** One readable channel's envelope in the current block. */
  channel(c: number, levelUv: number, restUv: number, floorUv: number): void {
    const quiet = isQuiet(levelUv, restUv, floorUv) ? 1 : 0;
    const watching = this.watching;
    if (watching && quiet && !this.wasQuiet[c]) this.relaxations[c]++;
    this.wasQuiet[c] = quiet;
    if (watching) {
      if (levelUv < this.windowMin[c]) this.windowMin[c] = levelUv;
      if (levelUv > this.windowMax[c]) this.windowMax[c] = levelUv;
    }
  }

  /** The block is done: a full second closes a window, judged against each channel's rest. */
  endBlock(restUv: Float64Array, floorUv: Float64Array): void {
    if (!this.watching || ++this.windowBlocks !== WINDOW_BLOCKS) return;
    this.windows++;
    for (let c = 0; c < this.channels; c++) {
      const relaxed = isQuiet(this.windowMin[c], restUv[c], floorUv[c]);
      if (relaxed && this.windowMax[c] > DEEP_SWING * Math.max(this.windowMin[c], SWING_FLOOR_UV)) this.deepWindows[c]++;
    }
    this.windowBlocks = 0;
    this.windowMin.fill(Infinity);
    this.windowMax.fill(0);
    if (this.windows === this.capWindows) {
      this.deepAtCap.set(this.deepWindows);
      this.relaxationsAtCap.set(this.relaxations);
    }
  }

  /** `capped`: judged on the first `capWindows` windows only (see CrampRules.stillRhythmWindows). */
  rhythmic(c: number, capped = false): boolean {
    if (capped && this.windows >= this.capWindows) {
      return this.capWindows >= MIN_WINDOWS && this.relaxationsAtCap[c] >= MIN_RELAXATIONS && this.deepAtCap[c] >= MAX_DEEP_SHARE * this.capWindows;
    }
    return this.windows >= MIN_WINDOWS && this.relaxations[c] >= MIN_RELAXATIONS && this.deepWindows[c] >= MAX_DEEP_SHARE * this.windows;
  }

  /** for tracing (bench/short-cramps.ts) */
  describe(c: number): string {
    return `deep ${this.deepWindows[c]}/${this.windows}`;
  }
}
