// A half-asleep stretch, toes pointed, is the calf's voluntary work: the leg moves with it and its
// contraction ends with the motion. A cramp outlasts the motion that came with it, whether a jolt
// after its rise or the stretch that set it off (CrampDetector.workingPastMotion).
import { describe, expect, it } from 'vitest';
import { openTimes } from './calf-blocks.ts';

/** a dry contact's floor under both leads, as on the dry-electrode nights */
const FLOOR_UV = 19;
const AT_S = 10;

/**
 * The gastrocnemius at `peakUv` from AT_S for `lengthS` (rising over 0.2 s), the soleus at the
 * floor; the leg moving from `motionFromS` to `motionToS` (seconds after AT_S).
 */
function calfOpens(lengthS: number, motionFromS: number, motionToS: number, peakUv = 65): number[] {
  return openTimes(60, (input, tS, b) => {
    const sinceS = tS - AT_S;
    const burst = sinceS >= 0 && sinceS < lengthS ? Math.min(1, (sinceS + 0.05) / 0.2) : 0;
    input.levelUv[0] = FLOOR_UV * (1 + 0.05 * Math.sin(b)) + burst * peakUv;
    input.levelUv[1] = FLOOR_UV * (1 + 0.05 * Math.cos(b));
    for (let c = 0; c < 2; c++) {
      input.restUv[c] = FLOOR_UV;
      input.floorUv[c] = FLOOR_UV;
    }
    input.moving = sinceS >= motionFromS && sinceS < motionToS;
  });
}

describe('a toes-pointed stretch against a cramp', () => {
  it('a 2 s stretch whose motion is first seen late in it is no cramp: its calf is quiet by the time it would be confirmed', () => {
    // the 2.5 s hold is 80 % active, and the first motion, 1.7 s in, looks like a jolt after the rise
    expect(calfOpens(2, 1.7, 3)).toEqual([]);
  });

  it('a 3 s stretch with the leg moving throughout is no cramp', () => {
    expect(calfOpens(3, -0.5, 3.5)).toEqual([]);
  });

  it('a cramp the sleeper jolts at is still confirmed at the still hold', () => {
    const opens = calfOpens(6, 1.5, 3);
    expect(opens).toHaveLength(1);
    expect(opens[0] - AT_S).toBeLessThan(2.6);
  });

  it('a cramp set off by a stretch, outlasting its motion, is confirmed once the leg is still', () => {
    const opens = calfOpens(30, -2, 1.5);
    expect(opens).toHaveLength(1);
    expect(opens[0] - AT_S).toBeLessThan(4.5);
  });
});
