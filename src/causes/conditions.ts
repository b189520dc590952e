// Recognising health conditions from the free names of a profile (PROTOCOL §4). The known names
// come first; the other words are what a wearer or an app might write instead.

export const KNOWN_CONDITIONS = [
  'diabetes',
  'kidney_disease',
  'thyroid_disorder',
  'peripheral_neuropathy',
  'lumbar_spinal_stenosis',
  'back_problems',
  'peripheral_artery_disease',
  'venous_insufficiency',
  // not in PROTOCOL §4's list, but known to cause cramps (Allen & Kirby, Am Fam Physician 2012;
  // Mayo Clinic "Muscle cramp": liver, nerve and thyroid disorders; electrolyte disturbances)
  'liver_disease',
  'motor_neuron_disease',
  'electrolyte_disorder',
] as const;
export type KnownCondition = (typeof KNOWN_CONDITIONS)[number];

/** Plain words for the evidence sentences. */
export const CONDITION_WORDS: Record<KnownCondition, string> = {
  diabetes: 'diabetes',
  kidney_disease: 'kidney disease',
  thyroid_disorder: 'a thyroid disorder',
  peripheral_neuropathy: 'peripheral neuropathy (nerve damage in the legs)',
  lumbar_spinal_stenosis: 'lumbar spinal stenosis (narrowing in the lower spine)',
  back_problems: 'a lower-back problem',
  peripheral_artery_disease: 'peripheral artery disease',
  venous_insufficiency: 'venous insufficiency (weak leg veins)',
  liver_disease: 'liver disease',
  motor_neuron_disease: 'a motor nerve disease',
  electrolyte_disorder: 'low blood salts (an electrolyte problem)',
};

/** Whole words or phrases (lower case, letters and spaces) that name each condition. */
const SYNONYMS: Record<KnownCondition, readonly string[]> = {
  diabetes: ['diabetes', 'diabetic', 'diabetes mellitus', 'type diabetes', 't dm', 'dm', 'iddm', 'niddm'],
  kidney_disease: [
    'kidney disease', 'renal disease', 'renal insufficiency', 'chronic kidney disease', 'renal failure', 'ckd', 'dialysis', 'kidney failure',
    'nephropathy',
  ],
  thyroid_disorder: [
    'thyroid', 'thyroid disorder', 'hypothyroidism', 'hyperthyroidism', 'hypothyroid', 'hyperthyroid',
    'hashimoto', 'hashimotos', 'graves', 'graves disease',
  ],
  peripheral_neuropathy: ['peripheral neuropathy', 'neuropathy', 'polyneuropathy', 'diabetic neuropathy'],
  lumbar_spinal_stenosis: ['lumbar spinal stenosis', 'spinal stenosis', 'lumbar stenosis', 'lss'],
  back_problems: [
    'back problems', 'back problem', 'back pain', 'low back pain', 'lower back pain', 'sciatica', 'herniated disc',
    'slipped disc', 'disc herniation', 'radiculopathy', 'lumbar radiculopathy', 'pinched nerve',
  ],
  peripheral_artery_disease: [
    'peripheral artery disease', 'peripheral arterial disease', 'pad', 'peripheral vascular disease', 'pvd',
    'claudication', 'intermittent claudication',
  ],
  venous_insufficiency: [
    'venous insufficiency', 'chronic venous insufficiency', 'cvi', 'varicose veins', 'varicose', 'venous disease',
  ],
  liver_disease: ['liver disease', 'cirrhosis', 'liver cirrhosis', 'hepatic cirrhosis'],
  motor_neuron_disease: ['motor neuron disease', 'motor neurone disease', 'als', 'amyotrophic lateral sclerosis'],
  electrolyte_disorder: [
    'hypokalemia', 'hypokalaemia', 'hypomagnesemia', 'hypomagnesaemia', 'hypocalcemia', 'hypocalcaemia',
    'hyponatremia', 'hyponatraemia', 'low potassium', 'low magnesium', 'electrolyte imbalance',
  ],
};

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** Which known condition a free-text name is, if any. Neuropathy wins over diabetes for "diabetic neuropathy". */
export function classifyCondition(text: string): KnownCondition | undefined {
  const padded = ` ${normalise(text)} `;
  if (padded.trim().length === 0) return undefined;
  // the exact protocol name first ("kidney_disease" normalises to "kidney disease")
  for (const known of KNOWN_CONDITIONS) if (padded.trim() === known.replace(/_/g, ' ')) return known;
  if (SYNONYMS.peripheral_neuropathy.some((s) => padded.includes(` ${s} `))) return 'peripheral_neuropathy';
  for (const known of KNOWN_CONDITIONS) {
    if (SYNONYMS[known].some((s) => padded.includes(` ${s} `))) return known;
  }
  return undefined;
}

/** The recognised conditions of a profile, without repeats. */
export function knownConditions(conditions: readonly string[] | undefined): Set<KnownCondition> {
  const out = new Set<KnownCondition>();
  for (const text of Array.isArray(conditions) ? conditions : []) {
    if (typeof text !== 'string') continue;
    const known = classifyCondition(text);
    if (known) out.add(known);
  }
  return out;
}
