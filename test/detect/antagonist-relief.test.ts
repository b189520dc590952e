// A thigh cramp is eased by working its antagonist: the sleeper bends the knee against a
// quadriceps cramp (or straightens it against a hamstring one), and the hamstrings work hard for
// a few seconds while the quadriceps let go. That contraction is voluntary, not a second cramp;
// a cramp it sets off holds on and is still found (CrampDetector.relievingOnset).
import { describe, expect, it } from 'vitest';
import type { Episode, Muscle } from '../../src/core/types.ts';
import { deviceEpisodes } from './device-episodes.ts';
import { crampEnvelope } from './synthetic.ts';

const START = 1_764_201_600_000;
const SUPINE = (): [number, number, number] => [100, 0, -995];
const CHANNELS: Muscle[] = ['gastrocnemius', 'tibialis_anterior', 'hamstrings', 'quadriceps'];
const QUADRICEPS = 3;
const HAMSTRINGS = 2;
/** the quadriceps cramp, ms from the start; the hamstrings begin to work before it lets go */
const CRAMP_FROM = 60_000;
const CRAMP_TO = 90_000;
const RELIEF_FROM = 86_000;

/** the knee bent from RELIEF_FROM for 1.5 s (the shank swings), then held still */
const KNEE_BENT = (t: number): [number, number, number] => (t >= RELIEF_FROM - 200 && t < RELIEF_FROM + 1500 ? [100 + 250 * Math.sin(t / 60), 150, -980] : SUPINE());

/** the episodes opened, with the quadriceps cramping and the hamstrings working from RELIEF_FROM until `hamstringsTo` */
function opened(hamstringsTo: number, acc: (tMs: number) => [number, number, number] = SUPINE): Episode[] {
  const envelope = (c: number, t: number): number => {
    if (c === QUADRICEPS) return 4 + crampEnvelope(t, CRAMP_FROM, CRAMP_TO, 150, 500, 3000);
    if (c === HAMSTRINGS) return 4 + crampEnvelope(t, RELIEF_FROM, hamstringsTo, 160, 300, 500);
    return 3;
  };
  return deviceEpisodes({ startMs: START, fsHz: 1000, channels: CHANNELS, durationMs: 180_000, envelope, acc }).filter((e) => e.event === 'open');
}

describe('the antagonist worked against a thigh cramp', () => {
  it('a 6 s hamstring contraction that eases a quadriceps cramp is no cramp of its own', () => {
    const opens = opened(RELIEF_FROM + 6_000);
    expect(opens.map((e) => e.muscle)).toEqual(['quadriceps']);
  });

  it('nor is a 7 s one begun with the knee swinging and then held in a still leg (not the sleeper\'s jolt)', () => {
    const opens = opened(RELIEF_FROM + 7_000, KNEE_BENT);
    expect(opens.map((e) => e.muscle)).toEqual(['quadriceps']);
  });

  it('a hamstring cramp set off by it, held on after the quadriceps let go, is found', () => {
    const opens = opened(RELIEF_FROM + 40_000);
    expect(opens.map((e) => e.muscle)).toEqual(['quadriceps', 'hamstrings']);
    const hamstrings = opens[1];
    // judged as a voluntary-looking onset (12 s), and dated from where the hamstrings began
    expect(Math.abs(hamstrings.start - (START + RELIEF_FROM))).toBeLessThan(1000);
    expect(hamstrings.detected_at - (START + RELIEF_FROM)).toBeLessThan(13_000);
  });
});
