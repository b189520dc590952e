// Stretching in bed while awake.
import type { Muscle } from '../../../../src/core/types.ts';
import type { NightBuilder } from '../night-builder.ts';

/** Stretching in bed while awake: foot pulled up (tibialis on, calf quiet), sometimes toes pointed. */
export function addStretch(b: NightBuilder, device: number, startMs: number): void {
  const random = b.random.fork('stretch');
  const pointToes = random.chance(0.3);
  const lengthMs = pointToes ? random.uniform(1500, 4000) : random.uniform(3000, 20_000);
  const endMs = startMs + lengthMs;
  const levels: Partial<Record<Muscle, number>> = pointToes
    ? { gastrocnemius: random.uniform(60, 250), soleus: random.uniform(30, 150), tibialis_anterior: random.uniform(5, 30) }
    : { tibialis_anterior: random.uniform(80, 300), gastrocnemius: random.uniform(5, 30) };
  b.layers.push({ type: 'burst', device, startMs, endMs, seed: b.seed(), levels, riseMs: random.uniform(300, 1000), fallMs: random.uniform(300, 1000), wobble: 0.4 });
  b.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: pointToes ? random.uniform(10, 25) : -random.uniform(20, 45), rampMs: 600 });
  b.layers.push({ type: 'motion', device, startMs: startMs - 500, endMs: endMs + 500, seed: b.seed(), accMg: random.uniform(20, 100), artifactUv: random.uniform(10, 80), bumpsPerS: 0.6 });
  b.note(device, 'stretch', startMs, endMs, { note: pointToes ? 'toes pointed' : 'foot pulled up' });
  b.reserve(startMs - 5000, endMs + 5000);
}
