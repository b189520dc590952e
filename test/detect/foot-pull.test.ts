// A calf cramp points the toes and holds them (src/detect/foot-pull.ts): with a foot sensor, a
// sudden plantar flexion held in a still, lying leg is a cramp even when no EMG lead sees it (a
// soleus cramp under a node with no soleus lead). What only moves the foot is not: toes pointed
// with the leg moving, a brief point, a slow drift of the ankle's rest, the foot pulled up (PLM),
// the foot on the floor.
import { describe, expect, it } from 'vitest';
import { CALF } from '../../src/detect/muscle-groups/calf.ts';
import { FOOT } from '../../src/detect/muscle-groups/foot.ts';
import { stepCalfBlocks } from './calf-blocks.ts';

const FLOOR_UV = 15;
const REST_DEG = 25;

interface Leg {
  ankleDeg: (tS: number) => number;
  moving?: (tS: number) => boolean;
  upright?: boolean;
}

/** `seconds` of blocks with both calf leads at their dry floor (no EMG of a cramp), the ankle and leg as given: [onset s, end s] of each cramp */
function cramps(seconds: number, leg: Leg, rules = CALF): [number, number][] {
  const found: [number, number][] = [];
  stepCalfBlocks(
    seconds,
    (input, tS, b) => {
      for (let c = 0; c < 2; c++) {
        input.levelUv[c] = FLOOR_UV * (1 + 0.05 * Math.sin(b + c));
        input.restUv[c] = FLOOR_UV;
        input.floorUv[c] = FLOOR_UV;
      }
      input.ankleDeg = leg.ankleDeg(tS);
      input.moving = leg.moving?.(tS) ?? false;
      input.upright = leg.upright ?? false;
    },
    (change, _tS, detector) => {
      if (change === 'open') found.push([detector.startMs / 1000, NaN]);
      if (change === 'close') found[found.length - 1][1] = detector.endMs / 1000;
    },
    rules,
  );
  return found;
}

/** the ankle `pullDeg` further pointed from `fromS` to `toS`, going there and back over `rampS` */
const pulled = (fromS: number, toS: number, pullDeg: number, rampS = 1) => (tS: number) => {
  const up = Math.min(1, Math.max(0, (tS - fromS) / rampS));
  const down = Math.min(1, Math.max(0, (toS - tS) / rampS));
  return REST_DEG + pullDeg * Math.min(up, down) + 0.2 * Math.sin(tS * 7);
};

describe('a calf cramp the foot shows', () => {
  for (const [fromS, toS, pullDeg] of [[30, 35, 13], [30, 44, 24], [30, 90, 15]]) {
    it(`the toes pointed ${pullDeg}° from ${fromS} to ${toS} s in a still leg, no EMG: one cramp, there`, () => {
      const found = cramps(120, { ankleDeg: pulled(fromS, toS, pullDeg) });
      expect(found).toHaveLength(1);
      expect(Math.abs(found[0][0] - fromS)).toBeLessThan(0.5);
      // it ends as the foot lets go (half way back down its ramp)
      expect(Math.abs(found[0][1] - (toS - 0.5))).toBeLessThan(1);
    });
  }

  it('the woken sleeper moving once the foot is held down does not undo it', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 50, 15), moving: (tS) => tS > 32 && tS < 34 })).toHaveLength(1);
  });
});

