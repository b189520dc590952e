// A toes-pointed stretch so gentle that the moving test never sees the leg move: the calf works
// hard for 3.5 s (both heads, as in a stretch), the shank stirs a few mg over its sensor noise.
// It is a voluntary movement all the same (stir-watch.ts); a cramp in a still leg is not, and is
// still confirmed at the still hold.
import { describe, expect, it } from 'vitest';
import type { Episode, SampleFrame } from '../../src/core/types.ts';
import { closedEpisodes } from './device-episodes.ts';
import { crampEnvelope } from './synthetic.ts';

const START = 1_764_201_600_000;
/** sensor noise on each axis, mg (a still shank reads a few mg of it) */
const NOISE_MG = 5;

/** a small deterministic generator for the accelerometer's noise */
function noise(): () => number {
  let state = 12345;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    // a sum of uniforms is near enough Gaussian, unit variance
    let sum = 0;
    for (let k = 0; k < 3; k++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      sum += state / 2147483648 - 0.5;
    }
    return sum * 2;
  };
}

/** the shank lying supine, with sensor noise, stirring by `stirMg` between fromMs and toMs */
function shank(fromMs: number, toMs: number, stirMg: number): (tMs: number) => [number, number, number] {
  const gaussian = noise();
  return (t) => {
    const stir = t >= fromMs && t < toMs ? stirMg : 0;
    return [100 + NOISE_MG * gaussian() + stir * Math.sin(t / 110), NOISE_MG * gaussian() + stir * Math.sin(t / 170), -995 + NOISE_MG * gaussian()];
  };
}

function closedCramps(calfUv: (t: number) => number, acc: (t: number) => [number, number, number]): Episode[] {
  const channels: SampleFrame['channels'] = ['gastrocnemius', 'soleus', 'tibialis_anterior'];
  const envelope = (c: number, t: number) => (c === 2 ? 2 : 3 + (c === 0 ? 1 : 0.7) * calfUv(t));
  return closedEpisodes({ startMs: START, fsHz: 1000, channels, durationMs: 100_000, envelope, acc });
}

/** a voluntary burst: rising and falling over 0.5 s */
const stretchUv = (fromMs: number, toMs: number, peakUv: number) => (t: number) =>
  t < fromMs || t >= toMs ? 0 : peakUv * Math.min(1, (t - fromMs) / 500, (toMs - t) / 500);

describe('a gentle toes-pointed stretch against a cramp in a still leg', () => {
  it('a 3.5 s stretch whose leg only stirs is no cramp', () => {
    expect(closedCramps(stretchUv(50_000, 53_500, 150), shank(49_500, 54_000, 14))).toEqual([]);
  });

  it('a cramp in a still, noisy leg is confirmed at the still hold', () => {
    const closed = closedCramps((t) => crampEnvelope(t, 50_000, 80_000, 150), shank(0, 0, 0));
    expect(closed).toHaveLength(1);
    expect(closed[0].detected_at - (START + 50_000)).toBeLessThan(3000);
  });
});
