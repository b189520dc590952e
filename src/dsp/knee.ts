// Knee flexion from the shank and thigh gravity vectors (PROTOCOL §10.1): with flexion k,
// thigh x = cos k·x_s + sin k·z_s and thigh z = cos k·z_s − sin k·x_s. Hence
//   tx·x_s + tz·z_s = cos k·(x_s² + z_s²)   and   tx·z_s − tz·x_s = sin k·(x_s² + z_s²),
// so k = atan2(tx·z_s − tz·x_s, tx·x_s + tz·z_s). Like the ankle (ankle.ts) it needs gravity in
// the leg's sagittal (x–z) plane: lying squarely on a side, the knee bends about the vertical
// and gravity cannot see it; rolled a quarter toward the back or the front, it can.

/** Gravity's share in the sagittal plane below which the angle is not measurable, mg (as for the ankle). */
const MIN_SAGITTAL_MG = 350;

/** Knee flexion in degrees (0 = straight, + = bent), or NaN when it cannot be measured. */
export function kneeFlexionDeg(shankX: number, shankZ: number, thighX: number, thighZ: number): number {
  const sagittal = Math.sqrt(shankX * shankX + shankZ * shankZ);
  if (sagittal < MIN_SAGITTAL_MG) return NaN;
  const cosPart = thighX * shankX + thighZ * shankZ;
  const sinPart = thighX * shankZ - thighZ * shankX;
  return (Math.atan2(sinPart, cosPart) * 180) / Math.PI;
}
