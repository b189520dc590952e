// A wearer and their day (PROTOCOL §4 profile, §5 context), drawn so that the chosen causes are
// present and the others clearly absent (values kept away from the rules' thresholds).
import type { Cause, ContextLog, Profile } from '../../../src/core/types.ts';
import type { Random } from '../random.ts';
import { CRAMP_DRUG_ALIASES, CRAMP_DRUGS, NEUTRAL_CONDITIONS, NEUTRAL_DRUGS, RULES } from './true-causes.ts';

export interface Person {
  profile: Profile;
  context: ContextLog;
  /** gastrocnemius maximal voluntary contraction, µV RMS (for cramp and walking levels) */
  mvcUv: number;
}

export function randomPerson(random: Random, wanted: ReadonlySet<Cause>, leg: 'left' | 'right', contextTMs: number): Person {
  const age = Math.round(random.weighted([[random.uniform(30, 50), 1], [random.uniform(50, 70), 2], [random.uniform(70, 92), 2]]));
  const medications: string[] = [];
  if (wanted.has('medication')) {
    medications.push(crampDrugAsWritten(random));
    if (random.chance(0.3)) medications.push(crampDrugAsWritten(random));
  }
  const neutralCount = random.int(0, 2);
  for (let i = 0; i < neutralCount; i++) medications.push(random.pick(NEUTRAL_DRUGS));
  const conditions: string[] = [];
  if (wanted.has('health_condition')) conditions.push(random.pick(['diabetes', 'kidney_disease', 'thyroid_disorder', 'peripheral_neuropathy']));
  if (wanted.has('nerve_compression')) conditions.push(random.pick(['lumbar_spinal_stenosis', 'back_problems']));
  const circulationBySitting = wanted.has('poor_circulation') && random.chance(0.35);
  if (wanted.has('poor_circulation') && !circulationBySitting) conditions.push(random.pick(['peripheral_artery_disease', 'venous_insufficiency']));
  if (random.chance(0.4)) conditions.push(random.pick(NEUTRAL_CONDITIONS));
  const mvcUv = Math.round(random.logUniform(250, 1200));

  const profile: Profile = { v: 1, wearer: `w-${String(random.int(1, 999)).padStart(3, '0')}`, leg, age };
  if (random.chance(0.15) && age < 45) profile.pregnant = false;
  if (medications.length > 0 || random.chance(0.5)) profile.medications = [...new Set(medications)];
  if (conditions.length > 0 || random.chance(0.5)) profile.conditions = [...new Set(conditions)];
  if (random.chance(0.5)) profile.mvc_uv = { gastrocnemius: mvcUv };

  const context: ContextLog = { v: 1, t: contextTMs };
  if (wanted.has('dehydration_electrolytes')) {
    context.water_l = round1(random.uniform(0.4, 1.1));
    if (random.chance(0.6)) context.sweating = 'heavy';
    else context.alcohol_units = random.int(RULES.alcoholUnits, 8);
  } else {
    context.water_l = round1(random.uniform(1.5, 3.2));
    context.sweating = random.pick(['none', 'light', 'heavy'] as const);
    context.alcohol_units = random.chance(0.5) ? 0 : random.int(1, 3);
  }
  if (wanted.has('muscle_fatigue')) {
    if (random.chance(0.7)) {
      context.exercise_intensity = random.pick(['moderate', 'vigorous'] as const);
      context.exercise_min = random.int(70, 200);
      context.standing_h = round1(random.uniform(1, 6));
    } else {
      context.exercise_intensity = random.pick(['none', 'light'] as const);
      context.exercise_min = context.exercise_intensity === 'none' ? 0 : random.int(10, 40);
      context.standing_h = round1(random.uniform(9, 12));
    }
  } else {
    context.exercise_intensity = random.pick(['none', 'light', 'moderate', 'vigorous'] as const);
    context.exercise_min = context.exercise_intensity === 'none' ? 0 : context.exercise_intensity === 'light' ? random.int(10, 90) : random.int(10, 35);
    context.standing_h = round1(random.uniform(0.5, 6));
  }
  context.sitting_h = circulationBySitting ? round1(random.uniform(10, 14)) : round1(random.uniform(1, 7.5));
  context.caffeine_mg = random.chance(0.2) ? 0 : random.int(40, 400);
  if (random.chance(0.3)) context.supplements = [random.pick(['magnesium', 'potassium', 'vitamin_b12', 'calcium'])];
  context.stretched_before_bed = random.chance(0.3);
  // Some apps send only part of the log.
  if (random.chance(0.15)) delete context.caffeine_mg;
  if (random.chance(0.15)) delete context.supplements;
  if (wanted.has('dehydration_electrolytes')) oneClearLossAlone(random.fork('dehydration-sign'), profile, context);
  return { profile, context, mvcUv };
}

/**
 * Some days show dehydration by one of the losses the seed names, logged on its own with no water
 * amount: heavy sweating, 400 mg of caffeine or more, or a diuretic (drawn last, from its own
 * stream, so the rest of a person stays what it was for a given seed).
 */
function oneClearLossAlone(random: Random, profile: Profile, context: ContextLog): void {
  if (!random.chance(0.35)) return;
  delete context.water_l;
  delete context.alcohol_units;
  const sign = random.pick(['sweating', 'caffeine', 'diuretic'] as const);
  context.sweating = sign === 'sweating' ? 'heavy' : random.pick(['none', 'light'] as const);
  if (sign === 'caffeine') context.caffeine_mg = random.int(RULES.highCaffeineMg + 20, 800);
  else if (context.caffeine_mg !== undefined) context.caffeine_mg = Math.min(context.caffeine_mg, 250);
  if (sign === 'diuretic') profile.medications = [...new Set([...(profile.medications ?? []), random.pick(['furosemide', 'hydrochlorothiazide', 'Lasix'])])];
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A cramp-linked drug as a person or an app would write it: generic, capitalized, brand or class. */
function crampDrugAsWritten(random: Random): string {
  const form = random.weighted([['generic', 6], ['capitalized', 1.5], ['alias', 2.5]] as const);
  if (form === 'alias') {
    const alias = random.pick(CRAMP_DRUG_ALIASES);
    return random.chance(0.5) ? alias[0].toUpperCase() + alias.slice(1) : alias;
  }
  const generic = random.pick(CRAMP_DRUGS);
  return form === 'capitalized' ? generic[0].toUpperCase() + generic.slice(1) : generic;
}
