// A rise whose added power is white is a loosening contact's broadband noise, not the muscle
// (src/detect/white-rise.ts): a white step on a quiet lead stays quiet, while EMG-shaped power of
// the same level is still a cramp, and where EMG is sampled too slowly to tell the two the rise is
// judged as it always was. Hand-made signals (test/detect/synthetic.ts) through the whole core.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { closedEpisodes } from './device-episodes.ts';
import { EmgShaping, Prng } from './synthetic.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
/** the rise on the gastrocnemius: from 4 min, for 40 s (long enough for any hold the rules ask) */
const RISE_FROM_MS = 240_000;
const RISE_TO_MS = 280_000;

interface Rise {
  fsHz: number;
  /** the gastrocnemius's resting level before the rise, µV RMS (the tibialis rests at 3 µV) */
  restUv: number;
  /** the power the rise adds, µV RMS */
  addedUv: number;
  /** what the added power is: white (the contact's noise) or shaped like surface EMG (the muscle) */
  shape: 'white' | 'emg';
}

function closedOnRise(rise: Rise): Episode[] {
  const during = (tMs: number) => tMs >= RISE_FROM_MS && tMs < RISE_TO_MS;
  const emgRise = rise.shape === 'emg';
  const envelope = (c: number, tMs: number) => {
    if (c !== 0) return 3;
    return emgRise && during(tMs) ? Math.hypot(rise.restUv, rise.addedUv) : rise.restUv;
  };
  const random = new Prng(11);
  const extra = (c: number, tMs: number) => (!emgRise && c === 0 && during(tMs) ? rise.addedUv * random.gaussian() : 0);
  return closedEpisodes({ startMs: START, acc: SUPINE, fsHz: rise.fsHz, channels: CHANNELS, durationMs: 330_000, envelope, extra, seed: 5 });
}

describe('a rise whose added power is white (a lead coming loose)', () => {
  it('on a quiet gelled lead, 40 µV of white noise over 5 µV, is not a cramp', () => {
    expect(closedOnRise({ fsHz: 1000, restUv: 5, addedUv: 40, shape: 'white' })).toEqual([]);
  });

  it('on a dry contact, 22 µV of white noise over a 15 µV floor (a weak cramp in size and suddenness), is not a cramp', () => {
    expect(closedOnRise({ fsHz: 2000, restUv: 15, addedUv: 22, shape: 'white' })).toEqual([]);
  });

  it('EMG-shaped power of the same level is still a cramp, with its onset', () => {
    for (const rise of [
      { fsHz: 1000, restUv: 5, addedUv: 40 },
      { fsHz: 2000, restUv: 15, addedUv: 22 },
    ]) {
      const closed = closedOnRise({ ...rise, shape: 'emg' });
      expect(closed).toHaveLength(1);
      expect(Math.abs(closed[0].start - (START + RISE_FROM_MS))).toBeLessThan(1000);
    }
  });

  it('sampled at 200 Hz, where EMG fills the spectrum, is judged as before: the white step is taken for the cramp it looks like', () => {
    const closed = closedOnRise({ fsHz: 200, restUv: 5, addedUv: 40, shape: 'white' });
    expect(closed).toHaveLength(1);
  });
});

describe('EmgShaping (the test signals themselves)', () => {
  it('adds under a third of what white noise adds in its first difference at 1 kHz (under 0.6 of its power, white noise twice its power)', () => {
    const shaping = new EmgShaping(1000);
    const random = new Prng(3);
    let power = 0;
    let diffPower = 0;
    let whitePower = 0;
    let whiteDiffPower = 0;
    let previous = 0;
    let previousWhite = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = shaping.next(random.gaussian());
      const w = random.gaussian();
      if (i > 1000) {
        power += x * x;
        diffPower += (x - previous) ** 2;
        whitePower += w * w;
        whiteDiffPower += (w - previousWhite) ** 2;
      }
      previous = x;
      previousWhite = w;
    }
    expect(diffPower / power).toBeLessThan(0.6);
    expect(whiteDiffPower / whitePower).toBeGreaterThan(1.9);
  });
});
