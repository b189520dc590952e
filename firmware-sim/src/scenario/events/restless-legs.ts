// Restless legs while awake in bed (common in older adults, worse in the evening; Allen et al.
// 2014, IRLSSG diagnostic criteria): an urge relieved by moving, so irregular voluntary
// flexing of the foot and calf every few seconds to half a minute, with the leg shifting about.
import type { NightBuilder } from '../night-builder.ts';

export function addRestlessLegs(b: NightBuilder, device: number, startMs: number, lengthMs: number): void {
  const random = b.random.fork('restless');
  const endMs = Math.min(b.endMs, startMs + lengthMs);
  let t = startMs;
  while (t < endMs - 4000) {
    const burstMs = random.uniform(800, 4000);
    const pull = random.chance(0.6);
    b.layers.push({
      type: 'burst',
      device,
      startMs: t,
      endMs: t + burstMs,
      seed: b.seed(),
      levels: pull ? { tibialis_anterior: random.uniform(40, 250), gastrocnemius: random.uniform(5, 40) } : { gastrocnemius: random.uniform(40, 250), soleus: random.uniform(30, 150), tibialis_anterior: random.uniform(10, 60) },
      riseMs: random.uniform(150, 500),
      fallMs: random.uniform(200, 700),
      wobble: 0.6,
    });
    b.layers.push({ type: 'ankle', device, startMs: t, endMs: t + burstMs, seed: 0, deltaDeg: pull ? -random.uniform(10, 30) : random.uniform(8, 20), rampMs: 300 });
    b.layers.push({ type: 'motion', device, startMs: t, endMs: t + burstMs + 500, seed: b.seed(), accMg: random.uniform(30, 250), artifactUv: random.uniform(10, 120), bumpsPerS: random.uniform(0.5, 2) });
    t += burstMs + random.uniform(3000, 30_000);
  }
  b.note(device, 'movement', startMs, endMs, { note: 'restless legs while awake' });
  b.reserve(startMs - 10_000, endMs + 10_000);
}
