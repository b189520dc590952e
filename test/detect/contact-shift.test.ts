// The sleeper shifting in bed can press or drag a dry electrode and move its floor, with or without
// a new posture: the channel learns its resting level afresh after such a movement, from the
// shifted floor, which then is no cramp. A cramp the sleeper jolted in after it rose, or one far
// over any floor that a stretch set off, is the muscle's own work: its channel never relearns
// from it. Hand-made signals (synthetic.ts) through the whole core.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { createDeviceCore } from '../../src/detect/index.ts';
import { syntheticFrames } from './synthetic.ts';

const START = 1_764_201_600_000;
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
/** dry contacts' floors, µV RMS, vouched for on the still leg before the shift */
const FLOOR_UV = [17, 10];
const SHIFT_MS = 300_000;

/** the shank lying supine, shaken (±300 mg, 3 Hz) from `fromMs` to `toMs` */
function shank(fromMs: number, toMs: number) {
  return (tMs: number): [number, number, number] => [100 + (tMs >= fromMs && tMs < toMs ? 300 * Math.sin((2 * Math.PI * 3 * tMs) / 1000) : 0), 0, -995];
}

function closedEpisodes(envelope: (c: number, tMs: number) => number, acc: (tMs: number) => [number, number, number]): Episode[] {
  const closed: Episode[] = [];
  const core = createDeviceCore('leg-01', { episode: (e) => e.event === 'close' && closed.push(e), signal: () => {}, limbMovement: () => {} });
  for (const frame of syntheticFrames({ startMs: START, acc, fsHz: 1000, channels: CHANNELS, durationMs: 420_000, envelope, seed: 5 })) core.pushFrame(frame);
  core.finish();
  return closed;
}

describe('a dry contact shifted by the sleeper moving in bed', () => {
  it('is no cramp when its floor steps up with a 3-s shift that keeps the posture', () => {
    const shifted = (c: number, tMs: number) => (c === 0 && tMs >= SHIFT_MS + 500 ? 30 : FLOOR_UV[c]);
    expect(closedEpisodes(shifted, shank(SHIFT_MS, SHIFT_MS + 3000))).toEqual([]);
  });

  it('a cramp the sleeper struggled in for 3.4 s, from 0.8 s after it rose, is found whole', () => {
    // the shift ends while the cramp is still a candidate: its channel must not relearn from it
    const cramp = (c: number, tMs: number) => FLOOR_UV[c] + (c === 0 && tMs >= SHIFT_MS && tMs < SHIFT_MS + 40_000 ? 60 : 0);
    const closed = closedEpisodes(cramp, shank(SHIFT_MS + 800, SHIFT_MS + 4200));
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + SHIFT_MS))).toBeLessThan(1500);
    expect(closed[0].end! - closed[0].start).toBeGreaterThan(35_000);
  });

  it('a strong cramp a stretch set off (the leg moving as it rose) is found whole', () => {
    // 150 µV: far over anything a shifted floor reaches, though the motion led it
    const cramp = (c: number, tMs: number) => FLOOR_UV[c] + (c === 0 && tMs >= SHIFT_MS && tMs < SHIFT_MS + 40_000 ? 150 : 0);
    const closed = closedEpisodes(cramp, shank(SHIFT_MS - 1000, SHIFT_MS + 2500));
    expect(closed).toHaveLength(1);
    expect(closed[0].end! - closed[0].start).toBeGreaterThan(35_000);
  });
});