describe('what only moves the foot stays quiet', () => {
  it('toes pointed with the leg moving (a stretch, restless legs)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 34, 20, 0.6), moving: (tS) => tS > 29.5 && tS < 34.5 })).toHaveLength(0);
  });

  it('a long point that began with the leg moving (a turn that left the foot pointed)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 200, 20, 2), moving: (tS) => tS > 29 && tS < 32 })).toHaveLength(0);
  });

  it('toes pointed for a moment in a still leg', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 32, 20, 0.3) })).toHaveLength(0);
  });

  it('the ankle settling slowly to a new rest (30° over a minute)', () => {
    expect(cramps(200, { ankleDeg: (tS) => REST_DEG + 30 * Math.min(1, Math.max(0, (tS - 30) / 60)) })).toHaveLength(0);
  });

  it('a small point, under a cramp\'s pull (a toe curl moves the ankle up to 10°)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 60, 8) })).toHaveLength(0);
  });

  it('the foot pulled up (a limb movement, the sleeper pulling against a cramp)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 60, -20) })).toHaveLength(0);
  });

  it('on the feet (walking, tiptoe)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 60, 20), upright: true })).toHaveLength(0);
  });

  it('no foot sensor', () => {
    expect(cramps(120, { ankleDeg: () => NaN })).toHaveLength(0);
  });

  it('a group whose cramp does not point the toes (the foot\'s own muscles)', () => {
    expect(cramps(120, { ankleDeg: pulled(30, 60, 20) }, FOOT)).toHaveLength(0);
  });
});

describe('the foot\'s rest after a movement', () => {
  it('the foot back down after a limb movement pulled it up with the leg moving is a let-go', () => {
    // pulled up 20° for 4 s, the leg moving for the first second only
    expect(cramps(120, { ankleDeg: pulled(30, 34, -20, 0.25), moving: (tS) => tS > 30 && tS < 31 })).toHaveLength(0);
  });

  it('a cramp after a turn that left the ankle at a new rest is still found', () => {
    const ankleDeg = (tS: number) => (tS < 20 ? REST_DEG : tS < 60 ? REST_DEG + 12 : pulled(60, 75, 15)(tS) + 12);
    const found = cramps(120, { ankleDeg, moving: (tS) => tS > 18 && tS < 22 });
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0][0] - 60)).toBeLessThan(0.5);
  });
});

describe('the foot held up with the leg moving at first, then let go', () => {
  it('a 14 s stretch with the foot pulled up 30°, the leg moving for its first 2 s: no cramp when it comes back down', () => {
    expect(cramps(200, { ankleDeg: pulled(30, 44, -30, 0.6), moving: (tS) => tS > 29.5 && tS < 32 })).toHaveLength(0);
  });
});

describe('the let-go of a cramp the foot opened is read in a still leg', () => {
  // while the leg moves, the gravity estimates hold the motion and the angle reads anything:
  // here it reads back at rest
  const shaken = (fromS: number, toS: number, ankle: (tS: number) => number) => (tS: number) => (tS > fromS && tS < toS ? REST_DEG + 0.2 * Math.sin(tS * 7) : ankle(tS));

  it('the woken sleeper rubbing the calf for 6 s mid-cramp: one cramp, to the end of the pull', () => {
    const found = cramps(150, { ankleDeg: shaken(50, 56, pulled(30, 100, 15)), moving: (tS) => tS > 50 && tS < 56 });
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0][1] - 99.5)).toBeLessThan(1);
  });

  it('the angle lost for 20 s mid-cramp (rolled onto a side): one cramp, to the end of the pull', () => {
    const ankleDeg = (tS: number) => (tS > 50 && tS < 70 ? NaN : pulled(30, 100, 15)(tS));
    const found = cramps(150, { ankleDeg });
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0][1] - 99.5)).toBeLessThan(1);
  });

  it('the angle lost for good: closed where the foot was last seen held', () => {
    const found = cramps(200, { ankleDeg: (tS) => (tS > 50 ? NaN : pulled(30, 100, 15)(tS)) });
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0][1] - 50)).toBeLessThan(0.5);
  });

  it('let go while the leg moved: ended once the leg is still and the angle readable again', () => {
    const found = cramps(150, { ankleDeg: pulled(30, 50, 15, 0.5), moving: (tS) => tS > 48 && tS < 53 });
    expect(found).toHaveLength(1);
    expect(found[0][1]).toBeGreaterThan(49);
    expect(found[0][1]).toBeLessThan(57);
  });
});
