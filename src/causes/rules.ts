// THE table of cause rules: every sign that points to one of the seven possible causes of a
// cramp (PROTOCOL §6), how strongly, the words the wearer reads, and where the idea comes from.
//
// How the table is read (src/causes/infer.ts):
// - each rule whose `when` returns a sentence has fired; the sentence is its evidence;
// - the rules `for` one cause are treated as independent signs and combined by noisy-OR,
//   p = 1 − Π(1 − pᵢ), so one strong sign (≥ 0.5) tags a cause by itself, while weak signs
//   (< 0.5) tag it only when several agree;
// - a rule `against` a cause then scales it down: p · (1 − c);
// - a cause is tagged when p ≥ 0.5 (PROTOCOL §6). Only tagged causes are reported.
//
// Calibration: a strong rule is a sign a clinician would name as the likely trigger on its own
// (a diuretic, a long vigorous workout, an hour prone with toes pointed); a weak one is a sign
// that only matters in company (an evening of drinking, a short day on one's feet, age). The
// seed's own contributors, logged clearly, are each strong enough alone (p ≥ 0.5): to
// dehydration and electrolyte loss, under 1 L of water, heavy sweating, 400 mg of caffeine or
// more, a diuretic; to fatigue, a long day on one's feet, a long hard workout, a sudden rise in
// activity. Partial signs of the same (1–1.5 L of water, 300–400 mg of caffeine, 6–8 h
// standing, 45–60 min of hard exercise) stay below 0.5 alone. The words always say "can",
// "may", "linked to": these are possible causes, never a diagnosis.
//
// Sources (short names used in the table):
// - [AAFP]  Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician 2012;86(4):350–355.
// - [NHS]   NHS, "Leg cramps", nhs.uk/conditions/leg-cramps (causes: exercise, pregnancy, age,
//           medicines such as statins and diuretics, liver/kidney/nerve conditions).
// - [Mayo]  Mayo Clinic, "Muscle cramp: symptoms and causes" (overuse, dehydration, inadequate
//           blood supply, nerve compression/lumbar stenosis, mineral depletion by diuretics;
//           risk: age, dehydration, pregnancy, diabetes, nerve, liver and thyroid disorders).
// - [Garrison2012] Garrison SR et al. Arch Intern Med 2012;172(2):120–126 (drugs preceding cramps).
// - [Schwellnus] Schwellnus MP. Cause of exercise associated muscle cramps: altered
//           neuromuscular control, dehydration or electrolyte depletion? Br J Sports Med 2009;43:401–408.
// - [EFSA2010] EFSA NDA Panel, Dietary reference values for water. EFSA J 2010;8(3):1459
//           (adequate total water ≈ 2.0 L/day women, 2.5 L/day men).
// - [FDA400] US FDA, "Spilling the beans: how much caffeine is too much?" (400 mg/day).
// - [Sontag1988] Sontag SJ, Wanner JN. The cause of leg cramps and knee pains: an hypothesis and
//           effective treatment. Med Hypotheses 1988;25(1):35–41 (plantar flexion in bed shortens
//           the calf; keeping the feet up stops cramps).
// - [Arshad2023] Arshad S et al. Nocturnal leg cramps in young adults. Pak BioMed J
//           2023;6(10):19–24 (cramps linked to hours of standing without changing posture).
// - [Naylor2000] Naylor JR, Young JB. A general population survey of rest cramps. Age Ageing
//           2000;29(4):441–443 (cramps rise with age; weak on its own).
import type { Cause } from '../core/types.ts';
import { CONDITION_WORDS, type KnownCondition } from './conditions.ts';
import type { Facts } from './facts.ts';
import { MEDICATION_CLASS_WORDS, type MedicationClass } from './medications.ts';
import { durationWords, hoursWords, listWords, litresWords } from './words.ts';

