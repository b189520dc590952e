// Body posture from the shank's gravity vector (PROTOCOL §1 axes): x along the tibia toward the
// knee, y toward the wearer's left, z toward the back of the calf. As in GGIR's posture
// estimation (van Hees et al. 2015, sleep detection from wrist/thigh angles), only the
// direction of gravity (low-passed acceleration) is used, never its dynamics.
import type { Posture } from '../core/types.ts';

/** Shank within ~50° of vertical (cos 50° ≈ 0.64): standing or sitting with the feet down. */
const UPRIGHT_COS = 0.64;
/** Below this share of 1 g the gravity estimate is unreliable (free fall, violent motion). */
const MIN_GRAVITY_MG = 500;

export function postureFromGravity(xMg: number, yMg: number, zMg: number): Posture {
  const norm = Math.sqrt(xMg * xMg + yMg * yMg + zMg * zMg);
  if (!(norm > MIN_GRAVITY_MG)) return 'unknown';
  if (xMg / norm > UPRIGHT_COS) return 'upright';
  // lying: the axis most aligned with "up" names the side that faces up
  if (Math.abs(zMg) >= Math.abs(yMg)) return zMg < 0 ? 'supine' : 'prone';
  return yMg < 0 ? 'left_side' : 'right_side';
}
