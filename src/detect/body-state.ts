// What the leg is doing, one decision block at a time, from its accelerometers: posture (from the
// shank), whether it moves (or only stirs, stir-watch.ts), the ankle angle (with a foot sensor),
// the knee angle (with a thigh sensor, PROTOCOL §10.1), and since when each has held.
// The last two minutes are kept in a BodyHistory, since a cramp's onset is back-dated.
import type { Posture, SampleFrame } from '../core/types.ts';
import { ankleFlexionDeg } from '../dsp/ankle.ts';
import { kneeFlexionDeg } from '../dsp/knee.ts';
import { postureFromGravity } from '../dsp/posture.ts';
import { LogQuantileTracker } from '../dsp/quantile-tracker.ts';
import { AccelStream } from './accel-stream.ts';
import { BLOCK_MS } from './block-clock.ts';
import { BodyHistory } from './body-history.ts';
import { StirWatch } from './stir-watch.ts';

/** Motion: mean |a − g| above max(30 mg, 3× its resting level) (sensor noise is a few mg). */
const MOVING_MIN_MG = 30;
const MOVING_RATIO = 3;
/** the resting motion level: its 30th percentile, tracked in log units */
const MOTION_REST_QUANTILE = 0.3;
const MOTION_REST_STEP = 0.01;
/** A new posture counts once held this long (turning over takes 1–5 s). */
const POSTURE_HOLD_MS = 3000;
/** Plantar flexion beyond this is "toes pointed" for the cause rules (PROTOCOL §6 example). */
const ANKLE_FLEXED_DEG = 30;
/**
 * Knee flexion beyond this is "legs tightly curled" for the cause rules: the fetal position, hips
 * and knees drawn up. Lying with legs out the knee rests at 0–30°, on a side at 20–60°; no
 * published cut-off is known to us, so this sits well above the relaxed range.
 */
export const KNEE_CURLED_DEG = 75;

export class BodyState {
  readonly shank = new AccelStream();
  readonly foot = new AccelStream();
  readonly thigh = new AccelStream();
  readonly history = new BodyHistory();
  private readonly motionRest = new LogQuantileTracker(MOTION_REST_QUANTILE, MOTION_REST_STEP);

  posture: Posture = 'unknown';
  private postureSinceMs = NaN;
  private pendingPosture: Posture = 'unknown';
  private pendingSinceMs = NaN;
  private stillSinceMs = NaN;
  moving = false;
  /** the leg moves too slightly for `moving`, over a second (stir-watch.ts) */
  stirring = false;
  private readonly stir = new StirWatch();
  /** plantar flexion, degrees; NaN without a foot sensor or when it cannot be measured */
  ankleDeg = NaN;
  private ankleFlexedSinceMs = NaN;
  /** knee flexion, degrees; NaN without a thigh sensor or when it cannot be measured */
  kneeDeg = NaN;
  private kneeCurledSinceMs = NaN;
  private lastHistorySecond = NaN;

  get upright(): boolean {
    return this.posture === 'upright';
  }

  /** The frame's accelerometer samples, fed as the blocks they fall in end. */
  loadFrame(frame: SampleFrame): void {
    this.shank.load(frame.acc);
    this.foot.load(frame.foot);
    this.thigh.load(frame.thigh);
  }

  feedUntil(untilMs: number): void {
    this.shank.feedUntil(untilMs);
    this.foot.feedUntil(untilMs);
    this.thigh.feedUntil(untilMs);
  }

  /** Missing data: gravity estimates restart from the next sample. */
  restart(): void {
    this.shank.restart();
    this.foot.restart();
    this.thigh.restart();
    this.stir.restart();
  }

  /** The block starting at tMs has ended. */
  endBlock(tMs: number): void {
    this.shank.endBlock();
    this.foot.endBlock();
    this.thigh.endBlock();
    this.updateMovement(tMs);
    this.updatePosture(tMs);
    this.updateAnkle(tMs);
    this.updateKnee(tMs);
    const second = Math.floor(tMs / 1000);
    if (second !== this.lastHistorySecond) {
      this.lastHistorySecond = second;
      this.history.record(tMs, this.posture, this.postureSinceMs, this.stillSinceMs, this.ankleDeg, this.ankleFlexedSinceMs, this.kneeDeg, this.kneeCurledSinceMs);
    }
  }

  private updateMovement(tMs: number): void {
    const motion = this.shank.tracker.motionMg;
    if (motion === motion) {
      const rest = this.motionRest.ready ? this.motionRest.value : motion;
      this.moving = motion > Math.max(MOVING_MIN_MG, MOVING_RATIO * rest);
      if (!this.moving) this.motionRest.update(motion);
    } else {
      this.moving = false;
    }
    this.stirring = this.stir.step(motion, this.moving);
    if (this.moving || Number.isNaN(this.stillSinceMs)) this.stillSinceMs = tMs + BLOCK_MS;
  }

  private updatePosture(tMs: number): void {
    const shank = this.shank.tracker;
    const now: Posture = this.shank.worn ? postureFromGravity(shank.gx, shank.gy, shank.gz) : 'unknown';
    if (now !== this.pendingPosture) {
      this.pendingPosture = now;
      this.pendingSinceMs = tMs;
    }
    if (now !== this.posture && (tMs - this.pendingSinceMs >= POSTURE_HOLD_MS || this.posture === 'unknown')) {
      this.posture = now;
      this.postureSinceMs = this.pendingSinceMs;
    }
    if (Number.isNaN(this.postureSinceMs)) this.postureSinceMs = tMs;
  }

  private updateAnkle(tMs: number): void {
    if (!this.foot.worn || !this.shank.worn) {
      this.ankleDeg = NaN;
      return;
    }
    const shank = this.shank.tracker;
    const foot = this.foot.tracker;
    this.ankleDeg = ankleFlexionDeg(shank.gx, shank.gz, foot.gx, foot.gz);
    if (this.ankleDeg > ANKLE_FLEXED_DEG) {
      if (Number.isNaN(this.ankleFlexedSinceMs)) this.ankleFlexedSinceMs = tMs;
    } else if (this.ankleDeg === this.ankleDeg) this.ankleFlexedSinceMs = NaN;
  }

  private updateKnee(tMs: number): void {
    if (!this.thigh.worn || !this.shank.worn) {
      this.kneeDeg = NaN;
      return;
    }
    const shank = this.shank.tracker;
    const thigh = this.thigh.tracker;
    this.kneeDeg = kneeFlexionDeg(shank.gx, shank.gz, thigh.gx, thigh.gz);
    if (this.kneeDeg > KNEE_CURLED_DEG) {
      if (Number.isNaN(this.kneeCurledSinceMs)) this.kneeCurledSinceMs = tMs;
    } else if (this.kneeDeg === this.kneeDeg) this.kneeCurledSinceMs = NaN;
  }
}
