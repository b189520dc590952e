// The detector on hand-made signals with known answers (test/detect/synthetic.ts): no simulator.
import { describe, expect, it } from 'vitest';
import type { Episode, LimbMovement, SampleFrame, SignalPoint } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { crampEnvelope, syntheticFrames, type SyntheticNight } from './synthetic.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];

function run(spec: SyntheticNight, options: { gaps?: [number, number][]; profile?: boolean } = {}) {
  const episodes: Episode[] = [];
  const signals: SignalPoint[] = [];
  const movements: LimbMovement[] = [];
  const core = createDeviceCore('leg-01', { episode: (e) => episodes.push(e), signal: (p) => signals.push(p), limbMovement: (m) => movements.push(m) });
  if (options.profile) core.setProfile({ v: 1, wearer: 'w-1', leg: 'left', mvc_uv: { gastrocnemius: 600 } });
  const gaps = (options.gaps ?? []).map(([a, b]) => [START + a, START + b]);
  let gapped = false;
  for (const frame of syntheticFrames({ startMs: START, ...spec }, 'leg-01')) {
    const inGap = gaps.find(([a, b]) => frame.tMs >= a && frame.tMs < b);
    if (inGap) {
      if (!gapped) core.markGap(inGap[0], inGap[1]);
      gapped = true;
      continue;
    }
    gapped = false;
    core.pushFrame(frame);
  }
  core.finish();
  const closed = episodes.filter((e) => e.event === 'close');
  return { episodes, closed, signals, movements, stats: core.nightStats() };
}

const twoChannels = { channels: ['gastrocnemius', 'tibialis_anterior'] as SampleFrame['channels'] };

describe('a cramp of known onset and length', () => {
  for (const [fsHz, frameSamples] of [[1000, 100], [500, 37], [2000, 512]]) {
    it(`is found once with its onset, length and a quick open at ${fsHz} Hz in frames of ${frameSamples}`, () => {
      const { episodes, closed } = run({
        fsHz,
        frameSamples,
        ...twoChannels,
        durationMs: 120_000,
        envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, 50_000, 90_000, 300) : 2),
        acc: SUPINE,
      }, { profile: true });
      expect(closed).toHaveLength(1);
      const [cramp] = closed;
      expect(Math.abs(cramp.start - (START + 50_000))).toBeLessThan(500);
      expect(Math.abs(cramp.end! - (START + 90_000))).toBeLessThan(2000);
      expect(cramp.detected_at - (START + 50_000)).toBeLessThan(5000);
      expect(cramp.muscle).toBe('gastrocnemius');
      expect(cramp.id).toBe(`leg-01-${cramp.start}`);
      expect(cramp.posture_before).toBe('supine');
      expect(cramp.wearer).toBe('w-1');
      expect(cramp.peak_uv).toBeGreaterThan(250);
      expect(cramp.peak_uv).toBeLessThan(450);
      // 600 µV MVC: peak ≈ 300–400 µV is 50–70 % MVC
      expect(cramp.peak_mvc_pct).toBeGreaterThan(40);
      const kinds = episodes.map((e) => e.event);
      expect(kinds[0]).toBe('open');
      expect(kinds.at(-1)).toBe('close');
      expect(kinds.filter((k) => k === 'update').length).toBeGreaterThanOrEqual(5);
      expect(new Set(episodes.map((e) => e.id)).size).toBe(1);
    });
  }

  it('is found when short (5 s) with one deep brief dip to rest that straddles two seconds', () => {
    // a 600 ms dip down to rest 2.2 s into it: one relaxation, not a rhythm
    const dip = (t: number) => (t >= 52_200 && t < 52_800 ? 0 : 1);
    const { closed } = run({ fsHz: 1000, ...twoChannels, durationMs: 80_000, envelope: (c, t) => (c === 0 ? 3 + dip(t) * crampEnvelope(t, 50_000, 55_000, 300, 300, 500) : 2), acc: SUPINE });
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + 50_000))).toBeLessThan(500);
    expect(Math.abs(closed[0].end! - (START + 55_000))).toBeLessThan(1000);
  });

  it('is not split by a 4 s gap while it goes on, and not stretched by one after it', () => {
    const { closed, stats } = run(
      { fsHz: 1000, ...twoChannels, durationMs: 150_000, envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, 30_000, 80_000, 250) : 2), acc: SUPINE },
      { gaps: [[50_000, 54_000], [82_000, 100_000]] },
    );
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + 30_000))).toBeLessThan(500);
    expect(Math.abs(closed[0].end! - (START + 80_000))).toBeLessThan(2500);
    expect(stats.gapMs).toBe(22_000);
    expect(stats.recordedMs).toBe(128_000);
  });

  it('ends where it ended when it fades inside a gap, not where data came back', () => {
    const { closed } = run(
      { fsHz: 1000, ...twoChannels, durationMs: 120_000, envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, 30_000, 62_000, 250) : 2), acc: SUPINE },
      { gaps: [[60_000, 70_000]] },
    );
    expect(closed).toHaveLength(1);
    expect(closed[0].end! - START).toBeLessThanOrEqual(62_000);
    expect(closed[0].end! - START).toBeGreaterThan(58_000);
  });
});

