// Linear resampling of one leg's slower EMG to the leg's rate, streamed record by record.
import { describe, expect, it } from 'vitest';
import { LinearResampler } from '../../../src/adapters/edf/resampler.ts';

describe('LinearResampler', () => {
  it('brings 200 Hz to 256 Hz: the right count, the signal kept, the same across any chunking', () => {
    const fromHz = 200;
    const toHz = 256;
    const input = Float32Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * 5 * i) / fromHz));
    const whole: number[] = [];
    new LinearResampler(fromHz, toHz).process(input, whole);
    // outputs at positions 0, 200/256, … up to the last input sample
    expect(whole.length).toBe(Math.floor(((input.length - 1) * toHz) / fromHz) + 1);
    for (let j = 0; j < whole.length; j++) expect(whole[j]).toBeCloseTo(Math.sin((2 * Math.PI * 5 * j) / toHz), 2);
    const chunked: number[] = [];
    const resampler = new LinearResampler(fromHz, toHz);
    for (let at = 0; at < input.length; at += 137) resampler.process(input.subarray(at, at + 137), chunked);
    expect(chunked).toEqual(whole);
  });

  it('starts afresh after reset (a gap)', () => {
    const resampler = new LinearResampler(200, 400);
    const out: number[] = [];
    resampler.process(Float32Array.from([0, 2]), out);
    resampler.reset();
    resampler.process(Float32Array.from([10, 12]), out);
    expect(out).toEqual([0, 1, 2, 10, 11, 12]);
  });
});
