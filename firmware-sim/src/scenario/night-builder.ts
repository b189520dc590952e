// Composes a night from events a person lives through (sleeping postures, cramps, limb movements,
// trips to the bathroom, stretches, an electric blanket, an electrode coming loose) into the
// renderer's layers and the ground truth. Every event draws from its own forked random stream.
import type { Cause, Muscle, Posture } from '../../../src/core/types.ts';
import { deviceTimeMs } from '../clock.ts';
import { postureAnkleDeg, postureGravityMg } from '../posture.ts';
import type { Random } from '../random.ts';
import type { DeviceSpec, Layer, LooseLayer, LooseMode, PostureEpoch, TruthEpisode } from '../spec.ts';
import { crampCauses } from './true-causes.ts';

export type LyingPosture = 'supine' | 'prone' | 'left_side' | 'right_side';
export const LYING_POSTURES: LyingPosture[] = ['supine', 'prone', 'left_side', 'right_side'];

export type CrampReaction = 'none' | 'bed' | 'stand';

export interface CrampOptions {
  device: number;
  muscle: Muscle;
  startMs: number;
  durationMs: number;
  peakUv: number;
  reaction?: CrampReaction;
  twitch?: boolean;
}

const MIN = 60_000;

export class NightBuilder {
  postures: PostureEpoch[] = [];
  readonly layers: Layer[] = [];
  readonly truth: TruthEpisode[] = [];
  private readonly reserved: [number, number][] = [];
  private readonly cramps: { truth: TruthEpisode; device: number; onsetMs: number }[] = [];

  constructor(
    private readonly random: Random,
    readonly startMs: number,
    readonly endMs: number,
    readonly devices: DeviceSpec[],
    readonly mvcUv: number,
  ) {}

  private seed(): number {
    return this.random.uint32();
  }

  private clock(device: number, tMs: number): number {
    return Math.round(deviceTimeMs(this.devices[device], this.startMs, tMs));
  }

