// The foot's small muscles curling the toes on purpose for a few seconds (fidgeting, a stretch,
// gripping the sheet): as strong as a foot cramp's, but brief, with a smooth rise and let-go.
// The long toe flexors in the deep calf work with them (a little crosstalk on the calf leads).
import type { NightBuilder } from '../night-builder.ts';
import type { Random } from '../../random.ts';

export function addToeCurl(b: NightBuilder, random: Random, device: number, startMs: number): void {
  const lengthMs = random.uniform(1500, 5000);
  const endMs = startMs + lengthMs;
  const levels = random.chance(0.5)
    ? { foot_intrinsic: random.logUniform(40, 400), soleus: random.uniform(3, 20), gastrocnemius: random.uniform(3, 15) }
    : { foot_intrinsic: random.logUniform(40, 400) };
  b.layers.push({ type: 'burst', device, startMs, endMs, seed: b.seed(), levels, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.4 });
  if (random.chance(0.5)) b.layers.push({ type: 'ankle', device, startMs, endMs, seed: 0, deltaDeg: random.uniform(0, 10), rampMs: 400 });
  if (random.chance(0.3)) b.layers.push({ type: 'motion', device, startMs, endMs, seed: b.seed(), accMg: random.uniform(5, 40), artifactUv: random.uniform(3, 20), bumpsPerS: 0.5 });
  b.note(device, 'movement', startMs, endMs, { muscle: 'foot_intrinsic', note: 'toes curled on purpose' });
  b.reserve(startMs - 5000, endMs + 5000);
}
