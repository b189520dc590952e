// A cramp and what comes with it: sometimes fasciculations or a toe-pointing stretch before it;
// sudden onset, wax and wane with brief dips; the sleeper waking, trying to pull the toes up,
// rubbing the calf, or getting up to stand on the leg (which ends it); twitching afterwards.
// A thigh or foot cramp is the same event in another muscle: a hamstring cramp pulls the knee
// into flexion and moves the shank, a quadriceps cramp straightens the knee, a foot cramp curls
// the toes; the sleeper pulls against it with the muscle on the other side.
import type { Muscle } from '../../../../src/core/types.ts';
import type { Random } from '../../random.ts';
import type { TruthEpisode } from '../../spec.ts';
import { LYING_POSTURES, type NightBuilder } from '../night-builder.ts';

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

export function addCramp(b: NightBuilder, options: CrampOptions): TruthEpisode {
  const random = b.random.fork('cramp');
  const { device, muscle, startMs, peakUv } = options;
  const calf = muscle === 'gastrocnemius' || muscle === 'soleus';
  let durationMs = options.durationMs;
  const reaction = options.reaction ?? (durationMs < 8000 ? 'none' : random.weighted([['none', 1], ['bed', 4], ['stand', durationMs > 20_000 ? 3 : 0]] as const));
  const channels = b.devices[device].channels;
  const wakeMs = startMs + random.uniform(1500, Math.min(15_000, Math.max(2000, durationMs * 0.5)));

  if (reaction === 'stand') {
    const standMs = startMs + random.uniform(8000, Math.min(60_000, durationMs * 0.7));
    const inMs = random.uniform(2000, 4000);
    // standing and leaning on the leg stretches the calf: the cramp lets go within seconds
    const reliefMs = standMs + inMs + random.uniform(5000, 40_000);
    durationMs = Math.min(durationMs, reliefMs - startMs);
    const uprightEnd = Math.max(startMs + durationMs + random.uniform(20_000, 120_000), standMs + 30_000);
    b.setPosture(standMs, uprightEnd, 'upright', { inMs, outMs: random.uniform(2000, 5000), after: random.pick(LYING_POSTURES) });
    for (let d = 0; d < b.devices.length; d++) {
      const legTa = d === device ? random.uniform(80, 300) : random.uniform(20, 80);
      b.layers.push({ type: 'burst', device: d, startMs: standMs + inMs, endMs: uprightEnd, seed: b.seed(), levels: { tibialis_anterior: legTa, soleus: random.uniform(10, 40), gastrocnemius: random.uniform(5, 30) }, riseMs: 800, fallMs: 1500, wobble: 0.6 });
      b.layers.push({ type: 'motion', device: d, startMs: standMs, endMs: uprightEnd, seed: b.seed(), accMg: random.uniform(40, 200), artifactUv: random.uniform(20, 200), bumpsPerS: random.uniform(0.2, 1.5) });
      if (random.chance(0.4)) {
        // limping about the room
        const walkStart = standMs + inMs + random.uniform(3000, 10_000);
        const walkEnd = Math.min(uprightEnd - 3000, walkStart + random.uniform(10_000, 40_000));
        if (walkEnd > walkStart + 5000) {
          b.layers.push({ type: 'gait', device: d, startMs: walkStart, endMs: walkEnd, seed: b.seed(), strideHz: random.uniform(0.6, 0.85), phase: d * 0.5, gastrocUv: b.mvcUv * random.uniform(0.1, 0.3), taUv: random.uniform(60, 200), impactMg: random.uniform(200, 800), swingDeg: random.uniform(10, 25) });
        }
      }
      b.layers.push({ type: 'ankle', device: d, startMs: standMs + inMs, endMs: uprightEnd, seed: 0, deltaDeg: -random.uniform(5, 15), rampMs: 1500 });
    }
    b.note(device, 'movement', standMs, uprightEnd, { note: 'got up to stretch the cramp' });
  }

  if (random.chance(0.3)) {
    // fasciculations often come before a cramp (Miller & Layzer 2005)
    const muscleSeen = channels.includes(muscle) ? muscle : 'gastrocnemius';
    b.layers.push({ type: 'twitch', device, startMs: startMs - random.uniform(10_000, 90_000), endMs: startMs, seed: b.seed(), muscle: muscleSeen, ratePerS: random.uniform(0.2, 1.5), peakUv: random.uniform(30, 200) });
  }
  if (calf && random.chance(0.25)) {
    // pointing the toes in a half-asleep stretch shortens the calf and sets the cramp off
    const triggerMs = random.uniform(1500, 5000);
    b.layers.push({ type: 'burst', device, startMs: startMs - triggerMs, endMs: startMs + 300, seed: b.seed(), levels: { gastrocnemius: random.uniform(40, 200), soleus: random.uniform(30, 150) }, riseMs: random.uniform(300, 800), fallMs: 200, wobble: 0.3 });
    b.layers.push({ type: 'ankle', device, startMs: startMs - triggerMs, endMs: startMs + 1000, seed: 0, deltaDeg: random.uniform(10, 20), rampMs: 500 });
    b.layers.push({ type: 'motion', device, startMs: startMs - triggerMs, endMs: startMs, seed: b.seed(), accMg: random.uniform(20, 80), artifactUv: random.uniform(10, 60), bumpsPerS: 1 });
    b.note(device, 'stretch', startMs - triggerMs, startMs, { note: 'toes pointed just before the cramp' });
  }
  const endMs = startMs + durationMs;
  const onsetMs = Math.min(random.logUniform(200, 2000), durationMs * 0.3);
  const offsetMs = Math.min(random.uniform(500, 4000), durationMs * 0.3);
  const levels: Partial<Record<Muscle, number>> = { [muscle]: peakUv };
  if (muscle === 'gastrocnemius') levels.soleus = peakUv * random.uniform(0.3, 0.9);
  if (muscle === 'soleus') levels.gastrocnemius = peakUv * random.uniform(0.15, 0.6);
  if (calf) levels.tibialis_anterior = peakUv * random.uniform(0.01, 0.06);
  else levels[opposing(muscle)] = peakUv * random.uniform(0.01, 0.06);
  const dipCount = Math.round((durationMs / 1000 / random.uniform(8, 30)) * random.uniform(0.5, 1.5));
  const dips = Array.from({ length: dipCount }, () => ({ atMs: random.uniform(onsetMs + 500, Math.max(onsetMs + 600, durationMs - offsetMs - 800)), lengthMs: random.uniform(100, 700), floor: random.uniform(0.1, 0.5) }));
  // Most cramps wax and wane slowly; some pulse on and off every second or two (clonic).
  const clonic = random.chance(0.15);
  const waxDepth = clonic ? random.uniform(0.6, 0.85) : random.uniform(0.1, 0.55);
  const waxPeriodS = clonic ? random.uniform(0.8, 3) : random.uniform(3, 20);
  b.layers.push({ type: 'cramp', device, startMs, endMs, seed: b.seed(), levels, onsetMs, offsetMs, waxDepth, waxPeriodS, dips, peakAt: random.uniform(0.1, 0.6) });
  if (calf) {
    // A calf cramp pulls the foot down hard (toes pointed).
    const base = b.postureAt(startMs)?.ankleDeg[device] ?? 20;
    b.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: Math.max(5, Math.min(60, base + random.uniform(10, 25)) - base), rampMs: Math.min(onsetMs + 300, durationMs / 3) });
  } else {
    pullOfCramp(b, random, options, endMs, onsetMs);
  }

  if (reaction !== 'none' && wakeMs < endMs) {
    // Woken by pain: a jolt, then grabbing or rubbing the calf.
    b.layers.push({ type: 'motion', device, startMs: wakeMs, endMs: wakeMs + random.uniform(800, 3000), seed: b.seed(), accMg: random.uniform(80, 400), artifactUv: random.uniform(20, 250), bumpsPerS: random.uniform(1, 4) });
    if (reaction === 'bed') {
      const tries = random.int(1, 4);
      let t = wakeMs + random.uniform(1000, 5000);
      for (let k = 0; k < tries && t < endMs; k++) {
        const length = random.uniform(2000, 6000);
        // trying to pull the toes up against the cramp
        b.layers.push({ type: 'burst', device, startMs: t, endMs: t + length, seed: b.seed(), levels: { [calf ? 'tibialis_anterior' : opposing(muscle)]: random.uniform(60, 300) }, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.5 });
        t += length + random.uniform(1000, 8000);
      }
      if (random.chance(0.5)) {
        const rubStart = wakeMs + random.uniform(2000, 8000);
        b.layers.push({ type: 'motion', device, startMs: rubStart, endMs: rubStart + random.uniform(5000, 30_000), seed: b.seed(), accMg: random.uniform(15, 80), artifactUv: random.uniform(30, 300), bumpsPerS: random.uniform(1, 5) });
      }
    }
  }

  let after = endMs;
  const twitch = options.twitch ?? random.chance(0.5);
  if (twitch) {
    const twitchMuscle = channels.includes(muscle) ? muscle : 'gastrocnemius';
    const length = random.uniform(1, 8) * MIN;
    b.layers.push({ type: 'twitch', device, startMs: endMs + random.uniform(500, 5000), endMs: endMs + length, seed: b.seed(), muscle: twitchMuscle, ratePerS: random.uniform(0.3, 3), peakUv: random.uniform(40, 300) });
    b.note(device, 'twitch', endMs, endMs + length, { muscle: twitchMuscle });
    after = endMs + length;
  }
  const truth = b.note(device, 'cramp', startMs, endMs, { muscle, causes: [] });
  b.registerCramp(truth, device, startMs);
  // twitching may go on under later events; only the cramp and its aftermath are kept clear
  b.reserve(startMs - 60_000, Math.min(after, endMs + 120_000) + 30_000);
  return truth;
}

