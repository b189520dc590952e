// Which EDF+ annotations are ground truth for crampwatch (PROTOCOL §8 kinds), and for which leg.
// Scorers write leg movements as "Limb Movement (Left)", "LM R", "Leg movement", "PLM",
// "Periodic leg movement - right"; arousals as "Arousal", "EEG arousal", "Arousal (ARO SPONT)";
// gross movements as "Movement time", "Body movement". The kinds follow the simulator's truth
// (firmware-sim): `lm` a limb movement, `plm` one the scorer called periodic, `movement` a gross
// body movement, `arousal`, and `cramp`.
import type { Muscle } from '../../core/types.ts';
import type { Side } from './labels.ts';

export type TruthKind = 'cramp' | 'plm' | 'lm' | 'movement' | 'arousal';

export interface AnnotationMeaning {
  kind: TruthKind;
  side?: Side;
  muscle?: Muscle;
}

function sideOf(text: string): Side | undefined {
  const left = /\b(left|links|l|lt|li)\b/.test(text);
  const right = /\b(right|rechts|r|rt|re)\b/.test(text);
  if (left && !right) return 'left';
  if (right && !left) return 'right';
  return undefined;
}

export function meaningOf(annotation: string): AnnotationMeaning | undefined {
  const text = annotation.toLowerCase().replace(/[_/()[\],:;-]+/g, ' ').replace(/\s+/g, ' ').trim();
  // fused side forms: "PLMl", "LMr", "LM-L" (split above)
  const fused = /\b(p?lm)([lr])\b/.exec(text);
  const side = fused ? (fused[2] === 'l' ? 'left' : 'right') : sideOf(text);
  if (/\beye\b|\brem\b|\bresp|\bapn|\bhypopn|\bsnor/.test(text)) return undefined;
  if (/\bcramp/.test(text)) {
    const muscle: Muscle | undefined = /\b(calf|gastroc\w*)\b/.test(text) ? 'gastrocnemius' : /\bsoleus\b/.test(text) ? 'soleus' : /\bfoot\b/.test(text) ? 'foot_intrinsic' : /\bthigh\b|\bhamstring/.test(text) ? 'hamstrings' : undefined;
    return { kind: 'cramp', side, muscle };
  }
  if (/\bplm[lr]?\b|\bplms\b|periodic (leg|limb) movement/.test(text)) return { kind: 'plm', side };
  if (/\blm[lr]?\b|\blms\b|\blma\b|\b(leg|limb) movement|\bleg jerk/.test(text)) return { kind: 'lm', side };
  if (/\barousal|\baro\b/.test(text)) return { kind: 'arousal', side: undefined };
  if (/\bmovement time\b|\bbody movement|\bmajor movement|^mt$/.test(text)) return { kind: 'movement', side: undefined };
  return undefined;
}
