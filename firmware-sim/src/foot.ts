// The foot accelerometer from the shank reading and the ankle angle (PROTOCOL §1): plantar
// flexion p turns the foot about y, foot x = −cos(p)·z_shank − sin(p)·x_shank,
// foot z = cos(p)·x_shank − sin(p)·z_shank, foot y = y_shank.

/** Writes the foot reading for shank (x, y, z) at plantar flexion `ankleDeg` into out[at..at+2]. */
export function footFromShank(x: number, y: number, z: number, ankleDeg: number, out: Float32Array, at: number): void {
  const p = (ankleDeg * Math.PI) / 180;
  const c = Math.cos(p);
  const s = Math.sin(p);
  out[at] = -c * z - s * x;
  out[at + 1] = y;
  out[at + 2] = c * x - s * z;
}

/** Inverse, for tests and checks: plantar flexion (degrees) from shank and foot readings at rest. */
export function ankleDegFrom(shank: readonly number[], foot: readonly number[]): number {
  // foot x = −cos p·zs − sin p·xs, foot z = cos p·xs − sin p·zs → solve the 2×2 rotation
  const [xs, , zs] = shank;
  const [xf, , zf] = foot;
  const cos = (-xf * zs + zf * xs) / (xs * xs + zs * zs);
  const sin = (-xf * xs - zf * zs) / (xs * xs + zs * zs);
  return (Math.atan2(sin, cos) * 180) / Math.PI;
}
