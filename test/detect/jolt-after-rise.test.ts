// Short calf cramps that wake the sleeper: the jolt follows the rise in a still leg, and must not
// turn the cramp into a "moving onset" that has to hold 12 s (src/detect/jolt-after-rise.ts).
import { describe, expect, it } from 'vitest';
import type { Episode, SampleFrame } from '../../src/core/types.ts';
import { closedEpisodes } from './device-episodes.ts';
import { crampEnvelope, type SyntheticNight } from './synthetic.ts';

const START = 1_764_201_600_000;
const CRAMP_AT_MS = 50_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const twoChannels = { channels: ['gastrocnemius', 'tibialis_anterior'] as SampleFrame['channels'] };
/** the shank shaken from `from` to `to` ms, lying still otherwise */
const jolt = (from: number, to: number) => (t: number): [number, number, number] => (t > from && t < to ? [100 + 300 * Math.sin(t / 50), 200, -900] : SUPINE());

function closedFromStart(spec: SyntheticNight): Episode[] {
  return closedEpisodes({ startMs: START, ...spec });
}

/** a calf contraction of `lengthMs` at 300 µV from CRAMP_AT_MS, the leg moving from `motionAtMs` after it for `motionMs` */
function calfWithMotion(lengthMs: number, motionAtMs: number, motionMs: number): Episode[] {
  return closedFromStart({
    fsHz: 1000,
    ...twoChannels,
    durationMs: 100_000,
    envelope: (c, t) => (c === 0 ? 3 + crampEnvelope(t, CRAMP_AT_MS, CRAMP_AT_MS + lengthMs, 300, 300, 800) : 2),
    acc: jolt(CRAMP_AT_MS + motionAtMs, CRAMP_AT_MS + motionAtMs + motionMs),
  });
}

describe('a short calf cramp with the woken sleeper\'s jolt after its rise', () => {
  for (const [lengthMs, joltAtMs, joltMs] of [[4000, 1500, 1500], [5000, 1800, 3000], [8000, 2000, 3000]]) {
    it(`is found: ${lengthMs / 1000} s, the jolt ${joltAtMs / 1000} s into it for ${joltMs / 1000} s`, () => {
      const closed = calfWithMotion(lengthMs, joltAtMs, joltMs);
      expect(closed).toHaveLength(1);
      expect(Math.abs(closed[0].start - (START + CRAMP_AT_MS))).toBeLessThan(1000);
      expect(closed[0].detected_at - (START + CRAMP_AT_MS)).toBeLessThan(4000);
    });
  }

  it('a calf burst whose motion comes with it (a voluntary movement) still has to hold far longer', () => {
    // the leg moving from 300 ms into a 6 s burst and all through it: the movement's own motion
    expect(calfWithMotion(6000, 300, 6000)).toHaveLength(0);
  });
});
