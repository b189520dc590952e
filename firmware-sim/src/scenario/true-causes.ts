// The simulator's own physiological reasoning about why a cramp happened, used as ground truth.
// Sources: Allen & Kirby 2012, "Nocturnal leg cramps", Am Fam Physician 86:350 (risk factors:
// age, pregnancy, vigorous exercise, prolonged standing, dehydration, diuretics, statins, β2
// agonists, diabetes, kidney disease, thyroid disease, PAD, lumbar stenosis); Garrison et al.
// 2012, "Nocturnal leg cramps and prescription use that precedes them", Arch Intern Med 172:120;
// Hallegraeff et al. 2017 (plantar-flexed feet in bed; shortened calf).
import type { Cause, ContextLog, Posture, Profile } from '../../../src/core/types.ts';
import type { PostureEpoch } from '../spec.ts';

/** Drugs with a known association with nocturnal leg cramps (Garrison 2012; Allen & Kirby 2012). */
export const CRAMP_DRUGS = [
  'furosemide',
  'hydrochlorothiazide',
  'bumetanide',
  'atorvastatin',
  'simvastatin',
  'rosuvastatin',
  'salmeterol',
  'formoterol',
  'pregabalin',
  'raloxifene',
  'teriparatide',
] as const;

/**
 * How people and apps write those drugs: brand names and drug classes, lower-cased. (Lasix =
 * furosemide, Lipitor = atorvastatin, Zocor = simvastatin, Crestor = rosuvastatin, Lyrica =
 * pregabalin, Evista = raloxifene, Forteo = teriparatide, Serevent = salmeterol.)
 */
export const CRAMP_DRUG_ALIASES = ['lasix', 'lipitor', 'zocor', 'crestor', 'lyrica', 'evista', 'forteo', 'serevent', 'diuretic', 'loop diuretic', 'thiazide', 'statin'] as const;

const CRAMP_DRUG_NAMES = new Set<string>([...CRAMP_DRUGS, ...CRAMP_DRUG_ALIASES]);

/** Drugs with no such association, to appear in profiles as plain noise. */
export const NEUTRAL_DRUGS = ['omeprazole', 'paracetamol', 'aspirin', 'tamsulosin', 'melatonin', 'allopurinol', 'vitamin_d', 'Tylenol', 'sertraline'] as const;

/** Conditions with no known link to cramps, as profiles carry them too. */
export const NEUTRAL_CONDITIONS = ['hypertension', 'osteoarthritis', 'glaucoma', 'asthma', 'gout', 'insomnia'] as const;

const HEALTH = ['diabetes', 'kidney_disease', 'thyroid_disorder', 'peripheral_neuropathy'];
const NERVE = ['lumbar_spinal_stenosis', 'back_problems'];
const CIRCULATION = ['peripheral_artery_disease', 'venous_insufficiency'];

/** Thresholds of the rules below, so that generators can stay clear of them when a cause is absent. */
export const RULES = {
  /** dehydration: little water and a loss (heavy sweat or ≥ 4 units of alcohol), or very little water */
  lowWaterL: 1.2,
  veryLowWaterL: 0.8,
  alcoholUnits: 4,
  /** fatigue: long moderate/vigorous exercise, or a long day on one's feet */
  exerciseMin: 60,
  vigorousMin: 45,
  standingH: 8,
  /** circulation: long sitting (venous pooling) */
  sittingH: 9,
  /** sleeping position: toes pointed (prone, or plantar-flexed ≥ 30°) for ≥ 20 min before onset */
  pointedDeg: 30,
  pointedHeldMin: 20,
  /** sleeping position: legs tightly curled (knee flexion ≥ 80°) for ≥ 20 min before onset */
  curledKneeDeg: 80,
  curledHeldMin: 20,
} as const;

/** Causes that apply to the whole night, from who the wearer is and what the day was like. */
export function nightCauses(profile: Profile, context: ContextLog): Cause[] {
  const causes: Cause[] = [];
  const conditions = profile.conditions ?? [];
  const medications = (profile.medications ?? []).map((m) => m.toLowerCase());
  const water = context.water_l ?? 2;
  const lostFluid = context.sweating === 'heavy' || (context.alcohol_units ?? 0) >= RULES.alcoholUnits;
  const exercise = context.exercise_min ?? 0;
  const intensity = context.exercise_intensity ?? 'none';
  if (
    (exercise >= RULES.exerciseMin && (intensity === 'moderate' || intensity === 'vigorous')) ||
    (exercise >= RULES.vigorousMin && intensity === 'vigorous') ||
    (context.standing_h ?? 0) >= RULES.standingH
  ) {
    causes.push('muscle_fatigue');
  }
  if ((water <= RULES.lowWaterL && lostFluid) || water < RULES.veryLowWaterL) causes.push('dehydration_electrolytes');
  if (conditions.some((c) => CIRCULATION.includes(c)) || (context.sitting_h ?? 0) >= RULES.sittingH) causes.push('poor_circulation');
  if (conditions.some((c) => NERVE.includes(c))) causes.push('nerve_compression');
  if (medications.some((m) => CRAMP_DRUG_NAMES.has(m.trim()))) causes.push('medication');
  if (conditions.some((c) => HEALTH.includes(c)) || profile.pregnant === true) causes.push('health_condition');
  return causes;
}

const LYING: Posture[] = ['supine', 'prone', 'left_side', 'right_side'];

/** How long (minutes) before `onsetMs` the toes had been pointed without a break, on this device. */
export function pointedHeldMin(epochs: readonly PostureEpoch[], device: number, onsetMs: number): number {
  let k = epochs.findIndex((e) => e.startMs <= onsetMs && onsetMs < e.endMs);
  if (k < 0) return 0;
  let since = onsetMs;
  while (k >= 0) {
    const e = epochs[k];
    const pointed = LYING.includes(e.posture) && (e.posture === 'prone' || e.ankleDeg[device] >= RULES.pointedDeg);
    if (!pointed) break;
    since = e.startMs;
    k--;
  }
  return (onsetMs - since) / 60000;
}

/** How long (minutes) before `onsetMs` the knees had been tightly curled without a break, on this device. */
export function curledHeldMin(epochs: readonly PostureEpoch[], device: number, onsetMs: number): number {
  let k = epochs.findIndex((e) => e.startMs <= onsetMs && onsetMs < e.endMs);
  if (k < 0) return 0;
  let since = onsetMs;
  while (k >= 0) {
    const e = epochs[k];
    const curled = LYING.includes(e.posture) && (e.kneeDeg?.[device] ?? 0) >= RULES.curledKneeDeg;
    if (!curled) break;
    since = e.startMs;
    k--;
  }
  return (onsetMs - since) / 60000;
}

/** All true causes of one cramp: the night's plus the position it began in. */
export function crampCauses(nightLevel: readonly Cause[], epochs: readonly PostureEpoch[], device: number, onsetMs: number): Cause[] {
  const causes = [...nightLevel];
  if (pointedHeldMin(epochs, device, onsetMs) >= RULES.pointedHeldMin || curledHeldMin(epochs, device, onsetMs) >= RULES.curledHeldMin) causes.push('sleeping_position');
  return causes;
}
