// The cramp state machine, one decision block (50 ms) at a time. Pure: it sees numbers, keeps
// one `state`, and says when a cramp is confirmed and when it ended.
//
// Why these rules (physiology, not one simulator's numbers):
// - A cramp is an involuntary, sustained, high-rate discharge of one calf muscle lasting seconds
//   to minutes (Miller & Layzer 2005, Muscle Nerve 32:431; Minetto et al. 2013, Exerc Sport Sci
//   Rev 41:3): strong calf EMG held with few interruptions, while the antagonist (tibialis
//   anterior) stays comparatively quiet at onset.
// - It begins in a still, sleeping leg; movement (turning over, a stretch) comes after, when the
//   pain wakes the sleeper. A burst that starts together with limb motion is first taken for a
//   voluntary movement, and must then last far longer than one (turning over takes seconds) to
//   count as a cramp.
// - Walking is rhythmic: calf bursts fill well under the 70 % of the time a cramp does. Standing
//   still keeps the soleus lightly on: upright onsets need a strong contraction.
// - Brief dips inside a cramp (the muscle waxes and wanes) are bridged; the end is where the
//   envelope fell under a tenth of the cramp's own level and stayed there for 2 s.

export const BLOCK_MS = 50;
/** the median-of-five envelope lags a step by two blocks */
const ENVELOPE_LAG_MS = 2 * BLOCK_MS;

/** "active": ≥ 6× the resting level and ≥ 20 µV above it (a cramp is tens to hundreds of µV). */
const ON_RATIO = 6;
const ON_ABOVE_UV = 20;
/** "quiet" below 3× rest and 8 µV above it: the WASM 2016 LM onset rule's 8 µV, reused. */
const LOW_RATIO = 3;
const LOW_ABOVE_UV = 8;
/** confirmation: held this long, active this share of the time */
const CONFIRM_STILL_MS = 2500;
const CONFIRM_MOVING_MS = 12_000;
const ACTIVE_SHARE_STILL = 0.7;
const ACTIVE_SHARE_MOVING = 0.8;
/** at onset the calf outworks the tibialis anterior at least this much (µV over µV) */
const CALF_OVER_TA = 2;
/** an upright onset needs a strong contraction: ≥ 150 µV (about 15–50 % MVC of the calf) */
const UPRIGHT_MIN_UV = 150;
/**
 * A channel with loose-contact signs lately (EmgChannel.suspect) puts out broadband contact noise
 * of tens of µV between its fits. On it a cramp needs more proof: readable all through (no new
 * fit of loose signs), and a strong contraction (≥ 50 µV,
 * several times what a loose contact adds), a co-contracting neighbour (another calf channel
 * active half the time: a cramp often spreads, a lifting electrode does not), or the leg moving
 * with it (the woken sleeper).
 */
const SUSPECT_MIN_UV = 50;
const SUSPECT_NEIGHBOUR_SHARE = 0.5;
/** motion from 1 s before the first active block until confirmation makes the onset "moving" */
const MOTION_BEFORE_MS = 1000;
/** motion within this of the first active block means the movement led the activity */
const MOTION_LEADS_MS = 500;
/**
 * Rhythm: in walking and other repeated movements the muscle relaxes between bursts, within
 * every stride (~1 s); a cramp's involuntary discharge waxes and wanes, sometimes fast and deep,
 * but does not fall back to rest until it ends. A second whose envelope swings more than 4-fold
 * and touches the "quiet" level is "deep"; a candidate with half or more of its seconds deep
 * is a rhythm, not a cramp. A rhythm repeats: it needs at least two relaxations (falls into
 * "quiet"). A cramp's single deep brief dip (0.1–0.7 s) that straddles two seconds makes both
 * deep, and in a 3–5 s cramp that alone was half its seconds.
 */
const RHYTHM_WINDOW_BLOCKS = 20;
const RISE_BLOCKS = 10;
const DEEP_SWING = 4;
const MAX_DEEP_SHARE = 0.5;
const MIN_RELAXATIONS = 2;
/**
 * A cramp is often set off by a half-asleep toe-pointing stretch (a voluntary contraction
 * shortening the calf; Miller & Layzer 2005): when the activity began with the leg moving, the
 * onset is where the envelope last left a ≥ 0.5 s stretch below half the cramp's level (8 blocks in 10), not
 * where the movement began. 10 s of envelope are kept.
 */
