// Getting out of bed at night: upright shank, strides, standing sway, back to bed.
import { LYING_POSTURES, type NightBuilder } from '../night-builder.ts';

/** Getting up at night (bathroom): sit on the edge, walk, stand, walk back, lie down. */
export function addWalk(b: NightBuilder, startMs: number): number {
  const random = b.random.fork('walk');
  const inMs = random.uniform(2000, 5000);
  const sitMs = random.chance(0.5) ? random.uniform(3000, 30_000) : 0;
  const walk1Ms = random.uniform(15_000, 90_000);
  const standMs = random.uniform(30_000, 300_000);
  const walk2Ms = random.uniform(15_000, 90_000);
  const endMs = startMs + inMs + sitMs + walk1Ms + standMs + walk2Ms + random.uniform(2000, 20_000);
  if (endMs > b.endMs) return startMs;
  b.setPosture(startMs, endMs, 'upright', { inMs, outMs: random.uniform(2000, 5000), after: random.pick(LYING_POSTURES) });
  const strideHz = random.uniform(0.8, 1.1);
  const walk1 = startMs + inMs + sitMs;
  const walk2 = walk1 + walk1Ms + standMs;
  for (let d = 0; d < b.devices.length; d++) {
    const gait = { strideHz, phase: b.devices[d].leg === 'left' ? 0 : 0.5, gastrocUv: b.mvcUv * random.uniform(0.15, 0.45), taUv: random.uniform(80, 300), impactMg: random.uniform(300, 1500), swingDeg: random.uniform(20, 35) };
    b.layers.push({ type: 'gait', device: d, startMs: walk1, endMs: walk1 + walk1Ms, seed: b.seed(), ...gait });
    b.layers.push({ type: 'gait', device: d, startMs: walk2, endMs: walk2 + walk2Ms, seed: b.seed(), ...gait });
    // standing still: postural sway keeps soleus and gastrocnemius lightly on
    b.layers.push({ type: 'burst', device: d, startMs: walk1 + walk1Ms - 500, endMs: walk2 + 500, seed: b.seed(), levels: { soleus: random.uniform(10, 50), gastrocnemius: random.uniform(8, 40), tibialis_anterior: random.uniform(3, 25) }, riseMs: 800, fallMs: 800, wobble: 0.7 });
    b.layers.push({ type: 'motion', device: d, startMs: walk1 + walk1Ms, endMs: walk2, seed: b.seed(), accMg: random.uniform(10, 50), artifactUv: random.uniform(5, 40), bumpsPerS: 0.2 });
    b.note(d, 'walk', startMs, endMs, { note: 'out of bed' });
  }
  b.reserve(startMs - 30_000, endMs + 30_000);
  return endMs;
}