  private note(device: number, kind: TruthEpisode['kind'], startMs: number, endMs: number, extra: Partial<TruthEpisode> = {}): TruthEpisode {
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
  setPosture(startMs: number, endMs: number, posture: Exclude<Posture, 'unknown'>, options: { inMs: number; outMs: number; after?: LyingPosture; ankleDeg?: number }): void {
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
    kept.push(this.epoch(startMs, endMs, posture, options.inMs, random, options.ankleDeg));
    kept.sort((a, b) => a.startMs - b.startMs);
    // the epoch after a merged `after` posture must not repeat it
    this.postures = kept.filter((e) => e.endMs > e.startMs);
  }

  postureAt(tMs: number): PostureEpoch | undefined {
    return this.postures.find((e) => e.startMs <= tMs && tMs < e.endMs);
  }

  // ---- events ----

  addCramp(options: CrampOptions): TruthEpisode {
    const random = this.random.fork('cramp');
    const { device, muscle, startMs, peakUv } = options;
    let durationMs = options.durationMs;
    const reaction = options.reaction ?? (durationMs < 8000 ? 'none' : random.weighted([['none', 1], ['bed', 4], ['stand', durationMs > 20_000 ? 3 : 0]] as const));
    const channels = this.devices[device].channels;
    const wakeMs = startMs + random.uniform(1500, Math.min(15_000, Math.max(2000, durationMs * 0.5)));

    if (reaction === 'stand') {
      const standMs = startMs + random.uniform(8000, Math.min(60_000, durationMs * 0.7));
      const inMs = random.uniform(2000, 4000);
      // standing and leaning on the leg stretches the calf: the cramp lets go within seconds
      const reliefMs = standMs + inMs + random.uniform(5000, 40_000);
      durationMs = Math.min(durationMs, reliefMs - startMs);
      const uprightEnd = Math.max(startMs + durationMs + random.uniform(20_000, 120_000), standMs + 30_000);
      this.setPosture(standMs, uprightEnd, 'upright', { inMs, outMs: random.uniform(2000, 5000), after: random.pick(LYING_POSTURES) });
      for (let d = 0; d < this.devices.length; d++) {
        const legTa = d === device ? random.uniform(80, 300) : random.uniform(20, 80);
        this.layers.push({ type: 'burst', device: d, startMs: standMs + inMs, endMs: uprightEnd, seed: this.seed(), levels: { tibialis_anterior: legTa, soleus: random.uniform(10, 40), gastrocnemius: random.uniform(5, 30) }, riseMs: 800, fallMs: 1500, wobble: 0.6 });
        this.layers.push({ type: 'motion', device: d, startMs: standMs, endMs: uprightEnd, seed: this.seed(), accMg: random.uniform(40, 200), artifactUv: random.uniform(20, 200), bumpsPerS: random.uniform(0.2, 1.5) });
        if (random.chance(0.4)) {
          // limping about the room
          const walkStart = standMs + inMs + random.uniform(3000, 10_000);
          const walkEnd = Math.min(uprightEnd - 3000, walkStart + random.uniform(10_000, 40_000));
          if (walkEnd > walkStart + 5000) {
            this.layers.push({ type: 'gait', device: d, startMs: walkStart, endMs: walkEnd, seed: this.seed(), strideHz: random.uniform(0.6, 0.85), phase: d * 0.5, gastrocUv: this.mvcUv * random.uniform(0.1, 0.3), taUv: random.uniform(60, 200), impactMg: random.uniform(200, 800), swingDeg: random.uniform(10, 25) });
          }
        }
        this.layers.push({ type: 'ankle', device: d, startMs: standMs + inMs, endMs: uprightEnd, seed: 0, deltaDeg: -random.uniform(5, 15), rampMs: 1500 });
      }
      this.note(device, 'movement', standMs, uprightEnd, { note: 'got up to stretch the cramp' });
    }

    if (random.chance(0.3)) {
      // fasciculations often come before a cramp (Miller & Layzer 2005)
      const muscleSeen = channels.includes(muscle) ? muscle : 'gastrocnemius';
      this.layers.push({ type: 'twitch', device, startMs: startMs - random.uniform(10_000, 90_000), endMs: startMs, seed: this.seed(), muscle: muscleSeen, ratePerS: random.uniform(0.2, 1.5), peakUv: random.uniform(30, 200) });
    }
    if (random.chance(0.25)) {
      // pointing the toes in a half-asleep stretch shortens the calf and sets the cramp off
      const triggerMs = random.uniform(1500, 5000);
      this.layers.push({ type: 'burst', device, startMs: startMs - triggerMs, endMs: startMs + 300, seed: this.seed(), levels: { gastrocnemius: random.uniform(40, 200), soleus: random.uniform(30, 150) }, riseMs: random.uniform(300, 800), fallMs: 200, wobble: 0.3 });
      this.layers.push({ type: 'ankle', device, startMs: startMs - triggerMs, endMs: startMs + 1000, seed: 0, deltaDeg: random.uniform(10, 20), rampMs: 500 });
      this.layers.push({ type: 'motion', device, startMs: startMs - triggerMs, endMs: startMs, seed: this.seed(), accMg: random.uniform(20, 80), artifactUv: random.uniform(10, 60), bumpsPerS: 1 });
      this.note(device, 'stretch', startMs - triggerMs, startMs, { note: 'toes pointed just before the cramp' });
    }
    const endMs = startMs + durationMs;
    const onsetMs = Math.min(random.logUniform(200, 2000), durationMs * 0.3);
    const offsetMs = Math.min(random.uniform(500, 4000), durationMs * 0.3);
    const levels: Partial<Record<Muscle, number>> = { [muscle]: peakUv };
    if (muscle === 'gastrocnemius') levels.soleus = peakUv * random.uniform(0.3, 0.9);
    if (muscle === 'soleus') levels.gastrocnemius = peakUv * random.uniform(0.15, 0.6);
    levels.tibialis_anterior = peakUv * random.uniform(0.01, 0.06);
    const dipCount = Math.round((durationMs / 1000 / random.uniform(8, 30)) * random.uniform(0.5, 1.5));
    const dips = Array.from({ length: dipCount }, () => ({ atMs: random.uniform(onsetMs + 500, Math.max(onsetMs + 600, durationMs - offsetMs - 800)), lengthMs: random.uniform(100, 700), floor: random.uniform(0.1, 0.5) }));
    this.layers.push({ type: 'cramp', device, startMs, endMs, seed: this.seed(), levels, onsetMs, offsetMs, waxDepth: random.uniform(0.1, 0.5), waxPeriodS: random.uniform(3, 20), dips, peakAt: random.uniform(0.1, 0.6) });
    // A calf cramp pulls the foot down hard (toes pointed).
    const base = this.postureAt(startMs)?.ankleDeg[device] ?? 20;
    this.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: Math.max(5, Math.min(60, base + random.uniform(10, 25)) - base), rampMs: Math.min(onsetMs + 300, durationMs / 3) });

