// Plain words for the codes in the data, for a wearer reading the page over breakfast.
import type { Cause, Muscle, Posture, Severity } from '../core/types.ts';

export const MUSCLE_WORDS: Record<Muscle, string> = {
  gastrocnemius: 'calf (gastrocnemius)',
  soleus: 'deep calf (soleus)',
  tibialis_anterior: 'shin (tibialis anterior)',
  hamstrings: 'back of thigh (hamstrings)',
  quadriceps: 'front of thigh (quadriceps)',
  foot_intrinsic: 'sole of the foot',
};

/** Short names for narrow places (timeline lane labels). */
export const MUSCLE_SHORT: Record<Muscle, string> = {
  gastrocnemius: 'Calf',
  soleus: 'Soleus',
  tibialis_anterior: 'Shin',
  hamstrings: 'Hamstrings',
  quadriceps: 'Quadriceps',
  foot_intrinsic: 'Foot',
};

export const POSTURE_WORDS: Record<Posture, string> = {
  supine: 'on your back',
  prone: 'on your stomach',
  left_side: 'on your left side',
  right_side: 'on your right side',
  upright: 'up (sitting or standing)',
  unknown: 'unknown',
};

export const POSTURE_LABELS: Record<Posture, string> = {
  supine: 'Back',
  prone: 'Stomach',
  left_side: 'Left side',
  right_side: 'Right side',
  upright: 'Up',
  unknown: 'Unknown',
};

export const CAUSE_WORDS: Record<Cause, string> = {
  muscle_fatigue: 'Tired muscles',
  dehydration_electrolytes: 'Low fluids or salts',
  poor_circulation: 'Poor circulation',
  nerve_compression: 'Pressure on a nerve',
  medication: 'A medicine',
  health_condition: 'A health condition',
  sleeping_position: 'Sleeping position',
};

export const SEVERITY_WORDS: Record<Severity, string> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

const SEVERITY_RANK: Record<Severity, number> = { mild: 0, moderate: 1, severe: 2 };

export function worseSeverity(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

/** "45 s", "1 min 14 s", "2 h 05 min" */
export function durationWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.round(seconds)} s`;
  const totalS = Math.round(seconds);
  if (totalS < 3600) {
    const s = totalS % 60;
    return s ? `${Math.floor(totalS / 60)} min ${s} s` : `${totalS / 60} min`;
  }
  const totalMin = Math.round(seconds / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

/** How sure the cause rules were, in words, for a 0..1 confidence. ≥ 0.5 is "tagged" (PROTOCOL §6). */
export function confidenceWords(confidence: number): string {
  if (confidence >= 0.8) return 'strong';
  if (confidence >= 0.65) return 'likely';
  if (confidence >= 0.5) return 'possible';
  return 'weak';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
