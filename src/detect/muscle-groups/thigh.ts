// Cramp rules for the thigh: the hamstrings (back) and the quadriceps (front), each the other's
// antagonist across the knee. Thigh cramps are rarer than calf cramps but the same event:
// "most commonly affect the calves, though the thighs or feet can also be involved" (the seed;
// Allen & Kirby 2012, Am Fam Physician 86:350).
//
// What only looks like a thigh cramp:
// - walking and restless legs: the thigh muscles work in rhythm, the hamstrings at the end of
//   swing and the start of stance, the quadriceps at loading (Winter 1991, "The biomechanics and
//   motor control of human gait"; Perry 1992): the rhythm test and the upright rules, as for the calf;
// - a knee bent while turning over or settling: a brief voluntary hamstring burst, 1–4 s (turning
//   over takes 1–5 s). Lying on a side the knee bends about the vertical, so neither shank nor
//   thigh accelerometer need see it move. A thigh candidate is therefore judged after 5 s held,
//   not 2.5 s: anything briefer is not called a cramp (a cost: thigh cramps under ~5 s are missed);
// - a periodic limb movement with knee flexion: the flexion withdrawal of sleep PLMs bends the
//   ankle up, the knee and the hip together ("triple flexion"; Ferri et al. 2016, WASM 2016
//   standards, Sleep Med 26:86), so the tibialis anterior works with the hamstrings; in a
//   hamstring cramp it has no part.
// - A hamstring cramp pulls the knee into flexion and moves the shank: motion just after onset is
//   the cramp's own, and the still-after-the-jolt rule confirms it once the leg is still.
import type { CandidateEvidence, CrampRules } from './rules.ts';

const THIGH_CONFIRM_STILL_MS = 5000;
/**
 * Judged after 5 s, a cramp that began in a still leg is often already waking the sleeper: motion
 * after its first 2.5 s (the calf's whole confirmation time) is the reaction, not the onset.
 */
const ONSET_MOTION_MS = 2500;
/** the tibialis anterior at half the hamstrings' level or more, at onset: a flexion movement */
const FLEXION_PARTNER_SHARE = 0.5;

function flexionMovement(evidence: CandidateEvidence): string | undefined {
  return evidence.partnerOnsetUv >= FLEXION_PARTNER_SHARE * evidence.onsetUv ? 'flexion withdrawal (PLM): the tibialis anterior works with it' : undefined;
}

/** What both thigh muscles are judged by; each adds its own muscle, antagonist and partners. */
const THIGH_RULES = {
  region: 'thigh',
  overAntagonist: 2,
  confirmStillMs: THIGH_CONFIRM_STILL_MS,
  activeShareStill: 0.7,
  confirmMovingMs: 12_000,
  activeShareMoving: 0.8,
  onsetMotionMs: ONSET_MOTION_MS,
  // the two windows a still calf onset is judged on (rules.ts)
  stillRhythmWindows: 2,
  uprightMinUv: 150,
} as const;

export const HAMSTRINGS: CrampRules = {
  ...THIGH_RULES,
  muscles: ['hamstrings'],
  antagonists: ['quadriceps'],
  partners: ['tibialis_anterior'],
  lookAlike: flexionMovement,
};

export const QUADRICEPS: CrampRules = {
  ...THIGH_RULES,
  muscles: ['quadriceps'],
  antagonists: ['hamstrings'],
};