export interface CauseRule {
  /** short stable name, for tests and debugging */
  id: string;
  cause: Cause;
  /** `for` raises the cause's confidence; `against` lowers it */
  effect: 'for' | 'against';
  /** 0..1: how strongly this sign alone points to the cause (or, `against`, how much it takes away) */
  confidence: number;
  /** the evidence sentence when the sign is present, else undefined */
  when: (f: Facts) => string | undefined;
  source: string;
}

// ---- thresholds, each with its reason ----

/** A position held this long before onset counts as "held for a long time" (the calf shortened
 * long enough for the cramp-prone state of [Sontag1988]; the brief's ~20–30 min). */
export const POSITION_HELD_MIN = 20;
/** Toes pointed beyond this plantar flexion, degrees: well past the ~20° of a relaxed ankle in bed. */
export const POINTED_TOES_DEG = 30;
/** Long vigorous exercise: ≥ 60 min ([Schwellnus]: cramps follow long or unusually hard effort). */
export const VIGOROUS_MIN = 60;
/** Moderate exercise for an hour or more counts as long for the mostly older people who get
 * night cramps (Allen & Kirby: "vigorous exercise"; Schwellnus: duration is itself a risk). */
export const LONG_MODERATE_MIN = 60;
/** Ordinary activity stays below this (a half-hour walk or workout). */
export const ORDINARY_EXERCISE_MIN = 45;
/** A long day on one's feet: ≥ 8 h standing ([Arshad2023]: long standing is linked to night cramps). */
export const LONG_STANDING_H = 8;
/** Prolonged sitting: ≥ 8 h ([Mayo]: inadequate blood supply; long sitting pools blood in the legs). */
export const LONG_SITTING_H = 8;
/** Below this, L of water a day, intake is low (well under the [EFSA2010] adequate intake). */
export const LOW_WATER_L = 1.5;
export const VERY_LOW_WATER_L = 1.0;
/** Caffeine above the [FDA400] daily limit. */
export const HIGH_CAFFEINE_MG = 400;
/** Caffeine that matters only with other signs (about three strong coffees). */
export const SOME_CAFFEINE_MG = 300;
/** Alcohol units (UK, 8 g each) at which it acts as a diuretic worth naming. */
export const HEAVY_ALCOHOL_UNITS = 4;
/** A sudden rise: at least twice the usual exercise and at least this many minutes more. */
export const ACTIVITY_RISE_MIN = 45;
/** How many earlier days with a context log make a "usual" level. */
export const USUAL_DAYS = 3;
/** Age from which cramps are common ([Naylor2000]); weak evidence only. */
export const OLDER_AGE_Y = 60;

// ---- helpers for the table ----

const medicationRule = (cls: MedicationClass, confidence: number, source: string): CauseRule => ({
  id: `medication_${cls}`,
  cause: 'medication',
  effect: 'for',
  confidence,
  when: (f) => {
    const meds = f.medications.get(cls);
    if (!meds || meds.length === 0) return undefined;
    const words = MEDICATION_CLASS_WORDS[cls];
    // a wearer who logged the class itself ("diuretic", "water pill") is not told "Diuretic is a diuretic"
    if (meds.every((m) => words.what.includes(m.name.toLowerCase().trim()))) return `you take ${words.what}, ${words.why}`;
    const names = listWords(meds.map((m) => m.name));
    return `${names} ${meds.length === 1 ? 'is' : 'are each'} ${words.what}, ${words.why}`;
  },
  source,
});

const conditionRule = (
  cause: Cause,
  condition: KnownCondition,
  confidence: number,
  why: string,
  source: string,
): CauseRule => ({
  id: `${cause}_${condition}`,
  cause,
  effect: 'for',
  confidence,
  when: (f) => (f.conditions.has(condition) ? `your profile lists ${CONDITION_WORDS[condition]}, ${why}` : undefined),
  source,
});

