// A contact's floor that rises while a cramp is open (white-tail.ts): its added power is white,
// a muscle's is not. Without the rule the new floor, a few µV over the old quiet ceiling, held a
// 60 s cramp open for minutes.
import { describe, expect, it } from 'vitest';
import type { CrampDetector } from '../../src/detect/cramp-detector.ts';
import { stepCalfBlocks } from './calf-blocks.ts';

/** a dry contact: its floor 7 µV (quiet ceiling ~14 µV) */
const FLOOR_UV = 7;
const CRAMP = { fromS: 30, toS: 90, levelUv: 100, diffRatio: 0.3 };

interface Tail {
  /** the soleus's envelope after the cramp, µV */
  levelUv: number;
  /** its blocks' first-difference added power over their added power: 2 for white noise, under 1.4 for EMG */
  diffRatio: number;
}

/** The soleus cramps, then sits at the tail's level; returns [opened, closed, end] in seconds (NaN when not). */
function cramp(tail: Tail, blip?: { fromS: number; toS: number }): [number, number, number] {
  let opened = NaN;
  let closed = NaN;
  let endS = NaN;
  stepCalfBlocks(
    400,
    (input, tS) => {
      const inCramp = tS >= CRAMP.fromS && tS < CRAMP.toS;
      const inBlip = blip !== undefined && tS >= blip.fromS && tS < blip.toS;
      input.levelUv[0] = FLOOR_UV;
      input.levelUv[1] = inCramp ? CRAMP.levelUv : tS >= CRAMP.toS ? tail.levelUv : FLOOR_UV;
      input.addedDiffRatio[0] = NaN;
      input.addedDiffRatio[1] = inBlip ? 2.2 : inCramp ? CRAMP.diffRatio : tS >= CRAMP.toS ? tail.diffRatio : NaN;
      for (let c = 0; c < 2; c++) {
        input.restUv[c] = FLOOR_UV;
        input.floorUv[c] = FLOOR_UV;
      }
    },
    (change, tS, detector: CrampDetector) => {
      if (change === 'open' && opened !== opened) opened = tS;
      if (change === 'close' && closed !== closed) {
        closed = tS;
        endS = detector.endMs / 1000;
      }
    },
  );
  return [opened, closed, endS];
}

describe('an open cramp over a contact whose floor rose', () => {
  it('ends where the muscle stopped adding its own shape of power, once 10 s of the rise were white', () => {
    const [opened, closed, endS] = cramp({ levelUv: 20, diffRatio: 2.0 });
    expect(opened).toBeLessThan(CRAMP.fromS + 5);
    expect(closed).toBeLessThan(CRAMP.toS + 12);
    expect(endS).toBeCloseTo(CRAMP.toS, 0);
  });

  it('stays open while what holds it up has the muscle\'s shape', () => {
    const [, closed] = cramp({ levelUv: 20, diffRatio: 0.3 });
    expect(closed).toBeNaN();
  });

  it('is not ended by a few seconds of white blocks inside the cramp (a lead popping)', () => {
    const [, closed, endS] = cramp({ levelUv: FLOOR_UV, diffRatio: NaN }, { fromS: 50, toS: 55 });
    expect(closed).toBeGreaterThan(CRAMP.toS);
    expect(endS).toBeGreaterThan(CRAMP.toS - 1);
  });
});
