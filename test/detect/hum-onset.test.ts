// An electric blanket switching on before the night's mains frequency is known: until the mains
// watch decides it (a window or two), the hum is not notched and lifts the envelope like a
// contraction. Over a dry contact's floor, hum of about the floor's size is a quarter to a half
// of the power: too little for the early decision, enough to look "active" for the 2.5 s a
// cramp needs. Hand-made signals (test/detect/synthetic.ts) through the whole core.
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { closedEpisodes } from './device-episodes.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
/** dry or textile contacts: the floors the channels vouch for once a still stretch showed them, µV RMS */
const FLOOR_UV = [25, 12];
const HUM_ON_MS = 300_400;
/** hum amplitude (µV, fundamental's peak) per channel: about the floor's RMS, with strong odd harmonics */
const HUM_UV = [36, 30];

const smoothstep = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/** the blanket's hum, 50 Hz and harmonics 2–5, switched on over 0.5 s at HUM_ON_MS */
function hum(c: number, tMs: number): number {
  const on = smoothstep((tMs - HUM_ON_MS) / 500);
  if (on === 0) return 0;
  const phase = (2 * Math.PI * 50.02 * tMs) / 1000;
  const wave = Math.sin(phase) + 0.3 * Math.sin(2 * phase + 1) + 0.5 * Math.sin(3 * phase + 2) + 0.1 * Math.sin(4 * phase + 3) + 0.2 * Math.sin(5 * phase + 4);
  return HUM_UV[c] * on * wave;
}

function closedWithHum(crampUv: number): Episode[] {
  // a cramp of the gastrocnemius rising with the hum, 30 s long, when crampUv > 0
  const envelope = (c: number, tMs: number) => FLOOR_UV[c] + (c === 0 && tMs > HUM_ON_MS + 200 && tMs < HUM_ON_MS + 30_000 ? crampUv : 0);
  return closedEpisodes({ startMs: START, acc: SUPINE, fsHz: 1000, channels: CHANNELS, durationMs: 420_000, envelope, extra: hum, seed: 3 });
}

describe('blanket hum switching on before the mains frequency is known, over a dry contact', () => {
  it('is not a cramp', () => {
    expect(closedWithHum(0)).toEqual([]);
  });

  it('a cramp rising with it is still found, with its onset', () => {
    const closed = closedWithHum(80);
    expect(closed).toHaveLength(1);
    expect(Math.abs(closed[0].start - (START + HUM_ON_MS + 200))).toBeLessThan(1000);
    expect(closed[0].end! - closed[0].start).toBeGreaterThan(27_000);
  });
});
