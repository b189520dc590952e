// The night being composed: sleeping postures, reserved time, the renderer's layers and the
// ground truth. Events (scenario/events/) add to it; finish() adds the movements of every change
// of posture and settles each cramp's causes. Every event draws from its own forked random stream.
import type { Cause, Posture } from '../../../src/core/types.ts';
import { deviceTimeMs } from '../clock.ts';
import { postureAnkleDeg, postureGravityMg } from '../posture.ts';
import type { Random } from '../random.ts';
import { kneeBendWhileTurning, restingKneeDeg } from './knee-angles.ts';
import type { DeviceSpec, Layer, PostureEpoch, TruthEpisode } from '../spec.ts';
import { crampCauses } from './true-causes.ts';

export type LyingPosture = 'supine' | 'prone' | 'left_side' | 'right_side';
export const LYING_POSTURES: LyingPosture[] = ['supine', 'prone', 'left_side', 'right_side'];

const MIN = 60_000;

export class NightBuilder {
  postures: PostureEpoch[] = [];
  readonly layers: Layer[] = [];
  readonly truth: TruthEpisode[] = [];
  private readonly reserved: [number, number][] = [];
  private readonly cramps: { truth: TruthEpisode; device: number; onsetMs: number }[] = [];
  /** set on nights with sensors beyond the calf: knee angles and the thigh's and foot's own events draw from it */
  wholeLeg: Random | undefined;

  constructor(
    readonly random: Random,
    readonly startMs: number,
    readonly endMs: number,
    readonly devices: DeviceSpec[],
    readonly mvcUv: number,
  ) {}

  /** A fresh seed for a layer's own random details. */
  seed(): number {
    return this.random.uint32();
  }

  private clock(device: number, tMs: number): number {
    return Math.round(deviceTimeMs(this.devices[device], this.startMs, tMs));
  }

  /** Records a truth episode on the device's clock. */
  note(device: number, kind: TruthEpisode['kind'], startMs: number, endMs: number, extra: Partial<TruthEpisode> = {}): TruthEpisode {
    const episode: TruthEpisode = { device: this.devices[device].id, kind, start: this.clock(device, startMs), end: this.clock(device, endMs), ...extra };
    this.truth.push(episode);
    return episode;
  }

  // ---- time bookkeeping ----

  reserve(startMs: number, endMs: number): void {
    this.reserved.push([startMs, endMs]);
  }

  isFree(startMs: number, endMs: number): boolean {
    return startMs >= this.startMs && endMs <= this.endMs && this.reserved.every(([a, b]) => endMs <= a || startMs >= b);
  }

  /** A random start time for something `durationMs` long that avoids reserved time, or undefined. */
  freeSlot(durationMs: number, fromMs = this.startMs, toMs = this.endMs, marginMs = 30_000, random = this.random): number | undefined {
    for (let attempt = 0; attempt < 60; attempt++) {
      const start = random.uniform(fromMs, toMs - durationMs);
      if (start < fromMs) return undefined;
      if (this.isFree(start - marginMs, start + durationMs + marginMs)) return start;
    }
    return undefined;
  }

  // ---- postures ----

  private epoch(startMs: number, endMs: number, posture: Exclude<Posture, 'unknown'>, transitionMs: number, random: Random, ankleDeg?: number): PostureEpoch {
    return {
      startMs,
      endMs,
      posture,
      gravity: this.devices.map(() => postureGravityMg(posture, random)),
      ankleDeg: this.devices.map(() => ankleDeg ?? postureAnkleDeg(posture, random)),
      transitionMs,
    };
  }

  /** Lying epochs over the whole night, a few to ~90 minutes each, with a personal preference. */
  fillPostures(weights: Record<LyingPosture, number>, medianMin = 25): void {
    const random = this.random.fork('postures');
    let t = this.startMs;
    let previous: LyingPosture | undefined;
    while (t < this.endMs) {
      const choices = LYING_POSTURES.filter((p) => p !== previous).map((p) => [p, weights[p]] as const);
      const posture = random.weighted(choices);
      const lengthMs = Math.min(120, Math.max(3, medianMin * Math.exp(random.normal(0, 0.7)))) * MIN;
      const end = Math.min(this.endMs, t + lengthMs);
      this.postures.push(this.epoch(t, end, posture, previous ? random.uniform(1000, 6000) : 0, random));
      previous = posture;
      t = end;
    }
  }