const HISTORY_BLOCKS = 200;
const ONSET_SHARE = 0.5;
const ONSET_QUIET_BLOCKS = 10;
const ONSET_QUIET_MIN = 8;
/** a candidate dies after 1 s quiet (a cramp's dips last 0.1–0.7 s) */
const CANDIDATE_QUIET_MS = 1000;
/** an open cramp ends after 2 s under its end level */
const END_QUIET_MS = 2000;
const END_SHARE_OF_LEVEL = 0.1;
/**
 * Out of bed the calf carries the body: standing sway and walking keep it at 5–30 % MVC
 * (Joseph & Nightingale 1952; Winter 1991 gait EMG), well under a cramp. Upright, the cramp has
 * ended once the muscle falls under 35 % of the cramp's level, and walking's bursts (well under
 * half of the time above it over 2 s) do not hold it open.
 */
const END_SHARE_UPRIGHT = 0.35;
const WINDOW_BLOCKS = 40;
const UPRIGHT_MIN_ACTIVE_BLOCKS = 20;
/** the cramp's own level: a running mean over ~3 s of the muscle's envelope */
const LEVEL_TAU_MS = 3000;
/** the muscle's electrode unreadable this long: close the cramp where it was last seen */
const UNKNOWN_CLOSE_MS = 60_000;
/** a gap longer than this closes an open cramp at the gap's start */
const GAP_CLOSE_MS = 5 * 60_000;
/** a candidate survives a gap up to this long */
const CANDIDATE_GAP_MS = 2000;
/** data back after a gap: if the cramp is gone within this, it ended in the gap */
const GAP_SETTLE_MS = 1500;

/** One decision block's view of the calf channels (filled in place by the caller). */
export class CrampInput {
  tMs = 0;
  readonly levelUv: Float64Array;
  readonly restUv: Float64Array;
  readonly envelopeUv: Float64Array;
  readonly ok: Uint8Array;
  /** the channel showed loose-contact signs lately (EmgChannel.suspect) */
  readonly suspect: Uint8Array;
  /** tibialis anterior envelope, µV; NaN when absent or unreadable */
  taLevelUv = NaN;
  moving = false;
  upright = false;
  /** mains hum appeared on a calf channel in this block (see EmgChannel, HUM_HANGOVER_BLOCKS) */
  humAppeared = false;

  constructor(readonly calfCount: number) {
    this.levelUv = new Float64Array(calfCount);
    this.restUv = new Float64Array(calfCount);
    this.envelopeUv = new Float64Array(calfCount);
    this.ok = new Uint8Array(calfCount);
    this.suspect = new Uint8Array(calfCount);
  }
}

export type CrampState = 'idle' | 'candidate' | 'open';
export type CrampChange = 'none' | 'open' | 'close';

export class CrampDetector {
  state: CrampState = 'idle';

  // results, valid after 'open' / while open / after 'close'
  startMs = 0;
  detectedAtMs = 0;
  endMs = 0;
  /** index of the cramping calf channel */
  channel = 0;
  peakUv = 0;

  private lastQuietEndMs = -Infinity;
  private lastMovingMs = -Infinity;
  // candidate
  private firstActiveMs = 0;
  private knownBlocks = 0;
  /** per calf channel: blocks above its own "active" level (a cramp is one muscle held) */
  private readonly activeBlocks: Float64Array;
  /** per calf channel: it was suspect during the candidate */
  private readonly suspectSeen: Uint8Array;
  /** per calf channel: it was unreadable at some block of the candidate */
  private readonly unknownSeen: Uint8Array;
  private candidateQuietMs = 0;
  private movingOnset = false;
  /** the leg was moving when the activity began: a voluntary movement came first */
  private motionLed = false;
  private uprightOnset = false;
  private readonly calfSum: Float64Array;
  /** calf envelope summed over the onset phase only (the first 2.5 s), for the TA comparison */
  private readonly calfOnsetSum: Float64Array;
  private onsetBlocks = 0;
  private taSum = 0;
  private taBlocks = 0;
  private windowBlocks = 0;
  private readonly windowMin: Float64Array;
  private readonly windowMax: Float64Array;
  private windows = 0;
  private readonly deepWindows: Float64Array;
  /** per calf channel: falls into "quiet" since the rise, and whether the last block was quiet */
  private readonly relaxations: Float64Array;
  private readonly wasQuiet: Uint8Array;
  // open
  private crampLevelUv = 0;
  private endQuietMs = 0;
  private firstEndQuietMs = 0;
  private lastActiveMs = 0;
  private unknownMs = 0;
  private gapFromMs = NaN;
  private gapToMs = NaN;
  /** the last 2 s of "above the end level", one slot per block */
  private readonly aboveRing = new Uint8Array(WINDOW_BLOCKS);
  private aboveIndex = 0;
  private aboveCount = 0;

