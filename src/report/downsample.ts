// Signals arrive about once a second (a night is ~30 000 points); a timeline a phone can draw
// needs a few hundred columns. Each column keeps the *largest* value inside it, so a short cramp
// or limb movement never disappears between columns (min/max decimation, as plotting tools do
// for envelopes), and a column with no point stays NaN, so missing data shows as a gap, not zero.
import type { Muscle, SignalPoint } from '../core/types.ts';

export function maxPerColumn(values: ArrayLike<number>, timesMs: ArrayLike<number>, fromMs: number, toMs: number, columns: number): Float64Array {
  const out = new Float64Array(columns).fill(NaN);
  const spanMs = Math.max(1, toMs - fromMs);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const column = Math.floor(((timesMs[i] - fromMs) / spanMs) * columns);
    if (column < 0 || column >= columns) continue;
    if (!(out[column] >= v)) out[column] = v;
  }
  return out;
}

/** The envelope of one muscle, max per column, µV. */
export function envelopeColumns(signals: readonly SignalPoint[], muscle: Muscle, fromMs: number, toMs: number, columns: number): Float64Array {
  const values = new Float64Array(signals.length);
  const times = new Float64Array(signals.length);
  for (let i = 0; i < signals.length; i++) {
    values[i] = signals[i].envelopeUv[muscle] ?? NaN;
    times[i] = signals[i].tMs;
  }
  return maxPerColumn(values, times, fromMs, toMs, columns);
}

/** Typical spacing of the points, ms: the median, so a few gaps do not distort it. */
export function typicalStepMs(signals: readonly SignalPoint[]): number {
  if (signals.length < 2) return 1000;
  const steps = new Float64Array(signals.length - 1);
  for (let i = 1; i < signals.length; i++) steps[i - 1] = signals[i].tMs - signals[i - 1].tMs;
  steps.sort();
  return Math.max(1, steps[steps.length >> 1]);
}

/**
 * The most frequent code in each column (posture, signal trouble), or -1 where no point falls:
 * the band then has at most one rectangle per column however often the value flickers.
 */
export function modePerColumn(codes: ArrayLike<number>, timesMs: ArrayLike<number>, codeCount: number, fromMs: number, toMs: number, columns: number): Int8Array {
  const counts = new Int32Array(columns * codeCount);
  const spanMs = Math.max(1, toMs - fromMs);
  for (let i = 0; i < codes.length; i++) {
    const column = Math.floor(((timesMs[i] - fromMs) / spanMs) * columns);
    if (column < 0 || column >= columns) continue;
    counts[column * codeCount + codes[i]]++;
  }
  const out = new Int8Array(columns).fill(-1);
  for (let c = 0; c < columns; c++) {
    let best = 0;
    for (let k = 0; k < codeCount; k++) {
      const n = counts[c * codeCount + k];
      if (n > best) (best = n), (out[c] = k);
    }
  }
  return out;
}
