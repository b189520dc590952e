// The day before a night, as the cause rules and the doctor flag need it: the context log's
// fields (PROTOCOL §5) under plain names, plus what the wearer did to prevent cramps.
import type { ContextLog } from '../core/types.ts';

export interface DayActivity {
  /** when the context log was written, epoch ms */
  tMs: number;
  waterL?: number;
  caffeineMg?: number;
  alcoholUnits?: number;
  exerciseMin?: number;
  exerciseIntensity?: 'none' | 'light' | 'moderate' | 'vigorous';
  standingH?: number;
  sittingH?: number;
  sweating?: 'none' | 'light' | 'heavy';
  stretchedBeforeBed?: boolean;
  tookMagnesium: boolean;
}

/** Water at or above this, L a day, counts as "drank enough" (EFSA 2010 adequate intake of water
 * from drinks is about 2.0 L for women and 2.5 L for men; 2.0 L is the lower of the two). */
export const ENOUGH_WATER_L = 2.0;

export function dayActivity(context: ContextLog): DayActivity {
  const supplements = Array.isArray(context.supplements) ? context.supplements : [];
  return {
    tMs: context.t,
    waterL: finite(context.water_l),
    caffeineMg: finite(context.caffeine_mg),
    alcoholUnits: finite(context.alcohol_units),
    exerciseMin: finite(context.exercise_min),
    exerciseIntensity: context.exercise_intensity,
    standingH: finite(context.standing_h),
    sittingH: finite(context.sitting_h),
    sweating: context.sweating,
    stretchedBeforeBed: context.stretched_before_bed,
    tookMagnesium: supplements.some((s) => typeof s === 'string' && (/magnesium/i.test(s) || s.trim().toLowerCase() === 'mg')),
  };
}

/** Did the wearer do what the advice asks on that day: stretched, drank enough, or took magnesium? */
export function preventionTried(day: DayActivity): string[] {
  const tried: string[] = [];
  if (day.stretchedBeforeBed === true) tried.push('stretched before bed');
  if (day.waterL !== undefined && day.waterL >= ENOUGH_WATER_L) tried.push('drank enough water');
  if (day.tookMagnesium) tried.push('took magnesium');
  return tried;
}

function finite(x: number | undefined): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined;
}