const onStomach = (f: Facts) => f.onset.postureBefore === 'prone';
const pointedHeldMin = (f: Facts) => f.onset.ankleFlexedHeldMin;
const usualExerciseMin = (f: Facts) => {
  const recent = f.recentExerciseMin.slice(-7);
  if (recent.length < USUAL_DAYS) return undefined;
  return recent.reduce((a, b) => a + b, 0) / recent.length;
};

// ---- the table ----

export const CAUSE_RULES: readonly CauseRule[] = [
  // sleeping_position: a shortened calf held for a long time
  {
    id: 'prone_held',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.75,
    when: (f) =>
      onStomach(f) && f.onset.postureHeldMin >= POSITION_HELD_MIN
        ? `you slept on your stomach for ${durationWords(f.onset.postureHeldMin)} before it started; lying face down points the toes and shortens the calf`
        : undefined,
    source: '[Sontag1988]; [AAFP]: plantar flexion while lying in bed; the brief: prone ≥ 20–30 min',
  },
  {
    id: 'prone_brief',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.25,
    when: (f) =>
      onStomach(f) && f.onset.postureHeldMin >= POSITION_HELD_MIN / 2 && f.onset.postureHeldMin < POSITION_HELD_MIN
        ? `you had been on your stomach for ${durationWords(f.onset.postureHeldMin)} before it started`
        : undefined,
    source: '[Sontag1988]; shorter than the held-position threshold, so weak (prone and pointed toes are the same sign, so two brief ones stay below 0.5)',
  },
  {
    id: 'toes_pointed_held',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.75,
    when: (f) => {
      const held = pointedHeldMin(f);
      if (held === undefined || held < POSITION_HELD_MIN) return undefined;
      const angle = f.onset.ankleFlexionDeg;
      const deg = angle !== undefined && angle > POINTED_TOES_DEG ? ` (ankle at ${Math.round(angle)}°)` : '';
      return `your toes were pointed${deg} for ${durationWords(held)} before it started, which keeps the calf short`;
    },
    source: '[Sontag1988]: sustained plantar flexion in bed; foot sensor per PROTOCOL §1',
  },
  {
    id: 'toes_pointed_brief',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.25,
    when: (f) => {
      const held = pointedHeldMin(f);
      return held !== undefined && held >= POSITION_HELD_MIN / 2 && held < POSITION_HELD_MIN
        ? `your toes had been pointed for ${durationWords(held)} before it started`
        : undefined;
    },
    source: '[Sontag1988]; shorter than the held-position threshold, so weak (prone and pointed toes are the same sign, so two brief ones stay below 0.5)',
  },

  // muscle_fatigue: tired muscles misfire ([Schwellnus])
  {
    id: 'long_vigorous_exercise',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.75,
    when: (f) =>
      f.day?.exerciseIntensity === 'vigorous' && (f.day.exerciseMin ?? 0) >= VIGOROUS_MIN
        ? `you did ${durationWords(f.day.exerciseMin ?? 0)} of hard exercise the day before; tired muscles cramp more easily`
        : undefined,
    source: '[Schwellnus]; [NHS]: cramps after exercise; the brief: ≥ 60–90 min vigorous',
  },
  {
    id: 'short_vigorous_exercise',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.45,
    when: (f) => {
      const min = f.day?.exerciseMin ?? 0;
      return f.day?.exerciseIntensity === 'vigorous' && min >= ORDINARY_EXERCISE_MIN && min < VIGOROUS_MIN
        ? `you did ${durationWords(min)} of hard exercise the day before`
        : undefined;
    },
    source: '[Schwellnus]; under an hour, so it needs another sign',
  },
  {
    id: 'long_moderate_exercise',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.55,
    when: (f) => {
      const min = f.day?.exerciseMin ?? 0;
      const intensity = f.day?.exerciseIntensity;
      return (intensity === 'moderate' || intensity === undefined) && min >= LONG_MODERATE_MIN
        ? `you exercised for ${durationWords(min)} the day before, which can tire the calf muscles`
        : undefined;
    },
    source: '[Schwellnus]: long exercise; [AAFP]',
  },
  {
    id: 'long_standing',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.7,
    when: (f) =>
      (f.day?.standingH ?? 0) >= LONG_STANDING_H
        ? `you were on your feet for ${hoursWords(f.day?.standingH ?? 0)} the day before, which tires the calf muscles`
        : undefined,
    source: '[Arshad2023]; [AAFP]: prolonged standing; the brief: standing ≥ 8 h',
  },
  {
    id: 'some_standing',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.25,
    when: (f) => {
      const h = f.day?.standingH ?? 0;
      return h >= 6 && h < LONG_STANDING_H ? `you were on your feet for ${hoursWords(h)} the day before` : undefined;
    },
    source: '[Arshad2023]; below the long-day threshold, so weak',
  },
  {
    id: 'sudden_rise_in_activity',
    cause: 'muscle_fatigue',
    effect: 'for',
    confidence: 0.6,
    when: (f) => {
      const usual = usualExerciseMin(f);
      const today = f.day?.exerciseMin;
      if (usual === undefined || today === undefined) return undefined;
      return today >= 2 * usual && today - usual >= ACTIVITY_RISE_MIN
        ? `you exercised for ${durationWords(today)} the day before, much more than ${usual < 1 ? 'usual (you usually exercise little)' : `your usual ${durationWords(usual)}`}`
        : undefined;
    },
    source: '[Schwellnus]: a sudden rise in load on unconditioned muscles',
  },

  // dehydration_electrolytes: too little water or salt for the muscles
  {
    id: 'very_low_water',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.7,
    when: (f) =>
      f.day?.waterL !== undefined && f.day.waterL < VERY_LOW_WATER_L
        ? `you drank only about ${litresWords(f.day.waterL)} of water the day before, well under the 2 L or so most adults need`
        : undefined,
    source: '[Mayo]: dehydration; [EFSA2010]',
  },
  {
    id: 'low_water',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.45,
    when: (f) =>
      f.day?.waterL !== undefined && f.day.waterL >= VERY_LOW_WATER_L && f.day.waterL < LOW_WATER_L
        ? `you drank about ${litresWords(f.day.waterL)} of water the day before, less than the 2 L or so most adults need`
        : undefined,
    source: '[Mayo]: dehydration; [EFSA2010]; the brief: water < ~1.5 L/day; the seed names under 1 L as the clear sign, so 1–1.5 L is partial and needs company',
  },
  {
    id: 'heavy_sweating',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.55,
    when: (f) =>
      f.day?.sweating === 'heavy' ? 'you sweated heavily the day before, losing water and salts' : undefined,
    source: '[Schwellnus]; [Mayo]: fluid and mineral loss in sweat; a contributor the seed names, so enough alone (0.55); 1.5 L or more drunk (`drank_enough`) takes it below',
  },
  {
    id: 'high_caffeine',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.55,
    when: (f) =>
      (f.day?.caffeineMg ?? 0) >= HIGH_CAFFEINE_MG
        ? `you had about ${Math.round(f.day?.caffeineMg ?? 0)} mg of caffeine (4 or more strong coffees), which makes you pass more water`
        : undefined,
    source: '[FDA400]; caffeine is a mild diuretic; "excess caffeine" is a contributor the seed names, so at or over the daily limit it is enough alone (0.55)',
  },
  {
    id: 'some_caffeine',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.2,
    when: (f) => {
      const mg = f.day?.caffeineMg ?? 0;
      return mg >= SOME_CAFFEINE_MG && mg < HIGH_CAFFEINE_MG
        ? `you had about ${Math.round(mg)} mg of caffeine, which makes you pass more water`
        : undefined;
    },
    source: '[FDA400]; below the daily limit, so weak (a cup or two is not a cause)',
  },
  {
    id: 'heavy_alcohol',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.35,
    when: (f) =>
      (f.day?.alcoholUnits ?? 0) >= HEAVY_ALCOHOL_UNITS
        ? `you had about ${Math.round(f.day?.alcoholUnits ?? 0)} units of alcohol, which makes you lose water`
        : undefined,
    source: '[AAFP]: alcohol use is associated with leg cramps; alcohol is a diuretic',
  },
  {
    id: 'diuretic_fluid_loss',
    cause: 'dehydration_electrolytes',
    effect: 'for',
    confidence: 0.55,
    when: (f) => {
      const meds = f.medications.get('diuretic');
      return meds && meds.length > 0
        ? `${listWords(meds.map((m) => m.name))} makes you pass more water and salts`
        : undefined;
    },
    source: '[Mayo]: diuretics deplete potassium, calcium and magnesium; a contributor the seed names, so enough alone (0.55), beside `medication_diuretic`',
  },
  conditionRule(
    'dehydration_electrolytes',
    'electrolyte_disorder',
    0.7,
    'and low blood salts make muscles cramp',
    '[Mayo]: mineral depletion',
  ),
  {
    id: 'drank_enough',
    cause: 'dehydration_electrolytes',
    effect: 'against',
    confidence: 0.4,
    when: (f) =>
      f.day?.waterL !== undefined && f.day.waterL >= LOW_WATER_L
        ? `you drank ${litresWords(f.day.waterL)} of water`
        : undefined,
    source: 'intake not low (the brief: < ~1.5 L/day is low): the water drunk made up for what one loss took (0.55 × 0.6 < 0.5), or two of them (0.8 × 0.6 < 0.5); three clear losses still name it',
  },

  // poor_circulation
  conditionRule(
    'poor_circulation',
    'peripheral_artery_disease',
    0.8,
    'which narrows the leg arteries so the muscles get less blood',
    '[Mayo]: inadequate blood supply; [AAFP]',
  ),
  conditionRule(
    'poor_circulation',
    'venous_insufficiency',
    0.7,
    'which lets blood pool in the legs',
    '[AAFP]: venous insufficiency is associated with leg cramps',
  ),
  {
    id: 'long_sitting',
    cause: 'poor_circulation',
    effect: 'for',
    confidence: 0.6,
    when: (f) =>
      (f.day?.sittingH ?? 0) >= LONG_SITTING_H
        ? `you sat for ${hoursWords(f.day?.sittingH ?? 0)} the day before; long sitting slows the blood flow in the legs`
        : undefined,
    source: '[AAFP]: prolonged sitting; the brief: sitting ≥ 8 h',
  },
  {
    id: 'some_sitting',
    cause: 'poor_circulation',
    effect: 'for',
    confidence: 0.25,
    when: (f) => {
      const h = f.day?.sittingH ?? 0;
      return h >= 6 && h < LONG_SITTING_H ? `you sat for ${hoursWords(h)} the day before` : undefined;
    },
    source: '[AAFP]; below the long-sitting threshold, so weak',
  },
  {
    id: 'long_stillness',
    cause: 'poor_circulation',
    effect: 'for',
    confidence: 0.25,
    when: (f) =>
      f.onset.stillMin >= 120 ? `your leg had not moved for ${durationWords(f.onset.stillMin)} before it started` : undefined,
    source: '[AAFP]: long immobility; most sleepers lie still for long spells, so weak',
  },

  // nerve_compression
  conditionRule(
    'nerve_compression',
    'lumbar_spinal_stenosis',
    0.8,
    'which can press on the nerves to the legs',
    '[Mayo]: nerve compression from lumbar stenosis',
  ),
  conditionRule(
    'nerve_compression',
    'back_problems',
    0.6,
    'and a pinched nerve in the lower back can set off leg cramps',
    '[Mayo]; [AAFP]: lumbar radiculopathy',
  ),

  // medication
  medicationRule('diuretic', 0.7, '[Garrison2012]; [NHS]; [Mayo]'),
  medicationRule('statin', 0.65, '[NHS]; [Garrison2012]'),
  medicationRule('beta_agonist', 0.6, '[Garrison2012]: long-acting beta-agonists; [AAFP]'),
  medicationRule('other_cramp_linked', 0.6, '[Garrison2012]; [AAFP]'),
  medicationRule('calcium_channel_blocker', 0.55, 'product information (nifedipine, amlodipine: muscle cramps)'),
  medicationRule('ace_inhibitor', 0.5, 'product information (muscle cramps); weaker evidence'),
  medicationRule('angiotensin_receptor_blocker', 0.5, 'product information (muscle cramps); weaker evidence'),
  medicationRule('blood_pressure_unspecified', 0.35, 'some blood-pressure medicines; the name does not say which'),

  // health_condition
  conditionRule('health_condition', 'diabetes', 0.7, 'which can affect nerves and blood flow in the legs', '[Mayo]; [AAFP]'),
  conditionRule('health_condition', 'kidney_disease', 0.75, 'which can upset the body’s salts', '[NHS]; [AAFP]'),
  conditionRule('health_condition', 'thyroid_disorder', 0.6, 'which can cause muscle cramps', '[Mayo]'),
  conditionRule(
    'health_condition',
    'peripheral_neuropathy',
    0.7,
    'and damaged nerves can set off cramps',
    '[Mayo]: nerve disorders; [AAFP]',
  ),
  conditionRule('health_condition', 'liver_disease', 0.65, 'which is linked to muscle cramps', '[NHS]; [AAFP]: cirrhosis'),
  conditionRule('health_condition', 'motor_neuron_disease', 0.65, 'which commonly causes cramps', '[AAFP]'),
  {
    id: 'pregnancy',
    cause: 'health_condition',
    effect: 'for',
    confidence: 0.7,
    when: (f) => (f.pregnant ? 'you are pregnant, and leg cramps are common in pregnancy' : undefined),
    source: '[NHS]; [Mayo]',
  },
  {
    id: 'older_age',
    cause: 'health_condition',
    effect: 'for',
    confidence: 0.15,
    when: (f) =>
      f.age !== undefined && f.age >= OLDER_AGE_Y ? `night cramps become more common from about age ${OLDER_AGE_Y}` : undefined,
    source: '[Naylor2000]; weak evidence only, never a cause on its own',
  },
  // sleeping_position: legs tightly curled (thigh sensor, PROTOCOL §10.1). Knees drawn up for a
  // long time keep the muscles short: the gastrocnemius crosses the knee, the hamstrings span it
  // (the seed: "sleeping with toes pointed downward or legs tightly curled shortens the calf
  // muscles"); held as long as the prone and pointed-toes signs above.
  {
    id: 'knees_curled_held',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.75,
    when: (f) => {
      const held = f.onset.kneeCurledHeldMin;
      if (held === undefined || held < POSITION_HELD_MIN) return undefined;
      const angle = f.onset.kneeFlexionDeg;
      const deg = angle !== undefined ? ` (at ${Math.round(angle)}°)` : '';
      return `your knees were bent${deg} for ${durationWords(held)} before it began; lying with the legs tightly curled keeps the leg muscles short`;
    },
    source: '[Sontag1988]: shortened muscles held in bed; the seed: "legs tightly curled shortens the calf muscles"; thigh sensor per PROTOCOL §10.1',
  },
  {
    id: 'knees_curled_brief',
    cause: 'sleeping_position',
    effect: 'for',
    confidence: 0.25,
    when: (f) => {
      const held = f.onset.kneeCurledHeldMin;
      return held !== undefined && held >= POSITION_HELD_MIN / 2 && held < POSITION_HELD_MIN
        ? `your knees had been bent for ${durationWords(held)} before it began`
        : undefined;
    },
    source: '[Sontag1988]; shorter than the held-position threshold, so weak on its own',
  },
];
