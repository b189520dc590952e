// Recognising medicines that are linked to muscle cramps, from the free names a wearer types
// into their profile ("Furosemide 40mg", "Lipitor", "water pill", "statins").
//
// Sources for which medicines belong here:
// - Allen RE, Kirby KA. Nocturnal leg cramps. Am Fam Physician 2012;86(4):350–355 (table of
//   medications associated with leg cramps: diuretics, statins, long-acting beta-agonists,
//   IV iron sucrose, conjugated estrogens, raloxifene, naproxen, teriparatide).
// - Garrison SR et al. Nocturnal leg cramps and prescription use that precedes them: a sequence
//   symmetry analysis. Arch Intern Med 2012;172(2):120–126 (thiazide-like and potassium-sparing
//   diuretics, long-acting beta-agonists, statins, the drugs above).
// - NHS, "Leg cramps" (nhs.uk/conditions/leg-cramps): statins and diuretics.
// - Mayo Clinic, "Muscle cramp": diuretics deplete potassium, calcium and magnesium.
// - Pregabalin: muscle spasm among its common adverse effects (Lyrica product information).
// - Calcium-channel blockers (nifedipine, amlodipine) and ACE inhibitors / ARBs: cramps listed
//   as an adverse effect in their product information; weaker evidence, lower confidence.

export type MedicationClass =
  | 'diuretic'
  | 'statin'
  | 'calcium_channel_blocker'
  | 'ace_inhibitor'
  | 'angiotensin_receptor_blocker'
  | 'beta_agonist'
  | 'other_cramp_linked'
  | 'blood_pressure_unspecified';

/** What a class is, in the words the evidence uses: "{name} is {what}, {why}". */
export const MEDICATION_CLASS_WORDS: Record<MedicationClass, { what: string; why: string }> = {
  diuretic: { what: 'a diuretic (water pill)', why: 'which can lower the salts that muscles need' },
  statin: { what: 'a statin (cholesterol medicine)', why: 'and statins can cause muscle aches and cramps in some people' },
  calcium_channel_blocker: {
    what: 'a blood-pressure medicine (calcium-channel blocker)',
    why: 'and leg cramps are a known side effect',
  },
  ace_inhibitor: { what: 'a blood-pressure medicine (ACE inhibitor)', why: 'and muscle cramps are a known side effect' },
  angiotensin_receptor_blocker: {
    what: 'a blood-pressure medicine (angiotensin receptor blocker)',
    why: 'and muscle cramps are a known side effect',
  },
  beta_agonist: { what: 'an asthma or COPD medicine (beta-agonist)', why: 'and these are linked to muscle cramps' },
  other_cramp_linked: { what: 'a medicine that has been linked to leg cramps', why: 'in studies of people who take it' },
  blood_pressure_unspecified: {
    what: 'a blood-pressure medicine',
    why: 'and some blood-pressure medicines can cause cramps',
  },
};

