// The truth file says what the rendered signals show: cramps where the calf EMG is high, the
// posture the accelerometer reads, the causes the scenario implies.
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/core/types.ts';
import { nightTruth, randomNightSpec, renderDevice, type NightSpec } from '../../firmware-sim/src/index.ts';
import { postureOfGravity } from '../../firmware-sim/src/posture.ts';
import { ankleDegFrom } from '../../firmware-sim/src/foot.ts';

/** RMS per second of one channel and the shank/foot acc at the middle of each second, in device time. */
function perSecond(spec: NightSpec, device = 0, muscle = 'gastrocnemius') {
  const d = spec.devices[device];
  const c = d.channels.indexOf(muscle as never);
  const rms: { tMs: number; rmsUv: number; shank?: number[]; foot?: number[] }[] = [];
  let sum = 0;
  let count = 0;
  let second = -1;
  let shank: number[] | undefined;
  let foot: number[] | undefined;
  for (const frame of renderDevice(spec, device)) {
    const x = frame.emgUv[c];
    for (let i = 0; i < x.length; i++) {
      const t = frame.tMs + (i * 1000) / frame.emgFsHz;
      const s = Math.floor((t - spec.startMs) / 1000);
      if (s !== second) {
        if (count > 0) rms.push({ tMs: spec.startMs + second * 1000 + 500, rmsUv: Math.sqrt(sum / count), shank, foot });
        second = s;
        sum = 0;
        count = 0;
        shank = frame.acc ? Array.from(frame.acc.mg.subarray(0, 3)) : undefined;
        foot = frame.foot ? Array.from(frame.foot.mg.subarray(0, 3)) : undefined;
      }
      sum += x[i] * x[i];
      count++;
    }
  }
  return rms;
}

describe('truth matches the night', () => {
  it('puts the cramp where the calf EMG is far above rest', () => {
    for (const seed of [1, 2, 3]) {
      const spec = randomNightSpec(seed, { preset: 'cramp' });
      const cramp = nightTruth(spec).episodes.find((e) => e.kind === 'cramp')!;
      const muscle = spec.devices[0].channels.includes(cramp.muscle!) ? cramp.muscle! : 'gastrocnemius';
      const seconds = perSecond(spec, 0, muscle);
      const inside = seconds.filter((s) => s.tMs > cramp.start + 1500 && s.tMs < cramp.end - 1500).map((s) => s.rmsUv);
      const before = seconds.filter((s) => s.tMs < cramp.start - 5000).map((s) => s.rmsUv);
      const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
      expect(median(inside)).toBeGreaterThan(20 * median(before));
      expect(median(inside)).toBeGreaterThan(40);
      expect(median(before)).toBeLessThan(15);
    }
  });

  it('reads each posture epoch from the shank accelerometer, and the ankle angle from the foot', () => {
    const spec = randomNightSpec(4, { preset: 'turning', foot: true });
    const seconds = perSecond(spec);
    let checked = 0;
    for (const epoch of spec.postures) {
      for (const s of seconds) {
        const t = s.tMs - spec.devices[0].clockOffsetMs;
        if (t < epoch.startMs + epoch.transitionMs + 3000 || t > epoch.endMs - 3000 || !s.shank) continue;
        expect(postureOfGravity(s.shank as [number, number, number])).toBe(epoch.posture);
        // about y the ankle turns invisibly when gravity lies along y (on a side): check only when it does not
        if (s.foot && Math.hypot(s.shank[0], s.shank[2]) > 600) expect(Math.abs(ankleDegFrom(s.shank, s.foot) - epoch.ankleDeg[0])).toBeLessThan(5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives each cause preset its cause, and no position cause when the ankle was relaxed', () => {
    for (const cause of CAUSES) {
      const truth = nightTruth(randomNightSpec(9, { preset: `cause-${cause}` }));
      const cramps = truth.episodes.filter((e) => e.kind === 'cramp');
      expect(cramps.length).toBe(1);
      expect(cramps[0].causes).toContain(cause);
      if (cause !== 'sleeping_position') expect(cramps[0].causes).not.toContain('sleeping_position');
      else expect(cramps[0].causes).toEqual(['sleeping_position']);
    }
  });

  it('lists cramps only inside the night, in device time, with plausible lengths', () => {
    for (let seed = 0; seed < 30; seed++) {
      const spec = randomNightSpec(seed, { hours: 8 });
      const ids = new Set(spec.devices.map((d) => d.id));
      for (const e of nightTruth(spec).episodes) {
        expect(ids.has(e.device)).toBe(true);
        expect(e.end).toBeGreaterThan(e.start);
        expect(e.start).toBeGreaterThan(spec.startMs - 5000);
        expect(e.end).toBeLessThan(spec.endMs + 10 * 60_000);
        if (e.kind === 'cramp') {
          expect(e.end - e.start).toBeGreaterThanOrEqual(2900);
          expect(e.end - e.start).toBeLessThanOrEqual(10 * 60_000 + 1000);
          expect(e.causes!.every((c) => (CAUSES as readonly string[]).includes(c))).toBe(true);
        }
      }
    }
  });

  it('makes periodic limb movements per WASM 2016: 0.5–10 s, 10–90 s apart', () => {
    const truth = nightTruth(randomNightSpec(6, { preset: 'plm' }));
    const lms = truth.episodes.filter((e) => e.kind === 'plm');
    expect(lms.length).toBeGreaterThanOrEqual(4);
    for (const lm of lms) {
      expect(lm.end - lm.start).toBeGreaterThanOrEqual(400);
      expect(lm.end - lm.start).toBeLessThanOrEqual(12_000);
    }
    for (let i = 1; i < lms.length; i++) {
      const gap = lms[i].start - lms[i - 1].start;
      expect(gap).toBeGreaterThanOrEqual(9_000);
      expect(gap).toBeLessThanOrEqual(91_000);
    }
  });
});
