// Limb movements against a scorer's: bilateral merging, the WASM series rule, matching.
import { describe, expect, it } from 'vitest';
import type { LimbMovement } from '../../src/core/types.ts';
import { aggregateLimbMovements, periodicCount, scoreLimbMovements } from '../../src/score/limb-movements.ts';
import type { Truth } from '../../src/score/score.ts';

const S = 1000;
const lm = (device: string, startS: number, durationS = 1): LimbMovement => ({ device, muscle: 'tibialis_anterior', start: startS * S, end: (startS + durationS) * S, periodic: false });
const truth = (...episodes: [string, string, number, number][]): Truth => ({ v: 1, episodes: episodes.map(([device, kind, startS, durationS]) => ({ device, kind, start: startS * S, end: (startS + durationS) * S })) });

describe('limb movement scoring', () => {
  it('counts LMs in series of ≥ 4 with onsets 10–90 s apart', () => {
    expect(periodicCount([0, 20, 40, 60].map((s) => s * S))).toBe(4);
    expect(periodicCount([0, 20, 40].map((s) => s * S))).toBe(0);
    // 5 s apart breaks the run; 95 s apart too
    expect(periodicCount([0, 20, 40, 45, 65, 85, 105, 200].map((s) => s * S))).toBe(4);
    expect(periodicCount([0, 10, 20, 30, 40, 130].map((s) => s * S))).toBe(6); // 10 and 90 s are inside
    expect(periodicCount([0, 10, 20, 30, 40, 130.5].map((s) => s * S))).toBe(5);
  });

  it('merges LMs of the two legs less than 0.5 s apart into one, on both sides', () => {
    const detected = [lm('a-left', 100), lm('a-right', 101.3), lm('a-left', 200), lm('a-right', 202)];
    const score = scoreLimbMovements(detected, truth(['a-left', 'lm', 100, 1], ['a-right', 'lm', 100.2, 1], ['a-left', 'lm', 200, 1]), 3600 * S)!;
    expect(score).toMatchObject({ scored: 2, detected: 3, matched: 2 });
    expect(score.onsetErrorsS).toEqual([0, 0]);
  });

  it('takes the scorer\'s PLM labels when there are any, the series rule otherwise', () => {
    const detected = [0, 20, 40, 60].map((s) => lm('a', s));
    const labelled = scoreLimbMovements(detected, truth(['a', 'plm', 0, 1], ['a', 'plm', 20, 1], ['a', 'lm', 40, 1], ['a', 'lm', 60, 1]), 1800 * S)!;
    expect(labelled).toMatchObject({ scoredPeriodic: 2, scoredPeriodicFrom: 'labels', detectedPeriodic: 4, scoredPlmIndex: 4, detectedPlmIndex: 8 });
    const derived = scoreLimbMovements(detected, truth(['a', 'lm', 0, 1], ['a', 'lm', 20, 1], ['a', 'lm', 40, 1], ['a', 'lm', 60, 1]), 1800 * S)!;
    expect(derived).toMatchObject({ scoredPeriodic: 4, scoredPeriodicFrom: 'series rule' });
    expect(aggregateLimbMovements([labelled, derived])).toMatchObject({ scored: 8, scoredPeriodic: 6, recordedHours: 1, scoredPlmIndex: 6, scoredPeriodicFrom: 'labels and series rule' });
  });

  it('matches an instant annotation inside a detected LM, each once, closest onset first', () => {
    const score = scoreLimbMovements([lm('a', 10, 3)], truth(['a', 'lm', 11, 0], ['a', 'lm', 10.2, 0]), 3600 * S)!;
    expect(score.matched).toBe(1);
    expect(score.onsetErrorsS).toEqual([-0.2]);
  });

  it('has nothing to say when the truth scores no LMs', () => {
    expect(scoreLimbMovements([lm('a', 1)], truth(['a', 'cramp', 0, 60]), 3600 * S)).toBeUndefined();
  });
});
