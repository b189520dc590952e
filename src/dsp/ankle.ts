// Ankle plantar flexion from the shank and foot gravity vectors (PROTOCOL §1): with flexion p,
// foot x = −cos p·z_s − sin p·x_s and foot z = cos p·x_s − sin p·z_s. Hence
//   fz·x_s − fx·z_s = cos p·(x_s² + z_s²)   and   fx·x_s + fz·z_s = −sin p·(x_s² + z_s²),
// so p = atan2(−(fx·x_s + fz·z_s), fz·x_s − fx·z_s). It needs gravity to have a component in
// the shank's sagittal (x–z) plane: lying on a side, gravity lies along y and the angle is lost.

/** Gravity's share in the sagittal plane below which the angle is not measurable, mg. */
const MIN_SAGITTAL_MG = 350;

/** Plantar flexion in degrees (+ = toes pointed), or NaN when it cannot be measured. */
export function ankleFlexionDeg(shankX: number, shankZ: number, footX: number, footZ: number): number {
  const sagittal = Math.sqrt(shankX * shankX + shankZ * shankZ);
  if (sagittal < MIN_SAGITTAL_MG) return NaN;
  const cosPart = footZ * shankX - footX * shankZ;
  const sinPart = -(footX * shankX + footZ * shankZ);
  return (Math.atan2(sinPart, cosPart) * 180) / Math.PI;
}