  private readonly history: Float64Array;
  private readonly historyMs = new Float64Array(HISTORY_BLOCKS);
  private readonly onsetFlags = new Uint8Array(ONSET_QUIET_BLOCKS);
  private historyIndex = 0;

  constructor(readonly calfCount: number) {
    this.calfSum = new Float64Array(calfCount);
    this.calfOnsetSum = new Float64Array(calfCount);
    this.activeBlocks = new Float64Array(calfCount);
    this.suspectSeen = new Uint8Array(calfCount);
    this.unknownSeen = new Uint8Array(calfCount);
    this.windowMin = new Float64Array(calfCount).fill(Infinity);
    this.windowMax = new Float64Array(calfCount);
    this.deepWindows = new Float64Array(calfCount);
    this.relaxations = new Float64Array(calfCount);
    this.wasQuiet = new Uint8Array(calfCount);
    this.history = new Float64Array(calfCount * HISTORY_BLOCKS);
  }

  /** The later onset when the cramp rose out of weaker activity (see ONSET_SHARE). */
  private refinedOnset(channel: number, nowMs: number): number {
    const h = this.history;
    const base = channel * HISTORY_BLOCKS;
    let reference = 0;
    for (let back = 0; back < 20; back++) reference += h[base + ((this.historyIndex - 1 - back + 2 * HISTORY_BLOCKS) % HISTORY_BLOCKS)];
    const below = (ONSET_SHARE * reference) / 20;
    // scanning back from now: the first 10-block stretch with at least 8 blocks below
    const flags = this.onsetFlags;
    let count = 0;
    for (let back = 0; back < HISTORY_BLOCKS; back++) {
      const k = (this.historyIndex - 1 - back + 2 * HISTORY_BLOCKS) % HISTORY_BLOCKS;
      const tMs = this.historyMs[k];
      if (tMs < this.startMs || tMs > nowMs) break;
      const isBelow = h[base + k] < below ? 1 : 0;
      count += isBelow - flags[back % ONSET_QUIET_BLOCKS];
      flags[back % ONSET_QUIET_BLOCKS] = isBelow;
      if (back >= ONSET_QUIET_BLOCKS - 1 && count >= ONSET_QUIET_MIN) {
        // the stretch spans blocks back−9 … back; the rise starts after its newest below block
        let newest = back - ONSET_QUIET_BLOCKS + 1;
        while (!flags[newest % ONSET_QUIET_BLOCKS]) newest++;
        const kNewest = (this.historyIndex - 1 - newest + 2 * HISTORY_BLOCKS) % HISTORY_BLOCKS;
        flags.fill(0);
        return this.historyMs[kNewest] + BLOCK_MS - ENVELOPE_LAG_MS;
      }
    }
    flags.fill(0);
    return this.startMs;
  }