    if (reaction !== 'none' && wakeMs < endMs) {
      // Woken by pain: a jolt, then grabbing or rubbing the calf.
      this.layers.push({ type: 'motion', device, startMs: wakeMs, endMs: wakeMs + random.uniform(800, 3000), seed: this.seed(), accMg: random.uniform(80, 400), artifactUv: random.uniform(20, 250), bumpsPerS: random.uniform(1, 4) });
      if (reaction === 'bed') {
        const tries = random.int(1, 4);
        let t = wakeMs + random.uniform(1000, 5000);
        for (let k = 0; k < tries && t < endMs; k++) {
          const length = random.uniform(2000, 6000);
          // trying to pull the toes up against the cramp
          this.layers.push({ type: 'burst', device, startMs: t, endMs: t + length, seed: this.seed(), levels: { tibialis_anterior: random.uniform(60, 300) }, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.5 });
          t += length + random.uniform(1000, 8000);
        }
        if (random.chance(0.5)) {
          const rubStart = wakeMs + random.uniform(2000, 8000);
          this.layers.push({ type: 'motion', device, startMs: rubStart, endMs: rubStart + random.uniform(5000, 30_000), seed: this.seed(), accMg: random.uniform(15, 80), artifactUv: random.uniform(30, 300), bumpsPerS: random.uniform(1, 5) });
        }
      }
    }

