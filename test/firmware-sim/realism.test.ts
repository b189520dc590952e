// Holds the simulator's EMG against real recordings (/work/shared/data, see its README): the
// spectrum (median frequency), the amplitude distribution (kurtosis of 250 ms windows) and the
// rise of bursts must look like real surface EMG. Unit-free measures, because the recordings are
// in ADC counts. Skipped, saying why, when the recordings are not there.
import { existsSync, readFileSync } from 'node:fs';
import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { Biquad } from '../../firmware-sim/src/biquad.ts';
import { nightTruth, randomNightSpec, renderDevice } from '../../firmware-sim/src/index.ts';
import type { Muscle } from '../../src/core/types.ts';

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const present = existsSync(`${DATA}surface-emg-bursts-1000hz.csv`) && existsSync(`${DATA}surface-emg-rest-1000hz.csv`);
if (!present) console.warn(`realism tests skipped: no real recordings in ${DATA} (see /work/shared/data/README.md)`);

function loadCsv(name: string): Float64Array {
  const values = readFileSync(DATA + name, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^[a-z]/i.test(line))
    .map(Number);
  return Float64Array.from(values);
}

function highPassed(x: ArrayLike<number>, fsHz: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i] / x.length;
  const a = new Biquad('highpass', 20, fsHz);
  const b = new Biquad('highpass', 20, fsHz);
  return Float64Array.from(x, (v) => b.next(a.next(v - mean)));
}