describe('look-alikes are not cramps', () => {
  it('walking: rhythmic calf bursts at ~1 Hz, upright and moving', () => {
    const stride = (t: number) => ((t / 1000) * 0.95) % 1;
    const { closed } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 90_000,
      envelope: (c, t) => (t < 20_000 ? 3 : c === 0 ? (stride(t) < 0.35 ? 300 : 8) : stride(t) > 0.55 ? 150 : 6),
      acc: (t) => (t < 20_000 ? SUPINE() : [980 + 300 * Math.sin(2 * Math.PI * 0.95 * (t / 1000)), 50, -100 + 200 * Math.sin(2 * Math.PI * 1.9 * (t / 1000))]),
    });
    expect(closed).toHaveLength(0);
  });

  it('a periodic limb movement series in tibialis anterior: counted as PLMs, never cramps', () => {
    const burst = (t: number) => t > 10_000 && (t - 10_000) % 25_000 < 2000;
    const { closed, movements, stats } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 170_000,
      envelope: (c, t) => (c === 1 ? (burst(t) ? 80 : 2) : burst(t) ? 15 : 3),
      acc: SUPINE,
    });
    expect(closed).toHaveLength(0);
    expect(movements).toHaveLength(7);
    expect(movements.every((m) => m.periodic)).toBe(true);
    expect(movements[0].end - movements[0].start).toBeGreaterThan(1500);
    expect(movements[0].end - movements[0].start).toBeLessThan(2600);
    expect(stats.limbMovements).toBe(7);
    expect(stats.periodicLimbMovements).toBe(7);
  });

  it('three LMs are not a series; LMs 5 s apart are not periodic', () => {
    // three LMs 20 s apart, then (over 90 s later) six LMs 5 s apart
    const burst = (t: number) => (t > 10_000 && t < 70_000 && (t - 10_000) % 20_000 < 1500) || (t > 150_000 && (t - 150_000) % 5000 < 1000);
    const { movements } = run({ fsHz: 1000, ...twoChannels, durationMs: 180_000, envelope: (c, t) => (c === 1 && burst(t) ? 60 : 2), acc: SUPINE });
    expect(movements.length).toBeGreaterThanOrEqual(8);
    expect(movements.some((m) => m.periodic)).toBe(false);
  });

  it('strong mains hum switching on and off (an electric blanket): no cramp, high mains dB', () => {
    const on = (t: number) => t > 30_000 && (t % 40_000) < 25_000;
    const { closed, signals } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 150_000,
      envelope: () => 3,
      extra: (c, t) => (on(t) ? 800 * Math.sin(2 * Math.PI * 50 * (t / 1000)) + 200 * Math.sin(2 * Math.PI * 150 * (t / 1000) + 1) : 0),
      acc: SUPINE,
    });
    expect(closed).toHaveLength(0);
    const loud = signals.filter((p) => p.tMs - START > 100_000 && on(p.tMs - START) && on(p.tMs - START + 999));
    expect(loud.length).toBeGreaterThan(5);
    // the notches ring for ~25 ms each time the hum switches on, so look at the typical second
    const db = loud.map((p) => p.mainsDb ?? -99).sort((a, b) => a - b);
    expect(db[db.length >> 1]).toBeGreaterThan(25);
    const quiet = signals.filter((p) => p.tMs - START > 100_000 && [-1000, 0, 999, 2000].every((d) => !on(p.tMs - START + d)));
    expect(Math.max(...quiet.map((p) => p.mainsDb ?? -99))).toBeLessThan(10);
  });

  it('a cramp under strong hum is still found', () => {
    const { closed } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 120_000,
      envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, 60_000, 90_000, 250) : 2),
      extra: (c, t) => 1500 * Math.sin(2 * Math.PI * 60 * (t / 1000)),
      acc: SUPINE,
    });
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + 60_000))).toBeLessThan(1000);
  });

  it('a heartbeat bleeding into the calf channel', () => {
    const qrs = (t: number) => {
      const phase = t % 1000;
      return phase < 40 ? 80 * Math.sin((Math.PI * phase) / 40) * Math.sin((2 * Math.PI * phase) / 20) : 0;
    };
    const { closed } = run({ fsHz: 1000, ...twoChannels, durationMs: 90_000, envelope: () => 3, extra: (c, t) => (c === 0 ? qrs(t) : 0), acc: SUPINE });
    expect(closed).toHaveLength(0);
  });

  it('turning over: a few seconds of calf and shin bursts with the leg moving', () => {
    const turn = (t: number) => t > 40_000 && t < 45_000;
    const { closed } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 80_000,
      envelope: (c, t) => (turn(t) ? (c === 0 ? 150 : 60) : 3),
      // the limb starts moving a few hundred ms after the muscles fire
      acc: (t) => (t < 40_300 ? SUPINE() : turn(t) ? [100 + 300 * Math.sin(t / 90), -500, -500] : [100, -995, 0]),
    });
    expect(closed).toHaveLength(0);
  });

  it('an electrode gone flat, then wandering and popping: no cramp, contact reported lost', () => {
    const { closed, signals } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 100_000,
      envelope: (c, t) => (c === 0 && t > 30_000 && t < 40_000 ? 0 : 3),
      extra: (c, t) =>
        c === 0 && t >= 40_000 && t < 70_000 ? 1500 * Math.sin(2 * Math.PI * 4 * (t / 1000)) + 900 * Math.sin(2 * Math.PI * 9 * (t / 1000) + 2) + (t % 700 < 200 ? 2000 * Math.exp(-(t % 700) / 60) : 0) : c === 0 && t > 30_000 && t < 40_000 ? -5000 : 0,
      acc: SUPINE,
    });
    expect(closed).toHaveLength(0);
    const during = signals.filter((p) => p.tMs - START > 32_000 && p.tMs - START < 68_000);
    expect(Math.max(...during.map((p) => p.contact))).toBeLessThanOrEqual(0.5);
  });
});

