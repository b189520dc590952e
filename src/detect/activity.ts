// The two levels every rule of the detector measures a muscle's envelope against, relative to
// its own resting level: "active" (working hard) and "quiet" (back near rest). Named once here,
// so that the cramp rules, the rhythm test and the end of a cramp all mean the same thing.
//
// The resting level is the electrode's noise floor and whatever tone the relaxed muscle keeps.
// A sleeping muscle is close to electrically silent (a few µV at the skin), so with gelled
// electrodes (a floor of 1–6 µV) the resting level is small and a cramp stands many times above
// it; with dry or textile electrodes the floor alone is 10–25 µV RMS (layers/contact.ts in
// firmware-sim), and a weak cramp of 40 µV is only two or three times it. Muscle EMG and the
// floor are independent, so their powers add: the muscle's own EMG is what is left of the
// envelope's power once the rest's is taken out (muscleEmgUv). The rules are on that.

/**
 * "active": the muscle's own EMG ≥ 20 µV. Cramp EMG is tens to hundreds of µV RMS (Minetto et
 * al. 2013, Exerc Sport Sci Rev 41:3); a relaxed muscle's a few.
 * Over a high resting level the rest also has to be left clearly behind: ≥ 6× a resting tone of
 * up to TONE_UV (a muscle whose rest is tone of a few µV is at 6× rest when it works), and the
 * envelope ≥ 1.6× the resting level, clear of the floor's own spread (a 50-ms RMS of band-limited
 * noise varies by ~10 %, and a noise floor's envelope sits ~1.2× its 20th-percentile rest) and of its
 * slow wander while a candidate freezes the rest.
 */
const ACTIVE_EMG_UV = 20;
const ACTIVE_TONE_RATIO = 6;
const ACTIVE_OVER_REST = 1.6;
/**
 * "quiet": the muscle's own EMG under 8 µV (the WASM 2016 LM onset rule's 8 µV, Ferri et al.
 * 2016) and under 3× a resting tone; over a high floor, anything under 1.35× the resting level.
 */
const QUIET_EMG_UV = 8;
const QUIET_TONE_RATIO = 3;
const QUIET_OVER_REST = 1.35;
/**
 * The most of a resting level that can be muscle tone, µV: above it, the rest is the electrode's
 * floor (a sleeping, relaxed calf's surface EMG is a few µV, as above).
 */
const TONE_UV = 4;

/** The muscle's own EMG in an envelope, µV: its power above the resting level's. */
export function muscleEmgUv(levelUv: number, restUv: number): number {
  const power = levelUv * levelUv - restUv * restUv;
  return power > 0 ? Math.sqrt(power) : 0;
}

/** the envelope that holds this much muscle EMG over this rest, µV */
function envelopeWithEmgUv(emgUv: number, restUv: number): number {
  return Math.sqrt(emgUv * emgUv + restUv * restUv);
}

/** The envelope at and above which a muscle with this resting level counts as active, µV. */
export function activeFloorUv(restUv: number): number {
  const emg = Math.max(ACTIVE_EMG_UV, ACTIVE_TONE_RATIO * Math.min(restUv, TONE_UV));
  return Math.max(envelopeWithEmgUv(emg, restUv), ACTIVE_OVER_REST * restUv);
}

/** The envelope under which a muscle with this resting level counts as quiet, µV. */
export function quietCeilingUv(restUv: number): number {
  const emg = Math.max(QUIET_EMG_UV, QUIET_TONE_RATIO * Math.min(restUv, TONE_UV));
  return Math.max(envelopeWithEmgUv(emg, restUv), QUIET_OVER_REST * restUv);
}

export function isActive(levelUv: number, restUv: number): boolean {
  return levelUv >= activeFloorUv(restUv);
}

export function isQuiet(levelUv: number, restUv: number): boolean {
  return levelUv < quietCeilingUv(restUv);
}
