// Severity of a cramp, one documented rule:
// - calibrated (profile.mvc_uv for the muscle): by peak envelope as % of maximal voluntary
//   contraction: < 30 % mild, 30–60 % moderate, ≥ 60 % severe (cramp EMG reaching a large part
//   of MVC marks a forceful, painful cramp; Minetto et al. 2013 report cramp EMG of tens of %
//   MVC);
// - uncalibrated: by peak envelope in µV: < 200 mild, 200–500 moderate, ≥ 500 severe (typical
//   calf MVC RMS is 300–1200 µV, so these sit near the same percentages);
// - either way, a cramp lasting ≥ 2 minutes is at least moderate and ≥ 5 minutes severe (long
//   cramps are the painful ones that leave soreness; Naylor & Young 1994).
import type { Severity } from '../core/types.ts';

export function crampSeverity(peakUv: number, durationS: number, mvcUv?: number): Severity {
  let level: number;
  if (mvcUv && mvcUv > 0) {
    const pct = (100 * peakUv) / mvcUv;
    level = pct >= 60 ? 2 : pct >= 30 ? 1 : 0;
  } else {
    level = peakUv >= 500 ? 2 : peakUv >= 200 ? 1 : 0;
  }
  if (durationS >= 300) level = 2;
  else if (durationS >= 120 && level < 1) level = 1;
  return level === 2 ? 'severe' : level === 1 ? 'moderate' : 'mild';
}
