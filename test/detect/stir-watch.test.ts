// The leg stirring (stir-watch.ts): a second's mean motion well over the leg's resting second,
// judged only once the gravity estimate has settled after a movement the moving test saw.
import { describe, expect, it } from 'vitest';
import { StirWatch } from '../../src/detect/stir-watch.ts';

/** blocks of 50 ms */
const SECOND = 20;

/** a still shank's block means: about 8 mg, spread by a tenth */
const still = (b: number) => 8 * (1 + 0.1 * Math.sin(b * 1.7) * Math.cos(b * 0.31));

function stirredBlocks(watch: StirWatch, blocks: number, motionMg: (b: number) => number, moving = () => false): number {
  let stirred = 0;
  for (let b = 0; b < blocks; b++) if (watch.step(motionMg(b), moving())) stirred++;
  return stirred;
}

describe('StirWatch', () => {
  it('a still leg never stirs', () => {
    expect(stirredBlocks(new StirWatch(), 600 * SECOND, still)).toBe(0);
  });

  it('a gentle movement, doubling the motion for 3 s, stirs within a second', () => {
    const watch = new StirWatch();
    stirredBlocks(watch, 60 * SECOND, still);
    let firstStir = -1;
    for (let b = 0; b < 3 * SECOND; b++) if (watch.step(2 * still(b), false) && firstStir < 0) firstStir = b;
    expect(firstStir).toBeGreaterThanOrEqual(0);
    expect(firstStir).toBeLessThan(SECOND);
  });

  it('the seconds after a movement the moving test saw are not judged: the gravity estimate is settling', () => {
    const watch = new StirWatch();
    stirredBlocks(watch, 60 * SECOND, still);
    stirredBlocks(watch, 2 * SECOND, () => 200, () => true);
    // the residual of the movement decays with the gravity estimate's 1.5-s time constant
    expect(stirredBlocks(watch, 4 * SECOND, (b) => still(b) + 200 * Math.exp(-b / (1.5 * SECOND)))).toBe(0);
  });
});
