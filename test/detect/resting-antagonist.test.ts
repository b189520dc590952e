// The antagonist comparison at onset (a calf cramp outworks the tibialis anterior 2 : 1) weighs
// the tibialis's own EMG over its contact's floor. Over a dry floor that wanders (here by a fifth
// every 5 s), a resting tibialis's envelope sits over its resting level (a 20th percentile), and
// its "own EMG" reaches half a weak calf cramp's ~22 µV. A tibialis in its quiet band is at rest
// and does no work (cramp-episodes.ts); one clear of quiet is still weighed (dry dev seed 711285,
// cw-61: a 74 s gastrocnemius cramp of ~21 µV own EMG on a 10 µV floor, missed for a resting
// tibialis "working" 11 µV on average over the onset).
// Hand-made signals (test/detect/synthetic.ts) through the whole core.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { closedEpisodes } from './device-episodes.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
/** dry contacts: the floors the channels settle at, µV RMS */
const FLOOR_UV = [10, 16];
const CRAMP_FROM_MS = 300_000;
const CRAMP_MS = 40_000;
/** the weak cramp's own EMG, µV: waxing 16–28 every 3 s, averaging 22 (over the weak rule's 16 µV, under "active"'s 24) */
const crampUv = (sinceMs: number) => 22 + 6 * Math.sin((2 * Math.PI * sinceMs) / 3000 + Math.PI / 2);

/** the tibialis's dry floor wanders by a fifth over seconds (pressure on the contact), its resting level at the troughs */
const tibialisFloorUv = (tMs: number) => FLOOR_UV[1] * (1 + 0.2 * Math.sin((2 * Math.PI * tMs) / 5000));

/** a weak gastrocnemius cramp from CRAMP_FROM_MS for CRAMP_MS; the tibialis adds `tibialisUv` of its own EMG meanwhile */
function closedWith(tibialisUv: number): Episode[] {
  const envelope = (c: number, tMs: number) => {
    const cramping = tMs >= CRAMP_FROM_MS && tMs < CRAMP_FROM_MS + CRAMP_MS;
    const floorUv = c === 0 ? FLOOR_UV[0] : tibialisFloorUv(tMs);
    return cramping ? Math.hypot(floorUv, c === 0 ? crampUv(tMs - CRAMP_FROM_MS) : tibialisUv) : floorUv;
  };
  return closedEpisodes({ startMs: START, acc: SUPINE, fsHz: 1000, channels: CHANNELS, durationMs: 420_000, envelope, seed: 5 });
}

describe('a weak calf cramp beside a resting tibialis on a dry floor', () => {
  it('is found: the tibialis in its quiet band does no work', () => {
    const closed = closedWith(0);
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + CRAMP_FROM_MS))).toBeLessThan(1500);
  });

  it('is not, with the tibialis working clear of quiet at over half its EMG (a co-contraction)', () => {
    expect(closedWith(16)).toHaveLength(0);
  });
});
