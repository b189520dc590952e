// Cramp rules for the foot's own small muscles (foot_intrinsic, under the sole): a foot cramp
// curls the toes hard and holds them. What only looks like one is the same muscles curling the
// toes on purpose, for a few seconds (fidgeting, a stretch in bed): as strong, but brief and
// let go. With nothing else on the sole to compare against, the foot is judged on time: a
// candidate must hold 7 s before it is called a cramp (longer than a voluntary curl of "a few
// seconds"; the onset is still placed where the activity began). A cost: foot cramps shorter
// than ~7 s are missed.
import type { CrampRules } from './rules.ts';

export const FOOT: CrampRules = {
  region: 'foot',
  muscles: ['foot_intrinsic'],
  antagonists: [],
  overAntagonist: 0,
  confirmStillMs: 7000,
  activeShareStill: 0.7,
  confirmMovingMs: 12_000,
  activeShareMoving: 0.8,
  // motion after the first 2.5 s is the woken sleeper's reaction (as for the thigh, thigh.ts)
  onsetMotionMs: 2500,
  // the two windows a still calf onset is judged on (rules.ts)
  stillRhythmWindows: 2,
  uprightMinUv: 150,
};
