// The thigh accelerometer from the shank reading and the knee angle (PROTOCOL §10.1): knee
// flexion k turns the thigh about y, thigh x = cos(k)·x_shank + sin(k)·z_shank,
// thigh z = cos(k)·z_shank − sin(k)·x_shank, thigh y = y_shank.

/** Writes the thigh reading for shank (x, y, z) at knee flexion `kneeDeg` into out[at..at+2]. */
export function thighFromShank(x: number, y: number, z: number, kneeDeg: number, out: Float32Array, at: number): void {
  const k = (kneeDeg * Math.PI) / 180;
  const c = Math.cos(k);
  const s = Math.sin(k);
  out[at] = c * x + s * z;
  out[at + 1] = y;
  out[at + 2] = c * z - s * x;
}
