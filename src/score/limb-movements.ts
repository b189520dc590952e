// The detector's limb movements against a scorer's (truth kinds `lm` and `plm`), the way a sleep
// laboratory reports them: per night, both legs together. WASM 2016 (Ferri et al. 2016, Sleep
// Med 26:86): LMs on the two legs less than 0.5 s apart count as one bilateral LM; a PLM series
// is ≥ 4 LMs 10–90 s apart onset to onset. The PLM index is here per hour of recording, on both
// sides alike (no sleep staging to count hours of sleep by).
import type { LimbMovement } from '../core/types.ts';
import { median, type Truth } from './score.ts';

const BILATERAL_GAP_MS = 500;
const MIN_INTERVAL_MS = 10_000;
const MAX_INTERVAL_MS = 90_000;
const SERIES_LENGTH = 4;

interface Interval {
  start: number;
  end: number;
  /** the scorer labelled it periodic */
  plm?: boolean;
}

export interface LimbMovementScore {
  scored: number;
  detected: number;
  matched: number;
  scoredPeriodic: number;
  detectedPeriodic: number;
  /** where the scorer's periodic count comes from: their PLM labels, or the series rule on their LMs */
  scoredPeriodicFrom: 'labels' | 'series rule' | 'labels and series rule';
  recordedHours: number;
  scoredPlmIndex: number;
  detectedPlmIndex: number;
  /** detected onset − scored onset, s, over matched pairs */
  onsetErrorsS: number[];
}

/** Overlapping or < 0.5 s apart (end to start): one LM. Sorted by start. */
function mergeBilateral(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start - last.end < BILATERAL_GAP_MS) {
      last.end = Math.max(last.end, x.end);
      last.plm = last.plm || x.plm;
    } else out.push({ ...x });
  }
  return out;
}

/** How many LMs belong to a series of ≥ 4 with onsets 10–90 s apart (the detector's own rule). */
export function periodicCount(onsets: number[]): number {
  let periodic = 0;
  let run = 0;
  for (let k = 0; k < onsets.length; k++) {
    const interval = k > 0 ? onsets[k] - onsets[k - 1] : -1;
    if (interval >= MIN_INTERVAL_MS && interval <= MAX_INTERVAL_MS) run++;
    else {
      if (run >= SERIES_LENGTH) periodic += run;
      run = 1;
    }
  }
  if (run >= SERIES_LENGTH) periodic += run;
  return periodic;
}

/**
 * Scores one night. `recordedMs` is the night's length (the longest of its devices' recorded
 * time: the legs are recorded together). Pairs overlap (an instant annotation inside a detected
 * LM counts), each used once, closest onsets first.
 */
export function scoreLimbMovements(detected: LimbMovement[], truth: Truth, recordedMs: number): LimbMovementScore | undefined {
  const scoredRaw = truth.episodes.filter((e) => e.kind === 'lm' || e.kind === 'plm');
  if (scoredRaw.length === 0) return undefined;
  const scored = mergeBilateral(scoredRaw.map((e) => ({ start: e.start, end: e.end, plm: e.kind === 'plm' })));
  const found = mergeBilateral(detected.map((m) => ({ start: m.start, end: m.end })));
  const labelled = scoredRaw.some((e) => e.kind === 'plm');
  const scoredPeriodic = labelled ? scored.filter((s) => s.plm).length : periodicCount(scored.map((s) => s.start));
  const detectedPeriodic = periodicCount(found.map((s) => s.start));

  const pairs: { s: number; d: number; error: number }[] = [];
  scored.forEach((s, si) => {
    found.forEach((d, di) => {
      if (d.start <= s.end && s.start <= d.end) pairs.push({ s: si, d: di, error: d.start - s.start });
    });
  });
  pairs.sort((a, b) => Math.abs(a.error) - Math.abs(b.error));
  const usedS = new Set<number>();
  const usedD = new Set<number>();
  const onsetErrorsS: number[] = [];
  for (const p of pairs) {
    if (usedS.has(p.s) || usedD.has(p.d)) continue;
    usedS.add(p.s);
    usedD.add(p.d);
    onsetErrorsS.push(p.error / 1000);
  }
  const recordedHours = recordedMs / 3_600_000;
  return {
    scored: scored.length,
    detected: found.length,
    matched: onsetErrorsS.length,
    scoredPeriodic,
    detectedPeriodic,
    scoredPeriodicFrom: labelled ? 'labels' : 'series rule',
    recordedHours,
    scoredPlmIndex: recordedHours > 0 ? scoredPeriodic / recordedHours : NaN,
    detectedPlmIndex: recordedHours > 0 ? detectedPeriodic / recordedHours : NaN,
    onsetErrorsS,
  };
}

/** Many nights as one: counts summed, indices over the summed hours. */
export function aggregateLimbMovements(nights: LimbMovementScore[]): LimbMovementScore | undefined {
  if (nights.length === 0) return undefined;
  const sum = (f: (n: LimbMovementScore) => number) => nights.reduce((s, n) => s + f(n), 0);
  const hours = sum((n) => n.recordedHours);
  const froms = new Set(nights.map((n) => n.scoredPeriodicFrom));
  const from = froms.size === 1 ? nights[0].scoredPeriodicFrom : 'labels and series rule';
  return {
    scored: sum((n) => n.scored),
    detected: sum((n) => n.detected),
    matched: sum((n) => n.matched),
    scoredPeriodic: sum((n) => n.scoredPeriodic),
    detectedPeriodic: sum((n) => n.detectedPeriodic),
    scoredPeriodicFrom: from,
    recordedHours: hours,
    scoredPlmIndex: hours > 0 ? sum((n) => n.scoredPeriodic) / hours : NaN,
    detectedPlmIndex: hours > 0 ? sum((n) => n.detectedPeriodic) / hours : NaN,
    onsetErrorsS: nights.flatMap((n) => n.onsetErrorsS),
  };
}

export function formatLimbMovements(s: LimbMovementScore): string {
  const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(0)}%` : '–');
  const onset = median(s.onsetErrorsS.map(Math.abs));
  return [
    `limb movements            scored ${s.scored}, detected ${s.detected}, matched ${s.matched} (${pct(s.matched, s.scored)} of scored, ${pct(s.matched, s.detected)} of detected)`,
    `periodic (PLM)            scored ${s.scoredPeriodic} (by ${s.scoredPeriodicFrom}), detected ${s.detectedPeriodic}`,
    `PLM index per hour        scored ${fixed(s.scoredPlmIndex)}, detected ${fixed(s.detectedPlmIndex)} (over ${s.recordedHours.toFixed(2)} h recorded)`,
    `median |LM onset error|   ${Number.isNaN(onset) ? '–' : `${onset.toFixed(2)} s`}`,
  ].join('\n');
}

function fixed(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(1);
}
