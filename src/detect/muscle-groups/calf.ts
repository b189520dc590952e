// Cramp rules for the calf (gastrocnemius, soleus), the muscles that cramp most at night.
//
// - A cramp is an involuntary, sustained, high-rate discharge of one calf muscle lasting seconds
//   to minutes (Miller & Layzer 2005, Muscle Nerve 32:431; Minetto et al. 2013, Exerc Sport Sci
//   Rev 41:3): strong calf EMG held with few interruptions, while the antagonist (tibialis
//   anterior) stays comparatively quiet at onset.
// - It begins in a still, sleeping leg; movement comes after, when the pain wakes the sleeper.
//   A burst that starts together with limb motion (turning over, a stretch) is first taken for a
//   voluntary movement, and must then last far longer than one (turning over takes seconds).
// - Standing still keeps the soleus lightly on: upright onsets need a strong contraction.
// - Both muscles pull the heel up through the Achilles tendon: a cramp of either points the toes
//   and holds them pointed, which a foot sensor sees even when the EMG is lost (foot-pull.ts).
import type { CrampRules } from './rules.ts';

export const CALF: CrampRules = {
  region: 'calf',
  muscles: ['gastrocnemius', 'soleus'],
  antagonists: ['tibialis_anterior'],
  overAntagonist: 2,
  confirmStillMs: 2500,
  activeShareStill: 0.7,
  confirmMovingMs: 12_000,
  activeShareMoving: 0.8,
  // any motion before confirmation counts: a still cramp is confirmed in a still leg (in 2.5 s)
  onsetMotionMs: Infinity,
  // judged throughout, as it always was (a still calf onset is decided after 2 windows anyway)
  stillRhythmWindows: Infinity,
  // about 15–50 % of the calf's MVC (typical calf MVC RMS 300–1200 µV)
  uprightMinUv: 150,
  pullsFootDown: true,
};
