import { describe, expect, it } from 'vitest';
import { MainsWatch } from '../../src/dsp/mains-watch.ts';
import { LogQuantileTracker } from '../../src/dsp/quantile-tracker.ts';
import { crampSeverity } from '../../src/detect/severity.ts';
import { LimbMovementDetector, type LimbMovementOut } from '../../src/detect/limb-movements.ts';
import { Prng } from './synthetic.ts';

describe('crampSeverity (the documented rule)', () => {
  it('uses %MVC when calibrated: < 30 mild, 30–60 moderate, ≥ 60 severe', () => {
    expect(crampSeverity(100, 20, 500)).toBe('mild');
    expect(crampSeverity(150, 20, 500)).toBe('moderate');
    expect(crampSeverity(300, 20, 500)).toBe('severe');
  });
  it('uses µV otherwise: < 200 mild, 200–500 moderate, ≥ 500 severe', () => {
    expect(crampSeverity(199, 20)).toBe('mild');
    expect(crampSeverity(200, 20)).toBe('moderate');
    expect(crampSeverity(500, 20)).toBe('severe');
  });
  it('raises long cramps: ≥ 2 min at least moderate, ≥ 5 min severe', () => {
    expect(crampSeverity(100, 120)).toBe('moderate');
    expect(crampSeverity(100, 300)).toBe('severe');
    expect(crampSeverity(600, 10)).toBe('severe');
  });
});

describe('LogQuantileTracker', () => {
  it('steps by step·q up and step·(1−q) down in log units (8× while warming up)', () => {
    const tracker = new LogQuantileTracker(0.2, 0.004, 2);
    tracker.update(10);
    tracker.update(1000); // warming up: up by 8·0.004·0.2
    expect(Math.log(tracker.value / 10)).toBeCloseTo(8 * 0.004 * 0.2, 12);
    tracker.update(1); // settled: down by 0.004·0.8
    expect(Math.log(tracker.value / 10)).toBeCloseTo(8 * 0.004 * 0.2 - 0.004 * 0.8, 12);
  });

  it('settles near the asked quantile of a log-normal stream and ignores rare bursts', () => {
    const random = new Prng(3);
    const tracker = new LogQuantileTracker(0.2, 0.004);
    const values: number[] = [];
    for (let i = 0; i < 40_000; i++) {
      const v = 3 * Math.exp(0.3 * random.gaussian()) * (random.next() < 0.05 ? 50 : 1);
      values.push(v);
      tracker.update(v);
    }
    values.sort((a, b) => a - b);
    const q20 = values[Math.floor(0.2 * values.length)];
    expect(tracker.value / q20).toBeGreaterThan(0.9);
    expect(tracker.value / q20).toBeLessThan(1.1);
  });
});

describe('MainsWatch', () => {
  const fs = 1000;
  function feed(watch: MainsWatch, hz: number, amplitude: number, seconds: number, random = new Prng(5)) {
    const block = new Float32Array(50);
    let decidedAt = -1;
    for (let n = 0; n < seconds * fs; n += 50) {
      for (let i = 0; i < 50; i++) block[i] = amplitude * Math.sin((2 * Math.PI * hz * (n + i)) / fs) + 5 * random.gaussian();
      watch.process(block, 50);
      if (watch.decideEarly() && decidedAt < 0) decidedAt = n + 50;
      if ((n + 50) % fs === 0 && watch.endWindow() && decidedAt < 0) decidedAt = n + 50;
    }
    return decidedAt;
  }
  it('tells 60 Hz hum from 50 Hz within half a second', () => {
    const watch = new MainsWatch(fs);
    const at = feed(watch, 60, 100, 2);
    expect(watch.mainsHz).toBe(60);
    expect(at).toBeLessThanOrEqual(500);
  });
  it('stays undecided on EMG-like noise with a trace of mains', () => {
    const watch = new MainsWatch(fs);
    feed(watch, 50, 1, 5);
    expect(watch.mainsHz).toBe(0);
  });
  it("measures the same given the block's sum of squares as summing itself (blocks that straddle the quarter second too)", () => {
    const summing = new MainsWatch(fs);
    const given = new MainsWatch(fs);
    const random = new Prng(7);
    const block = new Float32Array(60);
    const seen: number[][] = [];
    for (let n = 0; n < 4 * fs; n += 60) {
      for (let i = 0; i < 60; i++) block[i] = (n > 1500 ? 80 : 0) * Math.sin((2 * Math.PI * 60 * (n + i)) / fs) + 5 * random.gaussian();
      let sum = 0;
      for (let i = 0; i < 60; i++) sum += block[i] * block[i];
      summing.process(block, 60);
      given.process(block, 60, sum);
      if (Math.floor((n + 60) / fs) !== Math.floor(n / fs)) seen.push([Number(summing.endWindow()), Number(given.endWindow())]);
      expect([given.lineMeanSquare, given.mainsHz, given.decideEarly()]).toEqual([summing.lineMeanSquare, summing.mainsHz, summing.decideEarly()]);
    }
    expect(seen.every(([a, b]) => a === b)).toBe(true);
    expect(given.mainsHz).toBe(60);
  });
});

describe('LimbMovementDetector (WASM 2016)', () => {
  function series(onsetsS: number[], lengthS: number): LimbMovementOut[] {
    const out: LimbMovementOut[] = [];
    const lm = new LimbMovementDetector((m) => out.push(m));
    const endS = Math.max(...onsetsS) + 100;
    for (let t = 0; t < endS * 1000; t += 50) {
      const on = onsetsS.some((s) => t >= s * 1000 && t < (s + lengthS) * 1000);
      lm.step(t, 50, on ? 20 : 2, 2, false);
    }
    lm.finish();
    return out;
  }
  it('four LMs 20 s apart are a periodic series; three are not', () => {
    expect(series([10, 30, 50, 70], 2).map((m) => m.periodic)).toEqual([true, true, true, true]);
    expect(series([10, 30, 50], 2).map((m) => m.periodic)).toEqual([false, false, false]);
  });
  it('drops movements shorter than 0.5 s or longer than 10 s', () => {
    expect(series([10, 30], 0.3)).toHaveLength(0);
    expect(series([10], 12)).toHaveLength(0);
  });
  it('measures an LM from onset (≥ 8 µV above rest) to offset (< 2 µV above rest for 0.5 s)', () => {
    const [m] = series([10], 3);
    expect(m.startMs).toBeGreaterThanOrEqual(9_900);
    expect(m.startMs).toBeLessThanOrEqual(10_100);
    expect(m.endMs - m.startMs).toBeGreaterThan(2_800);
    expect(m.endMs - m.startMs).toBeLessThan(3_200);
  });
});
