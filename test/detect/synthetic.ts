// Hand-made test signals with known answers: Gaussian EMG-like noise shaped by an envelope,
// framed like the sensor frames them. Deterministic (own PRNG), no simulator involved.
import type { Muscle, SampleFrame } from '../../src/core/types.ts';
import { Biquad } from '../../src/dsp/biquad.ts';

export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  gaussian(): number {
    const u = Math.max(1e-12, this.next());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

export interface SyntheticNight {
  fsHz: number;
  channels: readonly Muscle[];
  durationMs: number;
  /** envelope (µV RMS of the EMG) per channel at time t from the start, ms */
  envelope: (channel: number, tMs: number) => number;
  /** extra additive signal (hum, ECG…) */
  extra?: (channel: number, tMs: number) => number;
  /** shank gravity (mg) and motion at t */
  acc?: (tMs: number) => [number, number, number];
  accFsHz?: number;
  frameSamples?: number;
  startMs?: number;
  seed?: number;
}

/**
 * Surface EMG's spectrum: most power 20–250 Hz, median 60–120 Hz (Stulen & De Luca 1981): white
 * noise through a 2nd-order high-pass at 20 Hz and a 2nd-order low-pass at 150 Hz, scaled to unit
 * variance. (A first difference of white noise, used before, puts most of its power near Nyquist,
 * where a loosening contact's broadband noise lies and a muscle's does not: detect/white-rise.ts.)
 */
export class EmgShaping {
  private readonly highpass: Biquad;
  private readonly lowpass: Biquad;
  private readonly gain: number;

  constructor(fsHz: number) {
    this.highpass = new Biquad('highpass', 20, fsHz);
    this.lowpass = new Biquad('lowpass', Math.min(150, 0.4 * fsHz), fsHz);
    let energy = 0;
    for (let i = 0; i < 20 * fsHz; i++) {
      const h = this.lowpass.next(this.highpass.next(i === 0 ? 1 : 0));
      energy += h * h;
    }
    this.highpass.reset();
    this.lowpass.reset();
    this.gain = 1 / Math.sqrt(energy);
  }

  /** the next unit-variance EMG-like sample from a unit-variance white one */
  next(white: number): number {
    return this.gain * this.lowpass.next(this.highpass.next(white));
  }
}

/** White noise shaped like surface EMG (EmgShaping), scaled to the envelope. */
export function* syntheticFrames(spec: SyntheticNight, device = 'dev-1'): Generator<SampleFrame> {
  const { fsHz, channels, durationMs } = spec;
  const frameSamples = spec.frameSamples ?? Math.round(fsHz / 10);
  const startMs = spec.startMs ?? 1_764_201_600_000;
  const random = new Prng(spec.seed ?? 7);
  const accFs = spec.accFsHz ?? 50;
  const total = Math.floor((durationMs * fsHz) / 1000);
  const shaping = channels.map(() => new EmgShaping(fsHz));
  let accNext = 0;
  for (let seq = 0, i0 = 0; i0 < total; seq++, i0 += frameSamples) {
    const n = Math.min(frameSamples, total - i0);
    const tMs = startMs + (i0 * 1000) / fsHz;
    const emgUv = channels.map(() => new Float32Array(n));
    for (let c = 0; c < channels.length; c++) {
      for (let i = 0; i < n; i++) {
        const t = ((i0 + i) * 1000) / fsHz;
        const shaped = shaping[c].next(random.gaussian());
        emgUv[c][i] = spec.envelope(c, t) * shaped + (spec.extra ? spec.extra(c, t) : 0);
      }
    }
    const frame: SampleFrame = { device, seq, tMs, emgFsHz: fsHz, channels, emgUv };
    if (spec.acc) {
      const endT = ((i0 + n) * 1000) / fsHz;
      const samples: number[] = [];
      const first = accNext;
      while ((accNext * 1000) / accFs < endT) {
        const [x, y, z] = spec.acc((accNext * 1000) / accFs);
        samples.push(x, y, z);
        accNext++;
      }
      frame.acc = { fsHz: accFs, tMs: startMs + (first * 1000) / accFs, mg: Float32Array.from(samples) };
    }
    yield frame;
  }
}

/** A cramp-like envelope: rise over riseMs, plateau with slow waxing, fall over fallMs. */
export function crampEnvelope(tMs: number, startMs: number, endMs: number, peakUv: number, riseMs = 500, fallMs = 1500): number {
  if (tMs < startMs || tMs >= endMs) return 0;
  const since = tMs - startMs;
  const left = endMs - tMs;
  let v = peakUv * (0.8 + 0.2 * Math.sin(since / 1500));
  if (since < riseMs) v *= since / riseMs;
  if (left < fallMs) v *= left / fallMs;
  return v;
}