    let after = endMs;
    const twitch = options.twitch ?? random.chance(0.5);
    if (twitch) {
      const twitchMuscle = channels.includes(muscle) ? muscle : 'gastrocnemius';
      const length = random.uniform(1, 8) * MIN;
      this.layers.push({ type: 'twitch', device, startMs: endMs + random.uniform(500, 5000), endMs: endMs + length, seed: this.seed(), muscle: twitchMuscle, ratePerS: random.uniform(0.3, 3), peakUv: random.uniform(40, 300) });
      this.note(device, 'twitch', endMs, endMs + length, { muscle: twitchMuscle });
      after = endMs + length;
    }
    const truth = this.note(device, 'cramp', startMs, endMs, { muscle, causes: [] });
    this.cramps.push({ truth, device, onsetMs: startMs });
    this.reserve(startMs - 60_000, after + 60_000);
    return truth;
  }

  /** Periodic limb movements: ≥ 4 tibialis anterior bursts of 0.5–10 s, 10–90 s onset to onset (WASM 2016). */
  addPlmSeries(devices: number[], startMs: number, count: number, meanIntervalS: number): void {
    const random = this.random.fork('plm');
    const taUv = random.logUniform(15, 200);
    const withCalf = random.chance(0.3);
    let t = startMs;
    for (let k = 0; k < count; k++) {
      const lengthMs = Math.min(10_000, Math.max(500, 2000 * Math.exp(random.normal(0, 0.55))));
      if (!this.isFree(t, t + lengthMs) || t + lengthMs > this.endMs) break;
      for (const d of devices) {
        if (devices.length > 1 && random.chance(0.25)) continue; // not every movement is bilateral
        const jitter = devices.length > 1 ? random.uniform(-500, 500) : 0;
        this.addLm(d, t + jitter, lengthMs * random.uniform(0.8, 1.2), taUv * random.uniform(0.6, 1.4), withCalf, 'plm', random);
      }
      t += Math.min(90, Math.max(10, meanIntervalS * random.uniform(0.75, 1.3))) * 1000;
    }
  }

  addLm(device: number, startMs: number, lengthMs: number, taUv: number, withCalf: boolean, kind: 'plm' | 'lm', random: Random = this.random.fork('lm')): void {
    const endMs = startMs + lengthMs;
    const levels: Partial<Record<Muscle, number>> = { tibialis_anterior: taUv };
    if (withCalf) levels.gastrocnemius = taUv * random.uniform(0.2, 0.6);
    this.layers.push({ type: 'burst', device, startMs, endMs, seed: this.seed(), levels, riseMs: random.uniform(80, 300), fallMs: random.uniform(150, 600), wobble: random.uniform(0.1, 0.5) });
    this.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: -random.uniform(5, 20), rampMs: 250 });
    if (random.chance(0.3)) this.layers.push({ type: 'motion', device, startMs, endMs, seed: this.seed(), accMg: random.uniform(10, 60), artifactUv: random.uniform(5, 30), bumpsPerS: 0.5 });
    this.note(device, kind, startMs, endMs, { muscle: 'tibialis_anterior' });
  }

  /** Getting up at night (bathroom): sit on the edge, walk, stand, walk back, lie down. */
  addWalk(startMs: number): number {
    const random = this.random.fork('walk');
    const inMs = random.uniform(2000, 5000);
    const sitMs = random.chance(0.5) ? random.uniform(3000, 30_000) : 0;
    const walk1Ms = random.uniform(15_000, 90_000);
    const standMs = random.uniform(30_000, 300_000);
    const walk2Ms = random.uniform(15_000, 90_000);
    const endMs = startMs + inMs + sitMs + walk1Ms + standMs + walk2Ms + random.uniform(2000, 20_000);
    if (endMs > this.endMs) return startMs;
    this.setPosture(startMs, endMs, 'upright', { inMs, outMs: random.uniform(2000, 5000), after: random.pick(LYING_POSTURES) });
    const strideHz = random.uniform(0.8, 1.1);
    const walk1 = startMs + inMs + sitMs;
    const walk2 = walk1 + walk1Ms + standMs;
    for (let d = 0; d < this.devices.length; d++) {
      const gait = { strideHz, phase: this.devices[d].leg === 'left' ? 0 : 0.5, gastrocUv: this.mvcUv * random.uniform(0.15, 0.45), taUv: random.uniform(80, 300), impactMg: random.uniform(300, 1500), swingDeg: random.uniform(20, 35) };
      this.layers.push({ type: 'gait', device: d, startMs: walk1, endMs: walk1 + walk1Ms, seed: this.seed(), ...gait });
      this.layers.push({ type: 'gait', device: d, startMs: walk2, endMs: walk2 + walk2Ms, seed: this.seed(), ...gait });
      // standing still: postural sway keeps soleus and gastrocnemius lightly on
      this.layers.push({ type: 'burst', device: d, startMs: walk1 + walk1Ms - 500, endMs: walk2 + 500, seed: this.seed(), levels: { soleus: random.uniform(10, 50), gastrocnemius: random.uniform(8, 40), tibialis_anterior: random.uniform(3, 25) }, riseMs: 800, fallMs: 800, wobble: 0.7 });
      this.layers.push({ type: 'motion', device: d, startMs: walk1 + walk1Ms, endMs: walk2, seed: this.seed(), accMg: random.uniform(10, 50), artifactUv: random.uniform(5, 40), bumpsPerS: 0.2 });
      this.note(d, 'walk', startMs, endMs, { note: 'out of bed' });
    }
    this.reserve(startMs - 30_000, endMs + 30_000);
    return endMs;
  }

  /** Stretching in bed while awake: foot pulled up (tibialis on, calf quiet), sometimes toes pointed. */
  addStretch(device: number, startMs: number): void {
    const random = this.random.fork('stretch');
    const pointToes = random.chance(0.3);
    const lengthMs = pointToes ? random.uniform(1500, 4000) : random.uniform(3000, 20_000);
    const endMs = startMs + lengthMs;
    const levels: Partial<Record<Muscle, number>> = pointToes
      ? { gastrocnemius: random.uniform(60, 250), soleus: random.uniform(30, 150), tibialis_anterior: random.uniform(5, 30) }
      : { tibialis_anterior: random.uniform(80, 300), gastrocnemius: random.uniform(5, 30) };
    this.layers.push({ type: 'burst', device, startMs, endMs, seed: this.seed(), levels, riseMs: random.uniform(300, 1000), fallMs: random.uniform(300, 1000), wobble: 0.4 });
    this.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: pointToes ? random.uniform(10, 25) : -random.uniform(20, 45), rampMs: 600 });
    this.layers.push({ type: 'motion', device, startMs: startMs - 500, endMs: endMs + 500, seed: this.seed(), accMg: random.uniform(20, 100), artifactUv: random.uniform(10, 80), bumpsPerS: 0.6 });
    this.note(device, 'stretch', startMs, endMs, { note: pointToes ? 'toes pointed' : 'foot pulled up' });
    this.reserve(startMs - 5000, endMs + 5000);
  }

  /** Mains interference: an electric blanket (an artifact worth noting), or `ambient` pick-up from wiring near the bed all night. */
  addHum(startMs: number, endMs: number, hz: 50 | 60, amplitudeUv: number, ambient = false): void {
    const random = this.random.fork('hum');
    const duty = ambient || random.chance(0.5) ? 1 : random.uniform(0.3, 0.9);
    const cycleS = random.uniform(60, 600);
    const harmonics = [random.uniform(0.02, 0.3), random.uniform(0.05, 0.5), random.uniform(0.01, 0.1), random.uniform(0.02, 0.2)];
    for (let d = 0; d < this.devices.length; d++) {
      const device = this.devices[d];
      this.layers.push({ type: 'hum', device: d, startMs, endMs, seed: this.seed(), hz, amplitudeUv: amplitudeUv * random.uniform(0.6, 1.4), harmonics, cycleS, duty, channelGain: device.channels.map(() => random.uniform(0.4, 1.5)) });
      if (!ambient) this.note(d, 'artifact', startMs, endMs, { note: `electric blanket mains hum ${hz} Hz` });
    }
  }

  addLooseElectrode(device: number, startMs: number, endMs: number, allChannels: boolean): void {
    const random = this.random.fork('loose');
    const channels = this.devices[device].channels;
    const affected: Muscle[] = allChannels ? [...channels] : [random.pick(channels)];
    const segments: LooseLayer['segments'] = [];
    let t = startMs;
    while (t < endMs) {
      const mode = random.weighted([['wander', 3], ['pops', 3], ['saturate', 1], ['flat', 1], ['junk', 2]] as [LooseMode, number][]);
      const length = Math.min(endMs - t, random.logUniform(5000, 300_000));
      const amplitudeUv = mode === 'wander' ? random.logUniform(100, 2000) : mode === 'pops' ? random.logUniform(200, 5000) : random.logUniform(200, 3000);
      segments.push({ startMs: t, endMs: t + length, mode, amplitudeUv });
      t += length + (random.chance(0.3) ? random.uniform(2000, 60_000) : 0);
    }
    this.layers.push({ type: 'loose', device, startMs, endMs, seed: this.seed(), channels: affected, segments });
    this.note(device, 'artifact', startMs, endMs, { note: `electrode loose on ${affected.join(', ')}` });
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
      }
    }
  }

  finish(nightLevelCauses: readonly Cause[]): void {
    this.addTransitions();
    for (const cramp of this.cramps) cramp.truth.causes = crampCauses(nightLevelCauses, this.postures, cramp.device, cramp.onsetMs);
    this.truth.sort((a, b) => a.start - b.start);
  }
}