function kurtosis(x: ArrayLike<number>, from: number, to: number): number {
  let mean = 0;
  for (let i = from; i < to; i++) mean += x[i];
  mean /= to - from;
  let m2 = 0;
  let m4 = 0;
  for (let i = from; i < to; i++) {
    const d = (x[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= to - from;
  m4 /= to - from;
  return m4 / (m2 * m2);
}

function rms(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

/** Median frequency of the Welch spectrum (128-point Hann segments, 50% overlap) over the given windows. */
function medianFrequencyHz(x: ArrayLike<number>, fsHz: number, windows: [number, number][]): number {
  const n = 128;
  const fft = new FFT(n);
  const power = new Float64Array(n / 2);
  const input = new Array<number>(n);
  const out = fft.createComplexArray() as number[];
  for (const [from, to] of windows) {
    for (let start = from; start + n <= to; start += n / 2) {
      for (let i = 0; i < n; i++) input[i] = x[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
      fft.realTransform(out, input);
      for (let k = 1; k < n / 2; k++) power[k] += out[2 * k] ** 2 + out[2 * k + 1] ** 2;
    }
  }
  let total = 0;
  for (let k = 0; k < n / 2; k++) total += power[k];
  let acc = 0;
  for (let k = 0; k < n / 2; k++) {
    acc += power[k];
    if (acc >= total / 2) return (k * fsHz) / n;
  }
  return fsHz / 2;
}

const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

/** 250 ms windows split into rest and active (RMS above 5× the recording's median window RMS). */
function windowStats(x: Float64Array, fsHz: number) {
  const w = Math.round(fsHz / 4);
  const all: { from: number; to: number; rms: number; kurtosis: number }[] = [];
  for (let from = 0; from + w <= x.length; from += w) all.push({ from, to: from + w, rms: rms(x, from, from + w), kurtosis: kurtosis(x, from, from + w) });
  const floor = median(all.map((s) => s.rms));
  return { floor, rest: all.filter((s) => s.rms < 2 * floor), active: all.filter((s) => s.rms > 5 * floor) };
}

/** 10→90% rise time (ms) of each burst of a 100 ms RMS envelope above 5× the floor. */
function riseTimesMs(x: Float64Array, fsHz: number, floor: number): number[] {
  const w = Math.round(fsHz / 10);
  const env = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * x[i] - (i >= w ? x[i - w] * x[i - w] : 0);
    env[i] = Math.sqrt(Math.max(0, s) / w);
  }
  const rises: number[] = [];
  for (let i = 1; i < x.length; i++) {
    if (!(env[i] > 5 * floor && env[i - 1] <= 5 * floor)) continue;
    let end = i;
    while (end < x.length && env[end] > 5 * floor) end++;
    if (end - i < 0.3 * fsHz) continue;
    let peak = 0;
    for (let k = i; k < end; k++) peak = Math.max(peak, env[k]);
    let t10 = Math.max(0, i - fsHz);
    while (env[t10] < 0.1 * peak) t10++;
    let t90 = t10;
    while (env[t90] < 0.9 * peak) t90++;
    rises.push(((t90 - t10) * 1000) / fsHz);
    i = end;
  }
  return rises;
}

function simulatedChannel(preset: string, seed: number, pick: (channels: readonly Muscle[]) => Muscle) {
  const spec = randomNightSpec(seed, { preset, emgFsHz: 1000, legs: 1 });
  const device = spec.devices[0];
  const c = device.channels.indexOf(pick(device.channels));
  const parts: Float32Array[] = [];
  for (const frame of renderDevice(spec, 0)) parts.push(Float32Array.from(frame.emgUv[c]));
  const x = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    x.set(p, at);
    at += p.length;
  }
  return { spec, x: highPassed(x, 1000), startMs: spec.startMs + device.clockOffsetMs };
}

describe.skipIf(!present)('simulated EMG against real recordings', () => {
  const real = present ? windowStats(highPassed(loadCsv('surface-emg-bursts-1000hz.csv'), 1000), 1000) : undefined;
  const realBursts = present ? highPassed(loadCsv('surface-emg-bursts-1000hz.csv'), 1000) : new Float64Array();
  const realRest = present ? windowStats(highPassed(loadCsv('surface-emg-rest-1000hz.csv'), 1000), 1000) : undefined;

  it('has a contraction spectrum like real contractions (median frequency)', () => {
    const realMf = medianFrequencyHz(realBursts, 1000, real!.active.map((s) => [s.from, s.to]));
    const simulated: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const { spec, x, startMs } = simulatedChannel('cramp', seed, () => 'gastrocnemius');
      const cramp = nightTruth(spec).episodes.find((e) => e.kind === 'cramp')!;
      const from = Math.round(cramp.start - startMs) + 2000;
      const to = Math.round(cramp.end - startMs) - 2000;
      simulated.push(medianFrequencyHz(x, 1000, [[from, to]]));
    }
    console.log(`median frequency: real contractions ${realMf.toFixed(0)} Hz, simulated cramps ${simulated.map((f) => f.toFixed(0)).join(', ')} Hz`);
    expect(realMf).toBeGreaterThan(50);
    for (const mf of simulated) {
      expect(mf).toBeGreaterThan(Math.max(45, realMf * 0.55));
      expect(mf).toBeLessThan(Math.min(160, realMf * 1.7));
    }
  });

  it('has amplitude distributions like real rest and real contraction (window kurtosis)', () => {
    const realActive = median(real!.active.map((s) => s.kurtosis));
    const realRestK = median(realRest!.rest.map((s) => s.kurtosis));
    // the cramp's own windows (the fasciculations after it are spiky by nature) and rest before it
    const { spec, x, startMs } = simulatedChannel('cramp', 5, () => 'gastrocnemius');
    const cramp = nightTruth(spec).episodes.find((e) => e.kind === 'cramp')!;
    const w = 250;
    const from = Math.round(cramp.start - startMs) + 1000;
    const to = Math.round(cramp.end - startMs) - 1000;
    const active: number[] = [];
    for (let i = from; i + w <= to; i += w) active.push(kurtosis(x, i, i + w));
    const rest: number[] = [];
    for (let i = 0; i + w <= from - 6000; i += w) rest.push(kurtosis(x, i, i + w));
    const simActive = median(active);
    const simRest = median(rest);
    console.log(`window kurtosis: real active ${realActive.toFixed(2)} rest ${realRestK.toFixed(2)}; simulated active ${simActive.toFixed(2)} rest ${simRest.toFixed(2)}`);
    // super-Gaussian but not spiky: real sEMG sits between 3 and ~6 (Nazarpour et al. 2013)
    for (const k of [simActive, simRest]) {
      expect(k).toBeGreaterThan(2.7);
      expect(k).toBeLessThan(7);
    }
    expect(Math.abs(simActive - realActive)).toBeLessThan(2);
    expect(Math.abs(simRest - realRestK)).toBeLessThan(2.5);
  });

  it('starts voluntary bursts about as fast as real ones (10–90% rise of the envelope)', () => {
    const realRises = riseTimesMs(realBursts, 1000, real!.floor);
    const { x } = simulatedChannel('plm', 6, () => 'tibialis_anterior');
    const sim = windowStats(x, 1000);
    const simRises = riseTimesMs(x, 1000, sim.floor);
    console.log(`burst rise: real ${realRises.map((r) => r.toFixed(0)).join(', ')} ms; simulated LMs median ${median(simRises).toFixed(0)} ms of ${simRises.length}`);
    expect(realRises.length).toBeGreaterThan(0);
    expect(simRises.length).toBeGreaterThan(4);
    expect(median(simRises)).toBeGreaterThan(median(realRises) / 4);
    expect(median(simRises)).toBeLessThan(median(realRises) * 4);
  });

  it('rests at a few µV RMS, as a relaxed calf under surface electrodes does', () => {
    for (const seed of [1, 2, 3]) {
      const { x } = simulatedChannel('quiet', seed, (channels) => channels[0]);
      const floor = windowStats(x, 1000).floor;
      expect(floor).toBeGreaterThan(0.5);
      expect(floor).toBeLessThan(12);
    }
  });
});