describe('cramps around voluntary movement', () => {
  const jolt = (from: number, to: number) => (t: number): [number, number, number] =>
    t > from && t < to ? [100 + 300 * Math.sin(t / 50), 200, -900] : SUPINE();

  it('woken with a jolt at onset: confirmed once the leg is still and the calf still cramps', () => {
    const { closed } = run({ fsHz: 1000, ...twoChannels, durationMs: 100_000, envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, 50_000, 70_000, 300) : 2), acc: jolt(49_800, 52_000) });
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + 50_000))).toBeLessThan(500);
    expect(closed[0].detected_at - (START + 50_000)).toBeLessThan(10_000);
  });

  it('set off by a toe-pointing stretch: the onset is the cramp, not the stretch', () => {
    // 3 s of voluntary calf work at 60 µV with the leg moving, then the cramp at 300 µV
    const { closed } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 100_000,
      envelope: (c, t) => (c === 0 ? 3 + (t > 47_000 && t < 50_300 ? 60 : 0) + crampEnvelope(t, 50_000, 80_000, 300, 400) : 2),
      acc: jolt(47_000, 50_000),
    });
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + 50_000))).toBeLessThan(1000);
  });

  it('restless legs: irregular 1–4 s calf and shin bursts with the leg moving are not cramps', () => {
    const bursts = [[20_000, 23_500], [31_000, 32_000], [40_000, 44_000], [52_000, 55_000], [61_000, 62_500], [75_000, 79_000]];
    const inBurst = (t: number) => bursts.some(([a, b]) => t >= a && t < b);
    const { closed } = run({
      fsHz: 1000,
      ...twoChannels,
      durationMs: 100_000,
      envelope: (c, t) => (inBurst(t) ? (c === 0 ? 180 : 30) : 3),
      acc: (t) => (bursts.some(([a, b]) => t >= a - 200 && t < b + 500) ? [100 + 150 * Math.sin(t / 70), 100, -980] : SUPINE()),
    });
    expect(closed).toHaveLength(0);
  });

  it('rhythmic calf work with no accelerometer at all (walking seen by EMG only) is not a cramp', () => {
    const stride = (t: number) => ((t / 1000) * 0.9) % 1;
    const { closed } = run({ fsHz: 1000, ...twoChannels, durationMs: 60_000, envelope: (c, t) => (t < 15_000 ? 3 : c === 0 ? (stride(t) < 0.4 ? 250 : 12) : 5) });
    expect(closed).toHaveLength(0);
  });
});