/** The muscle the sleeper pulls against a cramp with (and that co-contracts a little in it). */
function opposing(muscle: Muscle): Muscle {
  if (muscle === 'hamstrings') return 'quadriceps';
  if (muscle === 'quadriceps') return 'hamstrings';
  return 'tibialis_anterior';
}

/** What a thigh or foot cramp does to the joint it crosses. */
function pullOfCramp(b: NightBuilder, random: Random, options: CrampOptions, endMs: number, onsetMs: number): void {
  const { device, muscle, startMs, durationMs } = options;
  const rampMs = Math.min(onsetMs + 300, durationMs / 3);
  if (muscle === 'hamstrings') {
    // the knee is pulled into flexion: the shank swings back with it
    b.layers.push({ type: 'knee', device, startMs, endMs, seed: 0, deltaDeg: random.uniform(15, 45), rampMs });
    const jolt = startMs + random.uniform(100, Math.max(200, onsetMs));
    b.layers.push({ type: 'motion', device, startMs: jolt, endMs: jolt + random.uniform(500, 2000), seed: b.seed(), accMg: random.uniform(30, 200), artifactUv: random.uniform(5, 60), bumpsPerS: random.uniform(0.5, 2) });
  } else if (muscle === 'quadriceps') {
    const base = b.postureAt(startMs)?.kneeDeg?.[device] ?? 15;
    b.layers.push({ type: 'knee', device, startMs, endMs, seed: 0, deltaDeg: -Math.min(base, random.uniform(10, 30)), rampMs });
  } else {
    // the toes curl; the ankle follows a little
    b.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: random.uniform(0, 10), rampMs });
  }
}
