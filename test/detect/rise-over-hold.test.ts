// A cramp that starts while the calf holds a candidate it has turned down (a loose lead's hiss that
// keeps the candidate alive) is judged as its own onset, not as more of the turned-down activity
// (rise-over-hold.ts); a rise the lead makes itself, or a stretch, is still no cramp.
import { describe, expect, it } from 'vitest';
import { stepCalfBlocks } from './calf-blocks.ts';

/** a dry contact's floor (and resting level), µV */
const FLOOR_UV = 16;
/**
 * the gastrocnemius lead hisses from HISS_FROM_S, white: clear of quiet (21.6 µV over this floor),
 * crossing "active" (28.8 µV) one block in ten, which keeps a candidate alive and turns it down
 */
const HISS_UV = 26;
const HISS_PEAK_UV = 32;
const HISS_PEAK_EVERY = 10;
const HISS_FROM_S = 10;
const WHITE_RATIO = 2.2;
/** the sleeper turns as the hiss begins: the candidate is a moving one, judged at 12 s, looked at afresh only after 36 s */
const TURN_S = [10, 10.4];
const MUSCLE_RATIO = 0.3;

interface Jump {
  fromS: number;
  toS: number;
  levelUv: number;
  diffRatio: number;
  /** the leg moves from the jump's start for this long, s */
  movesForS?: number;
}

/** the cramp: the gastrocnemius from the hiss to 110 µV of the muscle's shape, 12 s, in a still leg */
const CRAMP: Jump = { fromS: 30, toS: 42, levelUv: 110, diffRatio: MUSCLE_RATIO };

/** what the detector opened (start, s) over 60 s of hiss from 10 s, with the gastrocnemius jumping as `jump` says */
function opens(jump: Jump): number[] {
  const starts: number[] = [];
  stepCalfBlocks(
    60,
    (input, tS, block) => {
      const jumping = tS >= jump.fromS && tS < jump.toS;
      const hissing = tS >= HISS_FROM_S;
      const hissUv = block % HISS_PEAK_EVERY === 0 ? HISS_PEAK_UV : HISS_UV;
      input.levelUv[0] = jumping ? jump.levelUv : hissing ? hissUv : FLOOR_UV;
      input.addedDiffRatio[0] = jumping ? jump.diffRatio : hissing ? WHITE_RATIO : NaN;
      input.levelUv[1] = FLOOR_UV;
      input.addedDiffRatio[1] = NaN;
      for (let c = 0; c < 2; c++) {
        input.restUv[c] = FLOOR_UV;
        input.floorUv[c] = FLOOR_UV;
      }
      const moves = jump.movesForS ?? 0;
      input.moving = (tS >= TURN_S[0] && tS < TURN_S[1]) || (tS >= jump.fromS && tS < jump.fromS + moves);
    },
    (change, _tS, detector) => {
      if (change === 'open') starts.push(detector.startMs / 1000);
    },
  );
  return starts;
}

describe('a sudden held rise over a turned-down candidate', () => {
  it('is a cramp of its own, dated from the rise', () => {
    const starts = opens(CRAMP);
    expect(starts).toHaveLength(1);
    expect(Math.abs(starts[0] - CRAMP.fromS)).toBeLessThan(0.5);
  });

  it('is no cramp when what it adds is white (the lead lifting further)', () => {
    expect(opens({ ...CRAMP, diffRatio: WHITE_RATIO })).toEqual([]);
  });

  it('is no cramp when it is a stretch, its muscle work ending with the leg\'s motion', () => {
    expect(opens({ ...CRAMP, toS: CRAMP.fromS + 6, movesForS: 6 })).toEqual([]);
  });
});
