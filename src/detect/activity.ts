// The two levels every rule of the detector measures a muscle's envelope against, relative to
// its own resting level: "active" (working hard) and "quiet" (back near rest). Named once here,
// so that the cramp rules, the rhythm test and the end of a cramp all mean the same thing.
//
// What the resting level is decides how a cramp stands above it. A sleeping, relaxed muscle is
// close to electrically silent (a few µV at the skin); with gelled electrodes (a floor of
// 1–6 µV) the resting level is small, and a cramp stands many times above it. The same holds
// for a resting level learnt while the muscle never rested (walking from the first second): it
// is then partly the muscle's own work, and only "many times" that is more work. With dry or
// textile electrodes the floor alone is 10–25 µV RMS (firmware-sim layers/contact.ts), and a
// weak cramp of 40 µV is only two or three times it. Such a floor is noise independent of the
// muscle, so their powers add, and the muscle's own EMG is what is left of the envelope's power
// once the floor's is taken out (muscleEmgUv). Which case holds is the channel's to tell
// (EmgChannel.floorUv: a resting level above a relaxed muscle's tone, seen on a still body); the rules below take the
// floor it vouches for, 0 when it vouches for none.

/**
 * "active" over a resting level: ≥ 6× it and ≥ 20 µV above it. Cramp EMG is tens to hundreds of
 * µV RMS (Minetto et al. 2013, Exerc Sport Sci Rev 41:3), a relaxed muscle's surface EMG a few µV.
 */
const ACTIVE_RATIO = 6;
const ACTIVE_ABOVE_UV = 20;
/** "quiet": below 3× rest and 8 µV above it; the 8 µV is the WASM 2016 LM onset rule's (Ferri et al. 2016). */
const QUIET_RATIO = 3;
const QUIET_ABOVE_UV = 8;
/**
 * The most tone a relaxed muscle keeps at the skin, µV (a sleeping calf's surface EMG is a few
 * µV): a resting level above it is more than the muscle, and seen on a still body it is the
 * electrode's floor (EmgChannel.floorUv).
 */
export const RELAXED_TONE_UV = 4;
/**
 * Over a contact's floor, the muscle's own EMG is held to what the rules above ask of a muscle
 * resting at RELAXED_TONE_UV: active at 24 µV (6 × 4 = 4 + 20), quiet under 12 µV (3 × 4 =
 * 4 + 8), so the two rules meet where a floor takes over from tone (at 4 µV: active at 24 and
 * 24.3 µV, quiet under 12 and 12.6 µV). The envelope must also leave the floor clearly behind to
 * be active (≥ 1.6× it: a 50-ms RMS of band-limited noise varies by ~10 %, a noise floor's
 * envelope sits ~1.2× its 20th-percentile rest, and the floor wanders slowly while a candidate
 * freezes the rest), and anything under 1.35× the floor is quiet.
 */
export const FLOOR_ACTIVE_EMG_UV = ACTIVE_RATIO * RELAXED_TONE_UV;
export const FLOOR_ACTIVE_RATIO = 1.6;
const FLOOR_QUIET_EMG_UV = QUIET_RATIO * RELAXED_TONE_UV;
const FLOOR_QUIET_RATIO = 1.35;

/** The muscle's own EMG in an envelope over this electrode floor, µV: its power above the floor's. */
export function muscleEmgUv(levelUv: number, floorUv: number): number {
  const power = levelUv * levelUv - floorUv * floorUv;
  return power > 0 ? Math.sqrt(power) : 0;
}

/** the envelope that holds this much muscle EMG over this floor, µV */
function envelopeWithEmgUv(emgUv: number, floorUv: number): number {
  return Math.sqrt(emgUv * emgUv + floorUv * floorUv);
}

/**
 * The envelope at and above which a muscle counts as active, µV: over its resting level, or,
 * when the channel vouches for it (floorUv > 0), over its contact's floor.
 */
export function activeFloorUv(restUv: number, floorUv = 0): number {
  if (floorUv > 0) return Math.max(envelopeWithEmgUv(FLOOR_ACTIVE_EMG_UV, floorUv), FLOOR_ACTIVE_RATIO * floorUv);
  return Math.max(ACTIVE_RATIO * restUv, restUv + ACTIVE_ABOVE_UV);
}

/** The envelope under which a muscle counts as quiet, µV (resting level and floor as above). */
export function quietCeilingUv(restUv: number, floorUv = 0): number {
  if (floorUv > 0) return Math.max(envelopeWithEmgUv(FLOOR_QUIET_EMG_UV, floorUv), FLOOR_QUIET_RATIO * floorUv);
  return Math.max(QUIET_RATIO * restUv, restUv + QUIET_ABOVE_UV);
}

export function isActive(levelUv: number, restUv: number, floorUv = 0): boolean {
  return levelUv >= activeFloorUv(restUv, floorUv);
}

export function isQuiet(levelUv: number, restUv: number, floorUv = 0): boolean {
  return levelUv < quietCeilingUv(restUv, floorUv);
}
