// Severity of a cramp, one documented rule:
// - calibrated (profile.mvc_uv for the muscle): by peak envelope as % of maximal voluntary
//   contraction: < 30 % mild, 30–60 % moderate, ≥ 60 % severe (cramp EMG reaching a large part
//   of MVC marks a forceful, painful cramp; Minetto et al. 2013 report cramp EMG of tens of %
//   MVC);
// - uncalibrated: by peak envelope in µV: < 200 mild, 200–500 moderate, ≥ 500 severe (typical
//   calf MVC RMS is 300–1200 µV, so these sit near the same percentages);
// - either way, a cramp lasting ≥ 2 minutes is at least moderate and ≥ 5 minutes severe (long
//   cramps are the painful ones that leave soreness; Naylor & Young 1994).
import { SEVERITIES, type Severity } from '../core/types.ts';

const MODERATE_MVC_PCT = 30;
const SEVERE_MVC_PCT = 60;
const MODERATE_UV = 200;
const SEVERE_UV = 500;
const AT_LEAST_MODERATE_S = 120;
const SEVERE_S = 300;

/** index into SEVERITIES */
const MILD = 0;
const MODERATE = 1;
const SEVERE = 2;

export function crampSeverity(peakUv: number, durationS: number, mvcUv?: number): Severity {
  let level: number;
  if (mvcUv && mvcUv > 0) {
    const pct = (100 * peakUv) / mvcUv;
    level = pct >= SEVERE_MVC_PCT ? SEVERE : pct >= MODERATE_MVC_PCT ? MODERATE : MILD;
  } else {
    level = peakUv >= SEVERE_UV ? SEVERE : peakUv >= MODERATE_UV ? MODERATE : MILD;
  }
  if (durationS >= SEVERE_S) level = SEVERE;
  else if (durationS >= AT_LEAST_MODERATE_S && level < MODERATE) level = MODERATE;
  return SEVERITIES[level];
}
