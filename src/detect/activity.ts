// The two levels every rule of the detector measures a muscle's envelope against, relative to
// its own resting level: "active" (working hard) and "quiet" (back near rest). Named once here,
// so that the cramp rules, the rhythm test and the end of a cramp all mean the same thing.

/**
 * "active": ≥ 6× the resting level and ≥ 20 µV above it. Cramp EMG is tens to hundreds of µV
 * RMS (Minetto et al. 2013, Exerc Sport Sci Rev 41:3), a relaxed muscle's surface EMG a few µV.
 */
const ACTIVE_RATIO = 6;
const ACTIVE_ABOVE_UV = 20;
/** "quiet": below 3× rest and 8 µV above it; the 8 µV is the WASM 2016 LM onset rule's (Ferri et al. 2016). */
const QUIET_RATIO = 3;
const QUIET_ABOVE_UV = 8;

/** The envelope at and above which a muscle with this resting level counts as active, µV. */
export function activeFloorUv(restUv: number): number {
  return Math.max(ACTIVE_RATIO * restUv, restUv + ACTIVE_ABOVE_UV);
}

/** The envelope under which a muscle with this resting level counts as quiet, µV. */
export function quietCeilingUv(restUv: number): number {
  return Math.max(QUIET_RATIO * restUv, restUv + QUIET_ABOVE_UV);
}

export function isActive(levelUv: number, restUv: number): boolean {
  return levelUv >= activeFloorUv(restUv);
}

export function isQuiet(levelUv: number, restUv: number): boolean {
  return levelUv < quietCeilingUv(restUv);
}
