// A real treadmill walking trial with 13 leg muscles at 1 kHz (/work/shared/data, Santuz et al.
// 2020; see its README): run through the core as a night would carry it, it is no cramp in any
// muscle group; and the simulator's walking is held against it: each muscle works at the same
// part of the stride, and falls back near rest within every stride, as the detector's rhythm
// rule assumes. Skipped, with a message, where the recording is absent.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomNightSpec, renderDevice } from '../../firmware-sim/src/index.ts';
import type { GaitLayer, NightSpec } from '../../firmware-sim/src/spec.ts';
import type { Episode, Muscle, SampleFrame } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';

const DATA = '/work/shared/data';
const TRIAL = `${DATA}/leg-walking-13-muscles-1000hz.csv`;
const CYCLES = `${DATA}/leg-walking-13-muscles-cycles.csv`;
const present = existsSync(TRIAL) && existsSync(CYCLES);
if (!present) console.warn(`real walking tests skipped: ${TRIAL} is absent`);

const FS_HZ = 1000;
const BINS = 20;

function csvRows(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^[a-z]/i.test(line))
    .map((line) => line.split(',').map(Number));
}

/** Columns of the trial by its header names (ME, MA, …, GM, GL, SO). */
function trialColumns(): Record<string, Float32Array> {
  const header = readFileSync(TRIAL, 'utf8').split('\n').find((line) => line.startsWith('time,'))!.split(',');
  const rows = csvRows(TRIAL);
  return Object.fromEntries(header.map((name, c) => [name, Float32Array.from(rows, (r) => r[c])]));
}

/** Real muscle → the PROTOCOL channel it stands for. */
const CHANNELS: [string, Muscle][] = [
  ['GM', 'gastrocnemius'],
  ['SO', 'soleus'],
  ['TA', 'tibialis_anterior'],
  ['BF', 'hamstrings'],
  ['VL', 'quadriceps'],
];

/** 20 Hz high-pass by subtracting a 20 ms moving mean (enough to drop baseline for an envelope). */
function highPassed(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 10; i < x.length - 10; i++) {
    let s = 0;
    for (let j = -10; j < 10; j++) s += x[i + j];
    out[i] = x[i] - s / 20;
  }
  return out;
}

/** RMS per twentieth of the stride, averaged over the strides; `phaseOf` gives a sample's phase (NaN outside). */
function strideProfile(x: ArrayLike<number>, phaseOf: (i: number) => number): number[] {
  const hp = highPassed(x);
  const sum = new Float64Array(BINS);
  const count = new Float64Array(BINS);
  for (let i = 10; i < hp.length - 10; i++) {
    const phase = phaseOf(i);
    if (!(phase >= 0 && phase < 1)) continue;
    const bin = Math.floor(phase * BINS);
    sum[bin] += hp[i] * hp[i];
    count[bin]++;
  }
  return Array.from(sum, (s, k) => Math.sqrt(s / count[k]));
}

const peakPhase = (profile: number[]) => (profile.indexOf(Math.max(...profile)) + 0.5) / BINS;
const circularDistance = (a: number, b: number) => Math.abs(a - b - Math.round(a - b));
const swing = (profile: number[]) => Math.max(...profile) / Math.min(...profile);
const near = (profile: number[], phase: number) => Math.max(...[-1, 0, 1].map((d) => profile[(Math.floor(phase * BINS) + d + BINS) % BINS])) / Math.max(...profile);

/** A minute of simulated level walking on a whole-leg node (thigh leads included), rendered. */
function simulatedWalk(): { spec: NightSpec; gait: GaitLayer; emg: Map<Muscle, Float64Array> } {
  for (let seed = 1; ; seed++) {
    const base = randomNightSpec(seed, { hours: 70 / 3600, legs: 1, emgFsHz: 1000, soleus: true, wholeLeg: true, transport: false });
    const device = base.devices[0];
    if (!device.channels.includes('hamstrings')) continue;
    const gait: GaitLayer = { type: 'gait', device: 0, startMs: base.startMs, endMs: base.endMs, seed: 1, strideHz: 0.96, phase: 0, gastrocUv: 200, taUv: 150, impactMg: 600, swingDeg: 25 };
    const spec: NightSpec = { ...base, postures: [{ ...base.postures[0], startMs: base.startMs, endMs: base.endMs, posture: 'upright', gravity: [[1000, 0, 0]], ankleDeg: [0], transitionMs: 0 }], layers: [gait] };
    const parts = new Map<Muscle, number[]>(device.channels.map((m) => [m, []]));
    for (const frame of renderDevice(spec, 0)) device.channels.forEach((m, c) => parts.get(m)!.push(...frame.emgUv[c]));
    return { spec, gait, emg: new Map([...parts].map(([m, v]) => [m, Float64Array.from(v)])) };
  }
}