describe('signal points', () => {
  it('come once per second of stream time with envelopes, posture and contact', () => {
    const { signals, stats } = run({ fsHz: 1000, ...twoChannels, durationMs: 30_000, envelope: (c) => (c === 0 ? 10 : 5), acc: SUPINE });
    expect(signals.length).toBe(30);
    expect(signals.every((p, k) => p.tMs === START + k * 1000)).toBe(true);
    const late = signals.at(-1)!;
    expect(late.posture).toBe('supine');
    expect(late.contact).toBe(1);
    // envelope after a 20 Hz high-pass of first-differenced noise: most of the power survives
    expect(late.envelopeUv.gastrocnemius).toBeGreaterThan(8);
    expect(late.envelopeUv.gastrocnemius).toBeLessThan(11);
    expect(stats.postureMs.supine).toBeGreaterThan(25_000);
  });
});

describe('night statistics', () => {
  // A night that moves to another owner is summed from statistics read at a frame's end
  // (night-carry.ts); posture time counted per whole block would lag by the unfinished block,
  // by an amount that depends on where the reader's blocks began.
  it('count posture time for every sample recorded, at any frame end and across a gap', () => {
    const core = createDeviceCore('leg-01', { episode: () => {}, signal: () => {}, limbMovement: () => {} });
    let checked = 0;
    for (const frame of syntheticFrames({ startMs: START, fsHz: 1000, ...twoChannels, durationMs: 20_000, frameSamples: 37, envelope: () => 3, acc: SUPINE }, 'leg-01')) {
      // 1.7 s missing in the middle, not on a block's edge
      if (frame.tMs >= START + 9_990 && frame.tMs < START + 11_690) continue;
      core.pushFrame(frame);
      const stats = core.nightStats();
      const postureMs = Object.values(stats.postureMs).reduce((a, b) => a + b, 0);
      expect(Math.abs(postureMs - stats.recordedMs)).toBeLessThanOrEqual(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });
});
