// Leg movements in sleep (WASM 2016 / AASM): tibialis anterior bursts of 0.5–10 s at least
// 8 µV above rest, with the ankle pulled up; periodic when ≥ 4 come 10–90 s onset to onset.
import type { Muscle } from '../../../../src/core/types.ts';
import type { Random } from '../../random.ts';
import type { NightBuilder } from '../night-builder.ts';

/** Periodic limb movements: ≥ 4 tibialis anterior bursts of 0.5–10 s, 10–90 s onset to onset (WASM 2016). */
export function addPlmSeries(b: NightBuilder, devices: number[], startMs: number, count: number, meanIntervalS: number): void {
  const random = b.random.fork('plm');
  const taUv = random.logUniform(15, 200);
  const withCalf = random.chance(0.3);
  let t = startMs;
  for (let k = 0; k < count; k++) {
    const lengthMs = Math.min(10_000, Math.max(500, 2000 * Math.exp(random.normal(0, 0.55))));
    if (!b.isFree(t, t + lengthMs) || t + lengthMs > b.endMs) break;
    for (const d of devices) {
      if (devices.length > 1 && random.chance(0.25)) continue; // not every movement is bilateral
      const jitter = devices.length > 1 ? random.uniform(-500, 500) : 0;
      addLm(b, d, t + jitter, lengthMs * random.uniform(0.8, 1.2), taUv * random.uniform(0.6, 1.4), withCalf, 'plm', random);
    }
    t += Math.min(90, Math.max(10, meanIntervalS * random.uniform(0.75, 1.3))) * 1000;
  }
}

/** One leg movement: a tibialis anterior burst with the ankle pulled up, sometimes the calf too. */
export function addLm(b: NightBuilder, device: number, startMs: number, lengthMs: number, taUv: number, withCalf: boolean, kind: 'plm' | 'lm', random: Random = b.random.fork('lm')): void {
  const endMs = startMs + lengthMs;
  const levels: Partial<Record<Muscle, number>> = { tibialis_anterior: taUv };
  if (withCalf) levels.gastrocnemius = taUv * random.uniform(0.2, 0.6);
  // the flexion withdrawal of a sleep PLM often bends the knee too ("triple flexion")
  const kneeToo = b.devices[device].channels.includes('hamstrings') && random.chance(0.5);
  if (kneeToo) levels.hamstrings = taUv * random.uniform(0.3, 1.2);
  b.layers.push({ type: 'burst', device, startMs, endMs, seed: b.seed(), levels, riseMs: random.uniform(80, 300), fallMs: random.uniform(150, 600), wobble: random.uniform(0.1, 0.5) });
  b.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: -random.uniform(5, 20), rampMs: 250 });
  if (kneeToo) b.layers.push({ type: 'knee', device, startMs, endMs, seed: 0, deltaDeg: random.uniform(5, 25), rampMs: 250 });
  if (random.chance(0.3)) b.layers.push({ type: 'motion', device, startMs, endMs, seed: b.seed(), accMg: random.uniform(10, 60), artifactUv: random.uniform(5, 30), bumpsPerS: 0.5 });
  b.note(device, kind, startMs, endMs, { muscle: 'tibialis_anterior' });
}
