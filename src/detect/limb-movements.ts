// Limb movements and periodic series by the WASM 2016 rules (Ferri et al. 2016, "World
// Association of Sleep Medicine (WASM) 2016 standards for recording and scoring leg movements in
// polysomnograms", Sleep Med 26:86): an LM starts when tibialis anterior EMG rises ≥ 8 µV above
// the resting level, ends when it stays < 2 µV above rest for ≥ 0.5 s, and lasts 0.5–10 s; a
// PLM series is ≥ 4 consecutive LMs 10–90 s apart onset to onset.
//
// Whether an LM is periodic is only known once the fourth arrives, so up to three wait here.
import { ENVELOPE_LAG_MS } from './block-clock.ts';

const ONSET_ABOVE_UV = 8;
const OFFSET_ABOVE_UV = 2;
const OFFSET_HOLD_MS = 500;
const MIN_LM_MS = 500;
const MAX_LM_MS = 10_000;
const MIN_INTERVAL_MS = 10_000;
const MAX_INTERVAL_MS = 90_000;
const SERIES_LENGTH = 4;

export interface LimbMovementOut {
  startMs: number;
  endMs: number;
  periodic: boolean;
}

/**
 * The detector's whole state, plain numbers: what a night moved to another process continues
 * from (src/app/nats/night-carry.ts). A series reaches back up to 3 × 90 s, further than a
 * warm-up replays, so the LMs waiting for their verdict move with it. `lastOnsetMs` null: none yet.
 */
export interface LimbMovementState {
  active: boolean;
  startMs: number;
  quietMs: number;
  firstQuietMs: number;
  excluded: boolean;
  pendingStart: number[];
  pendingEnd: number[];
  run: number;
  lastOnsetMs: number | null;
  limbMovements: number;
  periodicLimbMovements: number;
}

export class LimbMovementDetector {
  private active = false;
  private startMs = 0;
  private quietMs = 0;
  private firstQuietMs = 0;
  private excluded = false;
  // LMs waiting for their series verdict (at most SERIES_LENGTH − 1)
  private readonly pendingStart = new Float64Array(SERIES_LENGTH);
  private readonly pendingEnd = new Float64Array(SERIES_LENGTH);
  private pending = 0;
  private run = 0;
  private lastOnsetMs = -Infinity;

  limbMovements = 0;
  periodicLimbMovements = 0;

  constructor(private readonly emit: (movement: LimbMovementOut) => void) {}

  /**
   * One 50-ms block of the tibialis anterior envelope. `excluded` marks blocks that cannot hold a
   * sleep LM (during a cramp, out of bed): an LM touching one is dropped.
   */
  step(tMs: number, blockMs: number, levelUv: number, restUv: number, excluded: boolean): void {
    if (!this.active) {
      if (levelUv >= restUv + ONSET_ABOVE_UV) {
        this.active = true;
        this.startMs = tMs - ENVELOPE_LAG_MS;
        this.quietMs = 0;
        this.excluded = excluded;
      }
    } else {
      if (excluded) this.excluded = true;
      if (levelUv < restUv + OFFSET_ABOVE_UV) {
        if (this.quietMs === 0) this.firstQuietMs = tMs - ENVELOPE_LAG_MS;
        this.quietMs += blockMs;
        if (this.quietMs >= OFFSET_HOLD_MS) this.end(this.firstQuietMs);
      } else {
        this.quietMs = 0;
      }
    }
    if (this.pending > 0 && tMs - this.lastOnsetMs > MAX_INTERVAL_MS) this.flush(false);
  }

  private end(endMs: number): void {
    this.active = false;
    const length = endMs - this.startMs;
    if (this.excluded || length < MIN_LM_MS || length > MAX_LM_MS) return;
    this.limbMovements++;
    const interval = this.startMs - this.lastOnsetMs;
    if (interval >= MIN_INTERVAL_MS && interval <= MAX_INTERVAL_MS) this.run++;
    else {
      this.flush(false);
      this.run = 1;
    }
    this.lastOnsetMs = this.startMs;
    if (this.run >= SERIES_LENGTH) {
      this.flush(true);
      this.periodicLimbMovements++;
      this.emit({ startMs: this.startMs, endMs, periodic: true });
    } else {
      this.pendingStart[this.pending] = this.startMs;
      this.pendingEnd[this.pending] = endMs;
      this.pending++;
    }
  }

  private flush(periodic: boolean): void {
    for (let k = 0; k < this.pending; k++) {
      if (periodic) this.periodicLimbMovements++;
      this.emit({ startMs: this.pendingStart[k], endMs: this.pendingEnd[k], periodic });
    }
    this.pending = 0;
  }

  state(): LimbMovementState {
    return {
      active: this.active,
      startMs: this.startMs,
      quietMs: this.quietMs,
      firstQuietMs: this.firstQuietMs,
      excluded: this.excluded,
      pendingStart: Array.from(this.pendingStart.subarray(0, this.pending)),
      pendingEnd: Array.from(this.pendingEnd.subarray(0, this.pending)),
      run: this.run,
      lastOnsetMs: Number.isFinite(this.lastOnsetMs) ? this.lastOnsetMs : null,
      limbMovements: this.limbMovements,
      periodicLimbMovements: this.periodicLimbMovements,
    };
  }

  restore(state: LimbMovementState): void {
    this.active = state.active;
    this.startMs = state.startMs;
    this.quietMs = state.quietMs;
    this.firstQuietMs = state.firstQuietMs;
    this.excluded = state.excluded;
    this.pending = Math.min(state.pendingStart.length, SERIES_LENGTH - 1);
    for (let k = 0; k < this.pending; k++) {
      this.pendingStart[k] = state.pendingStart[k];
      this.pendingEnd[k] = state.pendingEnd[k];
    }
    this.run = state.run;
    this.lastOnsetMs = state.lastOnsetMs ?? -Infinity;
    this.limbMovements = state.limbMovements;
    this.periodicLimbMovements = state.periodicLimbMovements;
  }

  /** Missing data: an LM in progress is dropped (its end is unknown); the series goes on. */
  gap(): void {
    this.active = false;
  }

  finish(): void {
    this.active = false;
    this.flush(false);
  }
}
