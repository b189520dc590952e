// Where gravity points in the shank sensor's axes (PROTOCOL §1): x along the tibia toward the
// knee, y toward the wearer's left, z out of the back of the calf. A resting accelerometer reads
// +1000 mg on the axis pointing up. Real legs are never exactly aligned: the knee is bent, the leg
// rolls outward, the bed tilts; so each epoch gets its own tilt.
import type { Posture } from '../../src/core/types.ts';
import type { Random } from './random.ts';
import type { Vec3 } from './spec.ts';

const UP: Record<Exclude<Posture, 'unknown'>, Vec3> = {
  upright: [1, 0, 0],
  supine: [0, 0, -1],
  prone: [0, 0, 1],
  left_side: [0, -1, 0],
  right_side: [0, 1, 0],
};

/** The resting shank reading (mg) for a posture, with a random knee bend (pitch) and roll. */
export function postureGravityMg(posture: Exclude<Posture, 'unknown'>, random: Random): Vec3 {
  const [ux, uy, uz] = UP[posture];
  // Lying: the knee is often raised a little (shank pitched, x picks up gravity); the leg rolls.
  const pitch = posture === 'upright' ? random.normal(0, 6) : random.clampedNormal(6, 10, -15, 35);
  const roll = random.normal(0, posture === 'upright' ? 5 : 14);
  const p = (pitch * Math.PI) / 180;
  const r = (roll * Math.PI) / 180;
  // pitch about y: tip the lying-axis vector toward +x (knee up); upright tips toward z
  let x: number;
  let y: number;
  let z: number;
  if (posture === 'upright') {
    x = Math.cos(p);
    y = 0;
    z = Math.sin(p);
  } else {
    x = Math.sin(p);
    y = uy * Math.cos(p);
    z = uz * Math.cos(p);
  }
  // roll about x (the tibia)
  const y2 = y * Math.cos(r) - z * Math.sin(r);
  const z2 = y * Math.sin(r) + z * Math.cos(r);
  return [Math.round(1000 * x), Math.round(1000 * y2), Math.round(1000 * z2)];
}

/** The posture named by a reading: whichever axis carries most of gravity. */
export function postureOfGravity([x, y, z]: Vec3): Posture {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const az = Math.abs(z);
  if (ax >= ay && ax >= az) return x > 0 ? 'upright' : 'unknown';
  if (ay >= az) return y > 0 ? 'right_side' : 'left_side';
  return z > 0 ? 'prone' : 'supine';
}

/** Typical ankle plantar flexion in a posture (degrees): prone points the toes, upright is neutral. */
export function postureAnkleDeg(posture: Exclude<Posture, 'unknown'>, random: Random): number {
  switch (posture) {
    case 'prone':
      return random.clampedNormal(40, 8, 25, 60);
    case 'supine':
      // a heavy blanket or habit points the toes in some people
      return random.chance(0.3) ? random.clampedNormal(38, 6, 30, 55) : random.clampedNormal(18, 6, 5, 28);
    case 'upright':
      return random.clampedNormal(2, 4, -8, 12);
    default:
      return random.clampedNormal(22, 8, 5, 45);
  }
}
