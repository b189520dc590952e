// A dry contact's floor creeping up faster than its resting level may learn (floor-ran-ahead.ts):
// the envelope hovers at the quiet ceiling of the stale floor and its noise crosses "active";
// without a rule the candidate that starts there freezes the resting level and, held as the floor
// goes on creeping, becomes a "cramp". Hand-made signals (test/detect/synthetic.ts) through the
// whole core, and the rule itself.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { floorRanAhead } from '../../src/detect/floor-ran-ahead.ts';
import { closedEpisodes } from './device-episodes.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
/** dry contacts: the floors the channels settle at, µV RMS */
const FLOOR_UV = [25, 12];

function closedOver(envelope: (c: number, tMs: number) => number, durationMs: number): Episode[] {
  return closedEpisodes({ startMs: START, acc: SUPINE, fsHz: 1000, channels: CHANNELS, durationMs, envelope, seed: 5 });
}

const CREEP_FROM_MS = 300_000;

/** the gastrocnemius's contact creeps up by `factor` over `overMs`, then stays there */
function creepingFloor(factor: number, overMs: number) {
  return (c: number, tMs: number) => {
    if (c !== 0) return FLOOR_UV[c];
    const x = Math.min(1, Math.max(0, (tMs - CREEP_FROM_MS) / overMs));
    return FLOOR_UV[0] * Math.exp(Math.log(factor) * x);
  };
}

describe('a dry floor running ahead of its resting level', () => {
  it('is not a cramp when the contact creeps up by 80 % in 20 s and stays there (the resting level learns on through the candidate)', () => {
    // the resting level may rise by e in about a minute: it trails, and a candidate starts
    expect(closedOver(creepingFloor(1.8, 20_000), 480_000)).toHaveLength(0);
  });

  it('a weak cramp rising from a steady floor is still found', () => {
    const envelope = (c: number, tMs: number) => (c === 0 && tMs >= CREEP_FROM_MS && tMs < CREEP_FROM_MS + 40_000 ? Math.hypot(FLOOR_UV[0], 32) : FLOOR_UV[c]);
    expect(closedOver(envelope, 420_000)).toHaveLength(1);
  });
});

describe('floorRanAhead', () => {
  it('over a floor of 20 µV: from 1.2× it (a steady floor sits 1.1–1.2× its resting level)', () => {
    expect(floorRanAhead(22, 20)).toBe(false);
    expect(floorRanAhead(24.5, 20)).toBe(true);
  });

  it('over a low floor, only near its quiet ceiling (12 µV of EMG over it)', () => {
    expect(floorRanAhead(10, 7)).toBe(false);
    expect(floorRanAhead(13, 7)).toBe(true);
  });

  it('never without a vouched floor', () => {
    expect(floorRanAhead(100, 0)).toBe(false);
  });
});
