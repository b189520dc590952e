// Which calf muscle works hardest is told by its own EMG over its contact's floor, not by the raw
// envelope: two dry contacts' floors differ, and a resting soleus on a 40 µV floor must not hide a
// gastrocnemius cramping on a 15 µV one (dev seed 710623: a 34 s cramp missed that way).
import { describe, expect, it } from 'vitest';
import { openTimes } from './calf-blocks.ts';

const GASTROC_FLOOR_UV = 15;
const SOLEUS_FLOOR_UV = 40;

/** opens over `seconds`: the gastrocnemius's envelope from `gastrocUv(tS)`, the soleus resting on its higher floor */
function opens(seconds: number, gastrocUv: (tS: number) => number): number[] {
  return openTimes(seconds, (input, tS) => {
    input.levelUv[0] = gastrocUv(tS);
    input.levelUv[1] = SOLEUS_FLOOR_UV * (1 + 0.08 * Math.sin(37 * tS));
    input.restUv[0] = input.floorUv[0] = GASTROC_FLOOR_UV;
    input.restUv[1] = input.floorUv[1] = SOLEUS_FLOOR_UV;
  });
}

describe('a cramp on a quiet contact beside a noisy one', () => {
  it('is found in a still leg at the still hold, the soleus resting on a floor above the cramp', () => {
    // 36 µV: 33 µV of the gastrocnemius's own EMG, "active" over its 15 µV floor, under the soleus's 40 µV floor
    const cramp = (tS: number) => (tS >= 60 && tS < 94 ? 36 : GASTROC_FLOOR_UV * (1 + 0.08 * Math.sin(37 * tS)));
    const found = opens(120, cramp);
    expect(found).toHaveLength(1);
    expect(found[0]).toBeLessThan(63.5);
  });
});
