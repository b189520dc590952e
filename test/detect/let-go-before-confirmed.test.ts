// A thigh contraction let go some way before its 5 s confirmation time (a knee bent while settling,
// lying on a side so that no accelerometer sees the leg move) is voluntary-length, not a cramp,
// even where its last second keeps the candidate alive; a cramp is confirmed while it goes on.
import { describe, expect, it } from 'vitest';
import type { Muscle } from '../../src/core/types.ts';
import { deviceEpisodes } from './device-episodes.ts';
import { crampEnvelope } from './synthetic.ts';

const START = 1_764_201_600_000;
const ON_SIDE = (): [number, number, number] => [100, -995, 0];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior', 'hamstrings', 'quadriceps'];
const HAMSTRINGS = 2;
const BEND_FROM = 60_000;

function hamstringOpens(heldMs: number, seed: number): number {
  const envelope = (c: number, t: number): number => 5 + (c === HAMSTRINGS ? crampEnvelope(t, BEND_FROM, BEND_FROM + heldMs, 300, 300, 400) : 0);
  return deviceEpisodes({ startMs: START, fsHz: 1000, channels: CHANNELS, durationMs: 120_000, envelope, acc: ON_SIDE, seed }).filter((e) => e.event === 'open' && e.muscle === 'hamstrings').length;
}

describe('a thigh contraction let go before its confirmation time', () => {
  it('is no cramp, whatever its last second leaves in the envelope (3.6–4.4 s held, 5 signals each)', () => {
    const opened: string[] = [];
    for (const heldMs of [3600, 3800, 4000, 4200, 4400]) for (let seed = 1; seed <= 5; seed++) if (hamstringOpens(heldMs, seed) > 0) opened.push(`${heldMs} ms seed ${seed}`);
    expect(opened).toEqual([]);
  });

  it('while one held on past it is found', () => {
    expect(hamstringOpens(8000, 1)).toBe(1);
  });
});