  step(input: CrampInput): CrampChange {
    const tEnd = input.tMs + BLOCK_MS;
    const slot = this.historyIndex;
    this.historyMs[slot] = input.tMs;
    for (let c = 0; c < this.calfCount; c++) this.history[c * HISTORY_BLOCKS + slot] = input.ok[c] ? input.levelUv[c] : 0;
    this.historyIndex = (slot + 1) % HISTORY_BLOCKS;
    if (input.moving) this.lastMovingMs = tEnd;
    let known = false;
    let anyActive = false;
    let anyAboveLow = false;
    for (let c = 0; c < this.calfCount; c++) {
      if (!input.ok[c]) continue;
      known = true;
      const rest = input.restUv[c];
      const level = input.levelUv[c];
      if (level >= Math.max(ON_RATIO * rest, rest + ON_ABOVE_UV)) anyActive = true;
      if (level >= Math.max(LOW_RATIO * rest, rest + LOW_ABOVE_UV)) anyAboveLow = true;
    }
    if (this.state === 'open') return this.stepOpen(input);
    // activity that rose with mains hum is what the notch left of the hum (or of the loosening
    // contact that let it in): the channel learns its new floor, and the candidate is dropped
    if (input.humAppeared && this.state === 'candidate') this.state = 'idle';
    if (this.state === 'candidate') {
      for (let c = 0; c < this.calfCount; c++) {
        if (input.suspect[c]) this.suspectSeen[c] = 1;
        if (!input.ok[c]) this.unknownSeen[c] = 1;
      }
    }
    if (!known) return 'none';
    if (this.state === 'idle') {
      if (!anyAboveLow) this.lastQuietEndMs = tEnd;
      if (!anyActive) return 'none';
      this.beginCandidate(input);
    }
    return this.stepCandidate(input, anyAboveLow);
  }

  private beginCandidate(input: CrampInput): void {
    this.state = 'candidate';
    this.firstActiveMs = input.tMs;
    // back-date to where the envelope left rest (corrected for the median's lag)
    this.startMs = Math.min(input.tMs, this.lastQuietEndMs - ENVELOPE_LAG_MS);
    if (input.tMs - this.startMs > 3000) this.startMs = input.tMs - ENVELOPE_LAG_MS;
    this.knownBlocks = 0;
    this.activeBlocks.fill(0);
    this.suspectSeen.fill(0);
    this.unknownSeen.fill(0);
    this.candidateQuietMs = 0;
    for (let c = 0; c < this.calfCount; c++) if (input.suspect[c]) this.suspectSeen[c] = 1;
    this.movingOnset = input.tMs - this.lastMovingMs < MOTION_BEFORE_MS;
    this.motionLed = this.movingOnset;
    this.uprightOnset = input.upright;
    this.calfSum.fill(0);
    this.calfOnsetSum.fill(0);
    this.onsetBlocks = 0;
    this.taSum = 0;
    this.taBlocks = 0;
    this.peakUv = 0;
    this.windowBlocks = 0;
    this.windowMin.fill(Infinity);
    this.windowMax.fill(0);
    this.windows = 0;
    this.deepWindows.fill(0);
    this.relaxations.fill(0);
    this.wasQuiet.fill(0);
  }