describe.skipIf(!present)('real walking, 13 muscles (Santuz et al. 2020)', () => {
  const columns = present ? trialColumns() : {};
  const touchdownsS = present ? csvRows(CYCLES).map((r) => r[0]) : [];
  const realPhaseOf = (i: number) => {
    const t = columns.time[i];
    for (let k = 0; k + 1 < touchdownsS.length; k++) if (t >= touchdownsS[k] && t < touchdownsS[k + 1]) return (t - touchdownsS[k]) / (touchdownsS[k + 1] - touchdownsS[k]);
    return NaN;
  };

  it('is no cramp in any muscle group, run through the core as a night would (8 times over, 100 ms frames)', () => {
    const episodes: Episode[] = [];
    const core = createDeviceCore('walker', { episode: (e) => episodes.push(e), signal: () => {}, limbMovement: () => {} });
    const data = CHANNELS.map(([name]) => columns[name]);
    const frame = FS_HZ / 10;
    const t0 = 1_764_201_600_000;
    let seq = 0;
    for (let lap = 0; lap < 8; lap++) {
      for (let i = 0; i + frame <= data[0].length; i += frame, seq++) {
        const f: SampleFrame = { device: 'walker', seq, tMs: t0 + seq * 100, emgFsHz: FS_HZ, channels: CHANNELS.map(([, m]) => m), emgUv: data.map((d) => d.slice(i, i + frame)) };
        core.pushFrame(f);
      }
    }
    core.finish();
    expect(episodes.map((e) => `${e.muscle} ${e.duration_s} s`)).toEqual([]);
    // the strides were there to be seen: about one a second, 8 laps of 7.6 s
    expect(core.nightStats().recordedMs).toBeGreaterThan(60_000);
  });

  it('the real muscles relax within every stride (the rhythm rule\'s premise: a > 4-fold swing)', () => {
    for (const [name] of CHANNELS) expect(swing(strideProfile(columns[name], realPhaseOf)), name).toBeGreaterThan(4);
  });

  it('simulated walking works each muscle at the same part of the stride as the real one, and relaxes as deeply', () => {
    const { spec, gait, emg } = simulatedWalk();
    const simPhaseOf = (i: number) => {
      // the gait layer's own stride clock (firmware-sim/src/layers/gait.ts): 0 = heel strike
      const since = i / FS_HZ;
      const phase = gait.phase + gait.strideHz * since + 0.03 * Math.sin(0.7 * since);
      return since > 3 && since < (spec.endMs - spec.startMs) / 1000 - 3 ? phase - Math.floor(phase) : NaN;
    };
    const lines: string[] = [];
    for (const [name, muscle] of CHANNELS) {
      const real = strideProfile(columns[name], realPhaseOf);
      const simulated = strideProfile(emg.get(muscle)!, simPhaseOf);
      lines.push(`${muscle}: peak at ${peakPhase(real).toFixed(2)} real, ${peakPhase(simulated).toFixed(2)} simulated; swing ${swing(real).toFixed(0)}× real, ${swing(simulated).toFixed(0)}× simulated`);
      expect(swing(simulated), muscle).toBeGreaterThan(4);
      if (muscle === 'tibialis_anterior') {
        // two bursts a stride: at heel strike (holding the foot down) and in swing (lifting it)
        for (const profile of [real, simulated]) {
          expect(near(profile, 0.0), `${muscle} at heel strike`).toBeGreaterThan(0.3);
          expect(near(profile, 0.75), `${muscle} in swing`).toBeGreaterThan(0.3);
        }
      } else {
        expect(circularDistance(peakPhase(real), peakPhase(simulated)), muscle).toBeLessThan(0.12);
      }
    }
    console.log(`walking, real vs simulated:\n  ${lines.join('\n  ')}`);
  });
});
