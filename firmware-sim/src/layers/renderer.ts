// What the device renderer asks of each layer. A layer adds to a block of samples starting at
// t0Ms (true time) spaced dtMs apart; it touches only the samples inside its own span. Layers
// are built once per render and keep any precomputed tables, so the per-sample work is arithmetic.
import type { Muscle } from '../../../src/core/types.ts';

export interface LayerRenderer {
  readonly startMs: number;
  readonly endMs: number;
  /** add muscle drive (µV RMS) for `muscle` */
  addDrive?(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void;
  /** add a signal (µV) that is not muscle activity: artifacts, fasciculation spikes */
  addSignal?(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void;
  /** how much of the body's signal the electrode passes on at tMs (1 = all; dry contact, contact.ts) */
  signalGain?(muscle: Muscle, tMs: number): number;
  /** replace samples after the amplifier (an electrode off: flat line, saturation) */
  overrideSignal?(muscle: Muscle, t0Ms: number, dtMs: number, out: Float32Array): void;
  /** add shank acceleration (mg), x,y,z interleaved, `count` samples */
  addShank?(t0Ms: number, dtMs: number, out: Float32Array, count: number): void;
  /** change of ankle plantar flexion at tMs, degrees */
  ankleDeltaDeg?(tMs: number): number;
  /** change of knee flexion at tMs, degrees */
  kneeDeltaDeg?(tMs: number): number;
}

/** [first, end) sample indices of a block that fall inside [startMs, endMs). */
export function sampleSpan(startMs: number, endMs: number, t0Ms: number, dtMs: number, count: number): [number, number] {
  const first = Math.max(0, Math.ceil((startMs - t0Ms) / dtMs - 1e-9));
  const end = Math.min(count, Math.ceil((endMs - t0Ms) / dtMs - 1e-9));
  return [first, end];
}

/** 0 → 1 with zero slope at both ends. */
export function smoothstep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return x * x * (3 - 2 * x);
}

/** A window rising over riseMs after startMs and falling over fallMs before endMs. */
export function edgeWindow(tMs: number, startMs: number, endMs: number, riseMs: number, fallMs: number): number {
  const rise = riseMs > 0 ? smoothstep((tMs - startMs) / riseMs) : tMs >= startMs ? 1 : 0;
  const fall = fallMs > 0 ? smoothstep((endMs - tMs) / fallMs) : tMs < endMs ? 1 : 0;
  return Math.min(rise, fall);
}

/** A small index per muscle, to give channels different phases from one seed. */
export function muscleSalt(muscle: Muscle): number {
  let h = 7;
  for (let i = 0; i < muscle.length; i++) h = (h * 31 + muscle.charCodeAt(i)) % 9973;
  return h;
}

/** First index in a sorted array whose value is ≥ x. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
