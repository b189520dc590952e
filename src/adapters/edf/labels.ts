// What a PSG signal label means for crampwatch: a leg EMG (which muscle, which side), an
// accelerometer axis, the chin EMG (not a PROTOCOL channel), EDF+ annotations, or something else.
// Labels follow habits more than standards: the AASM manual's derivations ("LAT1-LAT2"),
// EDF+ standard texts ("EMG LAT"), and what PSG systems print ("Leg L", "Leg/R", "LLEG",
// "PLMr", "Tib L"). By AASM convention a "leg" EMG is the anterior tibialis. `--map` covers the rest.
import type { Muscle } from '../../core/types.ts';

export type Side = 'left' | 'right';
/** where an accelerometer sits: the shank (PROTOCOL `acc`), the foot, the thigh (1.1, §10.1) */
export const ACC_PLACES = ['acc', 'foot', 'thigh'] as const;
export type AccPlace = (typeof ACC_PLACES)[number];
export type Axis = 'x' | 'y' | 'z';

export type SignalRole =
  | { role: 'emg'; muscle: Muscle; side?: Side }
  | { role: 'accel'; place: AccPlace; axis: Axis; side?: Side }
  | { role: 'chin' }
  | { role: 'skip'; why: string }
  | { role: 'other' };

/** Tokens of a label: lower case, split at anything that is not a letter or digit. */
function tokensOf(label: string): string[] {
  return label
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const LEFT = new Set(['l', 'left', 'lt', 'li', 'links', 'sin']);
const RIGHT = new Set(['r', 'right', 'rt', 're', 'rechts', 'dx']);

function sideOf(tokens: string[]): Side | undefined {
  let side: Side | undefined;
  for (const t of tokens) {
    const s = LEFT.has(t) ? 'left' : RIGHT.has(t) ? 'right' : undefined;
    if (s && side && s !== side) return undefined;
    if (s) side = s;
  }
  return side;
}

/** Fused side-and-muscle tokens: LAT/RAT, LLEG/RLEG, LTIB/RTIB, PLMl/PLMr, with electrode digits. */
const FUSED: [RegExp, Muscle][] = [
  [/^([lr])(at|ta|tib|tibialis|leg|legs|plm)\d*$/, 'tibialis_anterior'],
  [/^plm([lr])\d*$/, 'tibialis_anterior'],
  [/^(?:tib|leg|ta)([lr])\d*$/, 'tibialis_anterior'],
  [/^([lr])(gas|gast|gastroc|gastrocnemius|gm|calf)\d*$/, 'gastrocnemius'],
  [/^([lr])(sol|soleus)\d*$/, 'soleus'],
];

const MUSCLE_WORDS: [RegExp, Muscle][] = [
  [/^(tib|tibia|tibialis|tibant|ta|leg|legs|plm|limb|at|lat|rat|lm)\d*$/, 'tibialis_anterior'],
  [/^(gastroc|gastrocnemius|gast|gas|calf|gm|gl)\d*$/, 'gastrocnemius'],
  [/^(sol|soleus)\d*$/, 'soleus'],
  [/^(hamstring|hamstrings|hams|semitendinosus|bf)\d*$/, 'hamstrings'],
  [/^(quad|quads|quadriceps|vastus|vl|vm|rf)\d*$/, 'quadriceps'],
  [/^(ahb|fdb|abductor|foot)\d*$/, 'foot_intrinsic'],
];

export function roleOfLabel(label: string): SignalRole {
  const tokens = tokensOf(label);
  if (tokens.length === 0) return { role: 'other' };
  if (tokens.some((t) => /^(chin|submental|submentalis|ment|mental)\d*$/.test(t))) return { role: 'chin' };
  const accel = tokens.findIndex((t) => /^(acc|accel|accelerometer|acceleration|accl)([xyz])?$/.test(t));
  if (accel >= 0) {
    const fused = /([xyz])$/.exec(tokens[accel].replace(/^(acc|accel|accelerometer|acceleration|accl)/, ''));
    const axisToken = fused?.[1] ?? tokens.find((t) => /^[xyz]$/.test(t));
    if (!axisToken) return { role: 'skip', why: 'an accelerometer signal with no x, y or z in its label (use --map)' };
    const place: AccPlace = tokens.includes('foot') ? 'foot' : tokens.includes('thigh') ? 'thigh' : 'acc';
    return { role: 'accel', place, axis: axisToken as Axis, side: sideOf(tokens) };
  }
  for (const t of tokens) {
    for (const [pattern, muscle] of FUSED) {
      const m = pattern.exec(t);
      if (m) return { role: 'emg', muscle, side: m[1] === 'l' ? 'left' : 'right' };
    }
  }
  // a muscle word; "lat"/"rat" alone name their side (AASM: left/right anterior tibialis)
  for (const t of tokens) {
    for (const [pattern, muscle] of MUSCLE_WORDS) {
      if (!pattern.test(t)) continue;
      if (t.startsWith('lat')) return { role: 'emg', muscle, side: 'left' };
      if (t.startsWith('rat')) return { role: 'emg', muscle, side: 'right' };
      if ((t === 'at' || t === 'limb' || t.startsWith('lm')) && !tokens.includes('emg')) continue;
      return { role: 'emg', muscle, side: sideOf(tokens) };
    }
  }
  return { role: 'other' };
}
