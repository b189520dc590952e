// The knee in bed: how bent it rests in each posture, and the brief knee bends of turning over.
// Resting ranges are typical ones (lying with legs out the knee rests slightly bent, on a side
// more, drawn up tightly in the fetal position); we know of no single study to cite for them.
import type { Posture } from '../../../src/core/types.ts';
import type { Random } from '../random.ts';
import type { NightBuilder } from './night-builder.ts';

/** Knee flexion (degrees, 0 = straight) resting in a posture; some side epochs curled tight. */
export function restingKneeDeg(posture: Posture, random: Random): number {
  switch (posture) {
    case 'supine':
      return random.clampedNormal(12, 7, 0, 35);
    case 'prone':
      return random.clampedNormal(8, 6, 0, 30);
    case 'upright':
      return random.clampedNormal(4, 3, 0, 12);
    case 'left_side':
    case 'right_side':
      // legs tightly curled: the fetal position, in some side-lying spells
      return random.chance(0.2) ? random.uniform(85, 125) : random.clampedNormal(40, 14, 10, 70);
    default:
      return 10;
  }
}

/** Legs tightly curled, for a spell before a cramp: knees and hips drawn up, knee flexion 85–125°. */
export function curledKneeDeg(random: Random): number {
  return random.uniform(85, 125);
}

/**
 * Lying on a side, rolled a quarter toward the front or the back (or squarely on it): the shank's
 * gravity reading (PROTOCOL §1 axes), mg. Squarely on a side, gravity lies along the knee's axis
 * and the knee angle cannot be measured; rolled 25–45°, it can.
 */
export function sideGravityMg(side: 'left_side' | 'right_side', rollDeg: number, pitchDeg: number): [number, number, number] {
  const p = (pitchDeg * Math.PI) / 180;
  const r = (rollDeg * Math.PI) / 180;
  const sign = side === 'left_side' ? -1 : 1;
  return [Math.round(1000 * Math.sin(p)), Math.round(1000 * sign * Math.cos(p) * Math.cos(r)), Math.round(1000 * Math.cos(p) * Math.sin(r))];
}

/**
 * Turning over often bends a knee: a brief voluntary hamstring burst of 1–4 s with the knee drawn
 * up, sometimes the toes gripping, while the body rolls (turning over takes 1–5 s).
 */
export function kneeBendWhileTurning(b: NightBuilder, random: Random, device: number, startMs: number, endMs: number): void {
  const channels = b.devices[device].channels;
  if (channels.includes('hamstrings') && random.chance(0.6)) {
    const at = random.uniform(startMs, Math.max(startMs, endMs - 1000));
    const lengthMs = random.uniform(1000, 4000);
    b.layers.push({ type: 'burst', device, startMs: at, endMs: at + lengthMs, seed: b.seed(), levels: { hamstrings: random.logUniform(30, 400), quadriceps: random.logUniform(5, 40) }, riseMs: random.uniform(150, 500), fallMs: random.uniform(200, 600), wobble: 0.5 });
    b.layers.push({ type: 'knee', device, startMs: at, endMs: at + lengthMs, seed: 0, deltaDeg: random.uniform(20, 60), rampMs: random.uniform(300, 800) });
    b.note(device, 'movement', at, at + lengthMs, { muscle: 'hamstrings', note: 'knee bent while turning over' });
  }
  if (channels.includes('foot_intrinsic') && random.chance(0.3)) {
    const at = random.uniform(startMs, Math.max(startMs, endMs - 500));
    const lengthMs = random.uniform(500, 2500);
    b.layers.push({ type: 'burst', device, startMs: at, endMs: at + lengthMs, seed: b.seed(), levels: { foot_intrinsic: random.logUniform(20, 200) }, riseMs: random.uniform(100, 400), fallMs: random.uniform(150, 500), wobble: 0.5 });
  }
}
