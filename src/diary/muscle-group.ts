// Which of the wearer's words (calf, thigh, foot) a detected muscle is felt as.
import type { Muscle } from '../core/types.ts';
import type { DiaryMuscle } from './types.ts';

/**
 * Gastrocnemius and soleus are the calf. The tibialis anterior is the shin, which the wearer has
 * no word for in the diary; a cramp there is felt in the lower leg, so it counts as "calf".
 */
export const FELT_AS: Record<Muscle, DiaryMuscle> = {
  gastrocnemius: 'calf',
  soleus: 'calf',
  tibialis_anterior: 'calf',
  hamstrings: 'thigh',
  quadriceps: 'thigh',
  foot_intrinsic: 'foot',
};

/** A noted cramp without a muscle may be any detected one. */
export function sameRegion(noted: DiaryMuscle | undefined, detected: Muscle): boolean {
  return noted === undefined || FELT_AS[detected] === noted;
}