  private stepCandidate(input: CrampInput, anyAboveLow: boolean): CrampChange {
    const since = input.tMs - this.firstActiveMs;
    // any motion before confirmation counts: a still cramp is confirmed in a still leg
    if (input.moving) {
      this.movingOnset = true;
      if (since <= MOTION_LEADS_MS) this.motionLed = true;
    }
    if (input.upright) this.uprightOnset = true;
    this.knownBlocks++;
    // the first half second holds the onset's own rise: it says nothing about rhythm
    const watchRhythm = this.knownBlocks > RISE_BLOCKS;
    for (let c = 0; c < this.calfCount; c++) {
      if (!input.ok[c]) continue;
      const level = input.levelUv[c];
      const rest = input.restUv[c];
      this.calfSum[c] += level;
      if (level >= Math.max(ON_RATIO * rest, rest + ON_ABOVE_UV)) this.activeBlocks[c]++;
      const quiet = level < Math.max(LOW_RATIO * rest, rest + LOW_ABOVE_UV) ? 1 : 0;
      if (watchRhythm && quiet && !this.wasQuiet[c]) this.relaxations[c]++;
      this.wasQuiet[c] = quiet;
      if (watchRhythm) {
        if (level < this.windowMin[c]) this.windowMin[c] = level;
        if (level > this.windowMax[c]) this.windowMax[c] = level;
      }
    }
    if (watchRhythm && ++this.windowBlocks === RHYTHM_WINDOW_BLOCKS) {
      this.windows++;
      for (let c = 0; c < this.calfCount; c++) {
        const rest = input.restUv[c];
        const relaxed = this.windowMin[c] < Math.max(LOW_RATIO * rest, rest + LOW_ABOVE_UV);
        if (relaxed && this.windowMax[c] > DEEP_SWING * Math.max(this.windowMin[c], 1e-3)) this.deepWindows[c]++;
      }
      this.windowBlocks = 0;
      this.windowMin.fill(Infinity);
      this.windowMax.fill(0);
    }
    // The antagonist is compared at onset only: later the woken sleeper pulls the toes up
    // against the cramp, on purpose, with the tibialis anterior.
    if (since < CONFIRM_STILL_MS) {
      this.onsetBlocks++;
      for (let c = 0; c < this.calfCount; c++) if (input.ok[c]) this.calfOnsetSum[c] += input.levelUv[c];
      if (input.taLevelUv === input.taLevelUv) {
        this.taSum += input.taLevelUv;
        this.taBlocks++;
      }
    }
    this.candidateQuietMs = anyAboveLow ? 0 : this.candidateQuietMs + BLOCK_MS;
    if (this.candidateQuietMs >= CANDIDATE_QUIET_MS) {
      this.state = 'idle';
      this.lastQuietEndMs = input.tMs + BLOCK_MS;
      return 'none';
    }
    const heldMs = since + BLOCK_MS;
    // A jolt at onset (woken by the pain) passes; the cramp then goes on in a still leg. A turn
    // or a stretch ends its muscle work with its motion, so "still and still contracting for
    // 2.5 s" tells them apart without waiting the full 12 s.
    const stillAfterJolt = this.movingOnset && !this.uprightOnset && heldMs >= CONFIRM_STILL_MS && input.tMs + BLOCK_MS - this.lastMovingMs >= CONFIRM_STILL_MS;
    const needMs = this.movingOnset || this.uprightOnset ? CONFIRM_MOVING_MS : CONFIRM_STILL_MS;
    if (heldMs < needMs && !stillAfterJolt) return 'none';

    let best = 0;
    for (let c = 1; c < this.calfCount; c++) if (this.calfSum[c] > this.calfSum[best]) best = c;
    const calfMeanUv = this.calfSum[best] / this.knownBlocks;
    const share = this.activeBlocks[best] / this.knownBlocks;
    const taMeanUv = this.taBlocks > 0 ? this.taSum / this.taBlocks : 0;
    const calfOnsetUv = this.onsetBlocks > 0 ? this.calfOnsetSum[best] / this.onsetBlocks : calfMeanUv;
    const rhythmic = this.windows >= 2 && this.relaxations[best] >= MIN_RELAXATIONS && this.deepWindows[best] >= MAX_DEEP_SHARE * this.windows;
    let neighbour = false;
    for (let c = 0; c < this.calfCount; c++) if (c !== best && this.activeBlocks[c] >= SUSPECT_NEIGHBOUR_SHARE * this.knownBlocks) neighbour = true;
    const proven = !this.suspectSeen[best] || (!this.unknownSeen[best] && (calfMeanUv >= SUSPECT_MIN_UV || neighbour || this.movingOnset));
    const pass =
      !rhythmic &&
      proven &&
      share >= (needMs === CONFIRM_STILL_MS ? ACTIVE_SHARE_STILL : ACTIVE_SHARE_MOVING) &&
      calfOnsetUv >= CALF_OVER_TA * taMeanUv &&
      (!this.uprightOnset || calfMeanUv >= UPRIGHT_MIN_UV);
    if (pass) {
      this.state = 'open';
      this.channel = best;
      // only after a voluntary movement (a stretch sets cramps off); a slow rise from rest keeps its start
      if (this.motionLed) this.startMs = Math.max(this.startMs, this.refinedOnset(best, input.tMs));
      this.detectedAtMs = input.tMs + BLOCK_MS;
      this.crampLevelUv = calfMeanUv;
      this.endQuietMs = 0;
      this.lastActiveMs = input.tMs + BLOCK_MS;
      this.unknownMs = 0;
      this.gapFromMs = NaN;
      this.aboveRing.fill(1);
      this.aboveCount = WINDOW_BLOCKS;
      this.aboveIndex = 0;
      this.peakUv = Math.max(this.peakUv, input.envelopeUv[best]);
      return 'open';
    }
    // Long activity that never looked like a cramp (standing, walking): look afresh from here.
    if (heldMs > 3 * needMs) this.beginCandidate(input);
    else if (stillAfterJolt && heldMs < needMs) return 'none';
    return 'none';
  }

