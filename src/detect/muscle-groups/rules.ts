// What a muscle group's cramp rules say, behind one interface: which channels may cramp, which
// muscles work against them, and how long and how steadily a contraction must hold before it is
// called a cramp. One file per group (calf.ts, …); MUSCLE_GROUPS (index.ts) lists them.
import type { Muscle } from '../../core/types.ts';

/** Where on the leg a group is: the wearer's word for it, and how scores are grouped. */
export type BodyRegion = 'calf' | 'thigh' | 'foot';

/** What a candidate showed by the time it is judged (CrampDetector), for a group's own checks. */
export interface CandidateEvidence {
  /** index, in the group's channels, of the muscle that worked hardest */
  channel: number;
  muscle: Muscle;
  /** how long it has been active, ms */
  heldMs: number;
  /** its mean envelope over the candidate, µV */
  meanUv: number;
  /** share of blocks it was active */
  activeShare: number;
  /** the leg moved from just before the activity until now */
  movingOnset: boolean;
  /** the leg was already moving when the activity began */
  motionLed: boolean;
  uprightOnset: boolean;
  /** its own EMG (envelope above its resting level, activity.ts), mean over the onset phase, µV */
  onsetUv: number;
  /** the partners' own EMG, mean over the onset phase, µV (0 when none is worn) */
  partnerOnsetUv: number;
}

export interface CrampRules {
  readonly region: BodyRegion;
  /** the muscles whose cramp these rules report */
  readonly muscles: readonly Muscle[];
  /** the muscles on the other side of the joint: at onset the cramping muscle outworks them */
  readonly antagonists: readonly Muscle[];
  /** how much (µV over µV) the cramping muscle outworks its antagonists at onset */
  readonly overAntagonist: number;
  /** muscles that work with it in a voluntary or reflex movement, but not in a cramp (CandidateEvidence.partnerOnsetUv) */
  readonly partners?: readonly Muscle[];
  /** held this long, active this share of the time, in a still leg */
  readonly confirmStillMs: number;
  readonly activeShareStill: number;
  /** held this long, active this share of the time, when the activity came with movement or upright */
  readonly confirmMovingMs: number;
  readonly activeShareMoving: number;
  /**
   * motion this soon after the activity began makes it a moving onset (and so a voluntary-looking
   * one); later motion is the woken sleeper's reaction to a cramp already held in a still leg
   */
  readonly onsetMotionMs: number;
  /**
   * In a still onset, the rhythm test looks at this many one-second windows only (after the
   * rise). A cramp waxes and wanes, some pulsing every second or two (clonic; Miller & Layzer
   * 2005, Muscle Nerve 32:431): judged for longer than the calf's 2.5 s, those pulses look like a
   * rhythm. Rhythms out of bed (walking) come with an upright or moving onset and are judged
   * throughout.
   */
  readonly stillRhythmWindows: number;
  /** the group's cramp points the toes: a sudden, held plantar flexion is its witness (foot-pull.ts) */
  readonly pullsFootDown?: boolean;
  /** an onset out of bed needs at least this envelope, µV */
  readonly uprightMinUv: number;
  /** the group's own look-alikes: says why the candidate is not a cramp, or undefined */
  readonly lookAlike?: (evidence: CandidateEvidence) => string | undefined;
}