  /**
   * Puts `posture` over [startMs, endMs), cutting what was there. After it the previous posture
   * resumes, or `after` if given (until the next change).
   */
setPosture(startMs: number, endMs: number, posture: Exclude<Posture, 'unknown'>, options: { inMs: number; outMs: number; after?: LyingPosture; ankleDeg?: number; kneeDeg?: number; gravity?: [number, number, number] }): void {
    const random = this.random.fork('set-posture');
    const kept: PostureEpoch[] = [];
    let resumed: PostureEpoch | undefined;
    for (const e of this.postures) {
      if (e.endMs <= startMs || e.startMs >= endMs) {
        kept.push(e);
        continue;
      }
      if (e.startMs < startMs) kept.push({ ...e, endMs: startMs });
      if (e.endMs > endMs) {
        resumed = { ...e, startMs: endMs, transitionMs: options.outMs };
        if (options.after && options.after !== e.posture) resumed = this.epoch(endMs, e.endMs, options.after, options.outMs, random);
        kept.push(resumed);
      }
    }
    const placed = this.epoch(startMs, endMs, posture, options.inMs, random, options.ankleDeg);
    if (options.kneeDeg !== undefined) placed.kneeDeg = this.devices.map(() => options.kneeDeg!);
    if (options.gravity) placed.gravity = this.devices.map(() => options.gravity!);
    kept.push(placed);
    kept.sort((a, b) => a.startMs - b.startMs);
    // the epoch after a merged `after` posture must not repeat it
    this.postures = kept.filter((e) => e.endMs > e.startMs);
  }

  postureAt(tMs: number): PostureEpoch | undefined {
    return this.postures.find((e) => e.startMs <= tMs && tMs < e.endMs);
  }

  // ---- events (scenario/events/) ----

  registerCramp(truth: TruthEpisode, device: number, onsetMs: number): void {
    this.cramps.push({ truth, device, onsetMs });
  }

  /** Turning over and every other change of posture: muscle bursts, a jolt, motion artifacts. */
  private addTransitions(): void {
    const random = this.random.fork('turns');
    for (let k = 1; k < this.postures.length; k++) {
      const e = this.postures[k];
      const before = this.postures[k - 1];
      const startMs = e.startMs - random.uniform(200, 800);
      const endMs = e.startMs + Math.max(e.transitionMs, 800) + random.uniform(200, 800);
      const big = e.posture === 'upright' || before.posture === 'upright' ? 1.5 : 1;
      for (let d = 0; d < this.devices.length; d++) {
        this.layers.push({ type: 'motion', device: d, startMs, endMs, seed: this.seed(), accMg: big * random.uniform(80, 500), artifactUv: random.logUniform(15, 400), bumpsPerS: random.uniform(1, 4) });
        this.layers.push({ type: 'burst', device: d, startMs, endMs, seed: this.seed(), levels: { gastrocnemius: random.logUniform(15, 150), soleus: random.logUniform(15, 120), tibialis_anterior: random.logUniform(15, 200) }, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.6 });
        if (e.posture !== 'upright' && before.posture !== 'upright') this.note(d, 'movement', startMs, endMs, { note: `turned from ${before.posture} to ${e.posture}` });
        if (this.wholeLeg) kneeBendWhileTurning(this, this.wholeLeg, d, startMs, endMs);
      }
    }
  }

  finish(nightLevelCauses: readonly Cause[]): void {
    if (this.wholeLeg) {
      const random = this.wholeLeg;
      for (const e of this.postures) e.kneeDeg ??= this.devices.map(() => restingKneeDeg(e.posture, random));
    }
    this.addTransitions();
    for (const cramp of this.cramps) cramp.truth.causes = crampCauses(nightLevelCauses, this.postures, cramp.device, cramp.onsetMs);
    this.truth.sort((a, b) => a.start - b.start);
  }
}