  private stepOpen(input: CrampInput): CrampChange {
    const c = this.channel;
    const tEnd = input.tMs + BLOCK_MS;
    if (!input.ok[c]) {
      this.unknownMs += BLOCK_MS;
      if (this.unknownMs >= UNKNOWN_CLOSE_MS) return this.close(this.lastActiveMs);
      return 'none';
    }
    this.unknownMs = 0;
    const level = input.levelUv[c];
    const rest = input.restUv[c];
    const upright = input.upright;
    const endLevel = Math.max(LOW_RATIO * rest, rest + LOW_ABOVE_UV, (upright ? END_SHARE_UPRIGHT : END_SHARE_OF_LEVEL) * this.crampLevelUv);
    let othersActive = false;
    // lying down, a co-cramping neighbour keeps the cramp going; standing, every calf muscle works
    if (!upright) {
      for (let k = 0; k < this.calfCount; k++) {
        if (k === c || !input.ok[k]) continue;
        const r = input.restUv[k];
        if (input.levelUv[k] >= Math.max(ON_RATIO * r, r + ON_ABOVE_UV)) othersActive = true;
      }
    }
    const above = level >= endLevel || othersActive ? 1 : 0;
    this.aboveCount += above - this.aboveRing[this.aboveIndex];
    this.aboveRing[this.aboveIndex] = above;
    this.aboveIndex = (this.aboveIndex + 1) % WINDOW_BLOCKS;
    if (upright && this.aboveCount < UPRIGHT_MIN_ACTIVE_BLOCKS) {
      // on the feet and only bursts left (walking): it ended where this window began
      return this.close(Math.max(tEnd - WINDOW_BLOCKS * BLOCK_MS, this.detectedAtMs - ENVELOPE_LAG_MS));
    }
    if (!above) {
      if (this.endQuietMs === 0) this.firstEndQuietMs = input.tMs - ENVELOPE_LAG_MS;
      this.endQuietMs += BLOCK_MS;
      if (this.endQuietMs >= END_QUIET_MS) {
        // gone right after a gap: it ended somewhere in the gap, say at its start
        const end = this.firstEndQuietMs < this.gapToMs + GAP_SETTLE_MS ? Math.min(this.firstEndQuietMs, this.gapFromMs) : this.firstEndQuietMs;
        return this.close(Math.max(end, this.detectedAtMs - ENVELOPE_LAG_MS));
      }
    } else {
      this.endQuietMs = 0;
      this.lastActiveMs = tEnd;
      // the cramp's level is learnt lying still; out of bed or moving, the muscle does other work
      if (!upright && !input.moving && level > this.crampLevelUv * 0.3) {
        const a = BLOCK_MS / LEVEL_TAU_MS;
        this.crampLevelUv += a * (level - this.crampLevelUv);
      }
      if (input.envelopeUv[c] > this.peakUv) this.peakUv = input.envelopeUv[c];
    }
    return 'none';
  }

  private close(endMs: number): CrampChange {
    this.state = 'idle';
    this.endMs = Math.max(endMs, this.startMs + BLOCK_MS);
    this.lastQuietEndMs = endMs;
    return 'close';
  }

  /** Samples from fromMs to toMs are missing. Returns 'close' when that ends an open cramp. */
  gap(fromMs: number, toMs: number): CrampChange {
    if (this.state === 'candidate') {
      // a lost frame or two inside a short cramp: keep counting across it
      if (toMs - fromMs > CANDIDATE_GAP_MS) this.state = 'idle';
      return 'none';
    }
    if (this.state !== 'open') return 'none';
    if (toMs - fromMs > GAP_CLOSE_MS) return this.close(this.lastActiveMs);
    this.gapFromMs = this.lastActiveMs;
    this.gapToMs = toMs;
    this.endQuietMs = 0;
    return 'none';
  }

  /** End of the stream. */
  finish(lastMs: number): CrampChange {
    if (this.state !== 'open') {
      this.state = 'idle';
      return 'none';
    }
    return this.close(this.endQuietMs > 0 ? this.firstEndQuietMs : Math.min(lastMs, this.lastActiveMs));
  }
}
