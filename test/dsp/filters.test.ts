import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Biquad } from '../../src/dsp/biquad.ts';
import { FilterChain } from '../../src/dsp/filter-chain.ts';
import { Goertzel } from '../../src/dsp/goertzel.ts';
import { MainsNotch } from '../../src/dsp/mains-notch.ts';
import { median5 } from '../../src/dsp/median5.ts';

/** Steady-state RMS gain of a filter on a sine, measured by running it. */
function measuredGain(filter: { next(x: number): number }, hz: number, fsHz: number): number {
  const n = fsHz * 4;
  let sumIn = 0;
  let sumOut = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.sin((2 * Math.PI * hz * i) / fsHz);
    const y = filter.next(x);
    if (i >= n / 2) {
      sumIn += x * x;
      sumOut += y * y;
    }
  }
  return Math.sqrt(sumOut / sumIn);
}

describe('Butterworth high-pass', () => {
  it('is −3 dB at the corner, flat above, steep below (4th order: −24 dB/octave)', () => {
    const fs = 1000;
    expect(FilterChain.butterworthHighpass(4, 20, fs).gainAt(20, fs)).toBeCloseTo(Math.SQRT1_2, 3);
    expect(measuredGain(FilterChain.butterworthHighpass(4, 20, fs), 20, fs)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(measuredGain(FilterChain.butterworthHighpass(4, 20, fs), 150, fs)).toBeCloseTo(1, 2);
    // |H(f)| = 1/sqrt(1 + (fc/f)^8): at 5 Hz, 1/256
    expect(measuredGain(FilterChain.butterworthHighpass(4, 20, fs), 5, fs)).toBeCloseTo(1 / Math.sqrt(1 + 4 ** 8), 3);
  });

  it('primed with a DC offset gives no step transient', () => {
    const hp = FilterChain.butterworthHighpass(4, 20, 1000);
    hp.prime(2048);
    let worst = 0;
    for (let i = 0; i < 500; i++) worst = Math.max(worst, Math.abs(hp.next(2048)));
    expect(worst).toBeLessThan(1e-6);
  });

  it('a biquad low-pass passes DC and halves power at the corner', () => {
    const lp = new Biquad('lowpass', 15, 500);
    expect(lp.gainAt(0.01, 500)).toBeCloseTo(1, 4);
    expect(measuredGain(new Biquad('lowpass', 15, 500), 15, 500)).toBeCloseTo(Math.SQRT1_2, 2);
  });
});

describe('mains notch', () => {
  it('removes 50 Hz and harmonics, keeps EMG between them', () => {
    const fs = 1000;
    for (const hz of [50, 100, 150, 200]) expect(measuredGain(wrap(new MainsNotch(50, fs), fs), hz, fs)).toBeLessThan(0.01);
    expect(measuredGain(wrap(new MainsNotch(50, fs), fs), 75, fs)).toBeGreaterThan(0.8);
    expect(measuredGain(wrap(new MainsNotch(50, fs), fs), 50.2, fs)).toBeLessThan(0.05);
  });

  it('folds harmonics above Nyquist to where they land (60 Hz ×5 at 500 Hz lands on 200 Hz)', () => {
    const notch = new MainsNotch(60, 500);
    expect(notch.gainAt(200, 500)).toBeLessThan(0.01);
    expect(notch.gainAt(60, 500)).toBeLessThan(0.01);
  });

  it('kills a 250 Hz line at 500 Hz sampling (50 Hz ×5 on Nyquist)', () => {
    const notch = wrap(new MainsNotch(50, 500), 500);
    let worst = 0;
    for (let i = 0; i < 1000; i++) {
      const y = notch.next(100 * Math.cos(Math.PI * i + 0.3));
      if (i > 500) worst = Math.max(worst, Math.abs(y));
    }
    expect(worst).toBeLessThan(1);
  });
});

function wrap(notch: MainsNotch, _fs: number): { next(x: number): number } {
  const one = new Float32Array(1);
  return {
    next(x: number) {
      one[0] = x;
      notch.processInPlace(one, 1);
      return one[0];
    },
  };
}

describe('Goertzel', () => {
  it('measures a sine of amplitude A as mean square A²/2 and ignores other bins', () => {
    const fs = 1000;
    const g50 = new Goertzel(50, fs);
    const g60 = new Goertzel(60, fs);
    for (let i = 0; i < fs; i++) {
      const x = 30 * Math.sin((2 * Math.PI * 50 * i) / fs + 1);
      g50.next(x);
      g60.next(x);
    }
    expect(g50.meanSquare()).toBeCloseTo(450, 0);
    expect(g60.meanSquare()).toBeLessThan(1);
  });

  it('gives bit for bit the same from processTwo as sample by sample, in chunks of odd and even length', () => {
    const fs = 1000;
    const [one50, one60, two50, two60] = [50, 60, 50, 60].map((hz) => new Goertzel(hz, fs));
    let n = 0;
    for (const length of [1, 7, 50, 3, 250, 0, 2]) {
      const input = Float32Array.from({ length }, () => 40 * Math.sin(n++ * 0.31) + 25 * Math.sin(n * 0.05));
      for (const x of input) {
        one50.next(x);
        one60.next(x);
      }
      Goertzel.processTwo(two50, two60, input, length);
      expect([two50.meanSquare(), two60.meanSquare()]).toEqual([one50.meanSquare(), one60.meanSquare()]);
    }
    expect(one50.meanSquare()).toBeGreaterThan(0);
  });
});

describe('median5', () => {
  it('equals the sorted middle for any five numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 5, maxLength: 5 }), (v) => {
        const sorted = [...v].sort((a, b) => a - b);
        // + 0 folds -0 into 0: the sort cannot tell them apart, and neither need the median
        expect(median5(v[0], v[1], v[2], v[3], v[4]) + 0).toBe(sorted[2] + 0);
      }),
      { numRuns: 2000 },
    );
  });
});
