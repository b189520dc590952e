// Nights with chosen causes (the demo's wearer): the simulator makes them true in the profile and
// the day and the cramps carry them in the truth; a seed without the choice is the night it
// always was. (What the pipeline then says about them: test/package, the demo as installed.)
import { describe, expect, it } from 'vitest';
import { randomNightSpec } from '../../firmware-sim/src/index.ts';

const DEMO = { hours: 2, causes: ['medication', 'muscle_fatigue'] as const, sleepingPosition: true };

describe('a night with chosen causes', () => {
  for (const seed of [1, 3, 4, 5, 11]) {
    it(`seed ${seed}: the wearer's profile and day hold the chosen causes, and every cramp's truth names them`, () => {
      const spec = randomNightSpec(seed, { ...DEMO, causes: [...DEMO.causes] });
      const cramps = spec.truth.filter((e) => e.kind === 'cramp');
      expect(cramps.length).toBeGreaterThan(0);
      for (const cramp of cramps) expect(cramp.causes).toEqual(expect.arrayContaining(['medication', 'muscle_fatigue']));
      expect(spec.profile.medications?.length).toBeGreaterThan(0);
    });
  }

  it('leaves the other draws of a seed alone when nothing is chosen', () => {
    const plain = randomNightSpec(8, { hours: 1 });
    const again = randomNightSpec(8, { hours: 1, causes: undefined, sleepingPosition: undefined });
    expect(JSON.stringify(again)).toBe(JSON.stringify(plain));
  });
});
