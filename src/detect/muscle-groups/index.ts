// The muscle groups the detector knows, one file each. A channel of a muscle listed in none of
// them is watched with the calf's rules (the sensor sits on the calf; PROTOCOL §1).
import type { Muscle } from '../../core/types.ts';
import { CALF } from './calf.ts';
import { FOOT } from './foot.ts';
import { HAMSTRINGS, QUADRICEPS } from './thigh.ts';
import type { CrampRules } from './rules.ts';

export const MUSCLE_GROUPS: readonly CrampRules[] = [CALF, HAMSTRINGS, QUADRICEPS, FOOT];

/** the rules that watch channels of muscles no group names */
export const FALLBACK_GROUP = CALF;

export type { BodyRegion, CandidateEvidence, CrampRules } from './rules.ts';

/** The group whose cramps a muscle's channel reports; undefined for a muscle that only ever opposes. */
export function groupOf(muscle: Muscle): CrampRules | undefined {
  for (const group of MUSCLE_GROUPS) if (group.muscles.includes(muscle)) return group;
  for (const group of MUSCLE_GROUPS) if (group.antagonists.includes(muscle)) return undefined;
  return FALLBACK_GROUP;
}