/** Names (generic, brand, class words), lower case, matched as whole words. */
const NAMES: Record<MedicationClass, readonly string[]> = {
  diuretic: [
    // loop
    'furosemide', 'frusemide', 'lasix', 'bumetanide', 'bumex', 'burinex', 'torsemide', 'torasemide', 'demadex',
    'ethacrynic acid', 'edecrin',
    // thiazide and thiazide-like
    'hydrochlorothiazide', 'hctz', 'microzide', 'chlorthalidone', 'chlortalidone', 'indapamide', 'metolazone',
    'bendroflumethiazide', 'chlorothiazide',
    // potassium-sparing
    'spironolactone', 'aldactone', 'eplerenone', 'inspra', 'amiloride', 'midamor', 'triamterene', 'dyazide', 'maxzide',
    // class words
    'diuretic', 'diuretics', 'water pill', 'water pills', 'water tablet', 'water tablets', 'loop diuretic', 'thiazide',
    'thiazides',
  ],
  statin: [
    'atorvastatin', 'lipitor', 'simvastatin', 'zocor', 'rosuvastatin', 'crestor', 'pravastatin', 'pravachol',
    'lovastatin', 'mevacor', 'fluvastatin', 'lescol', 'pitavastatin', 'livalo', 'statin', 'statins',
  ],
  calcium_channel_blocker: [
    'nifedipine', 'procardia', 'adalat', 'amlodipine', 'norvasc', 'felodipine', 'plendil', 'nicardipine', 'isradipine',
    'lercanidipine', 'diltiazem', 'cardizem', 'verapamil', 'calan', 'calcium channel blocker', 'calcium channel blockers',
  ],
  ace_inhibitor: [
    'lisinopril', 'zestril', 'prinivil', 'enalapril', 'vasotec', 'ramipril', 'altace', 'captopril', 'capoten',
    'perindopril', 'benazepril', 'lotensin', 'quinapril', 'accupril', 'fosinopril', 'trandolapril',
    'ace inhibitor', 'ace inhibitors',
  ],
  angiotensin_receptor_blocker: [
    'losartan', 'cozaar', 'valsartan', 'diovan', 'irbesartan', 'avapro', 'candesartan', 'atacand', 'olmesartan',
    'benicar', 'telmisartan', 'micardis', 'arb', 'arbs',
  ],
  beta_agonist: [
    'salbutamol', 'albuterol', 'ventolin', 'proair', 'salmeterol', 'serevent', 'advair', 'seretide', 'formoterol',
    'symbicort', 'terbutaline', 'indacaterol', 'vilanterol', 'olodaterol', 'beta agonist', 'beta agonists', 'laba',
  ],
  other_cramp_linked: [
    'raloxifene', 'evista', 'teriparatide', 'forteo', 'conjugated estrogens', 'premarin', 'naproxen', 'aleve',
    'naprosyn', 'iron sucrose', 'venofer', 'pregabalin', 'lyrica',
  ],
  blood_pressure_unspecified: [
    'blood pressure medicine', 'blood pressure medication', 'blood pressure pills', 'blood pressure tablets',
    'antihypertensive', 'antihypertensives',
  ],
};

/** Endings that name a whole class (INN stems); the exceptions are unrelated drugs that share them. */
const STEMS: { ending: string; cls: MedicationClass; except: readonly string[] }[] = [
  { ending: 'statin', cls: 'statin', except: ['nystatin', 'ecostatin'] },
  { ending: 'pril', cls: 'ace_inhibitor', except: [] },
  { ending: 'sartan', cls: 'angiotensin_receptor_blocker', except: [] },
  { ending: 'dipine', cls: 'calcium_channel_blocker', except: [] },
  { ending: 'thiazide', cls: 'diuretic', except: [] },
];

export interface MedicationMatch {
  /** as the wearer wrote it, trimmed, dose removed: "Furosemide" */
  name: string;
  cls: MedicationClass;
}

/** Lower case, letters only, single spaces: "Furosemide 40mg (Lasix®)" → "furosemide mg lasix". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** The name without a dose or brackets, for the evidence sentence: "Furosemide 40 mg" → "Furosemide". */
function displayName(text: string): string {
  const cut = text.split(/[\d(,;]/)[0].trim();
  return cut.length > 0 ? cut : text.trim();
}

/** Which cramp-linked class a free-text medication name belongs to, if any. */
export function classifyMedication(text: string): MedicationMatch | undefined {
  const padded = ` ${normalise(text)} `;
  if (padded.trim().length === 0) return undefined;
  for (const cls of Object.keys(NAMES) as MedicationClass[]) {
    for (const name of NAMES[cls]) {
      if (padded.includes(` ${name} `)) return { name: displayName(text), cls };
    }
  }
  for (const word of padded.trim().split(' ')) {
    for (const stem of STEMS) {
      if (word.length > stem.ending.length + 2 && word.endsWith(stem.ending) && !stem.except.includes(word)) {
        return { name: displayName(text), cls: stem.cls };
      }
    }
  }
  return undefined;
}

/** The recognised cramp-linked medicines of a profile, one per entry, unknown names left out. */
export function crampLinkedMedications(medications: readonly string[] | undefined): MedicationMatch[] {
  const out: MedicationMatch[] = [];
  // the edge validates profiles; a bare string here would otherwise be read letter by letter
  for (const text of Array.isArray(medications) ? medications : []) {
    if (typeof text !== 'string') continue;
    const match = classifyMedication(text);
    if (match) out.push(match);
  }
  return out;
}
