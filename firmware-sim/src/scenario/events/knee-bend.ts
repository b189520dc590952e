// Settling in bed without turning over: a knee drawn up or let down, by a brief hamstring burst
// (1–4 s). Lying on a side the knee bends about the vertical: the accelerometers feel little.
import type { NightBuilder } from '../night-builder.ts';
import type { Random } from '../../random.ts';

export function addKneeBend(b: NightBuilder, random: Random, device: number, startMs: number): void {
  const lengthMs = random.uniform(1000, 4000);
  const endMs = startMs + lengthMs;
  b.layers.push({ type: 'burst', device, startMs, endMs, seed: b.seed(), levels: { hamstrings: random.logUniform(30, 400), quadriceps: random.logUniform(3, 30) }, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.5 });
  b.layers.push({ type: 'knee', device, startMs, endMs: endMs + random.uniform(0, 3000), seed: 0, deltaDeg: random.uniform(15, 50), rampMs: random.uniform(300, 800) });
  if (random.chance(0.5)) b.layers.push({ type: 'motion', device, startMs, endMs, seed: b.seed(), accMg: random.uniform(5, 30), artifactUv: random.uniform(3, 20), bumpsPerS: 0.5 });
  b.note(device, 'movement', startMs, endMs, { muscle: 'hamstrings', note: 'knee bent while settling' });
  b.reserve(startMs - 5000, endMs + 5000);
}
