// The antagonist comparison at onset (a cramp outworks the tibialis anterior 2 : 1, a voluntary
// co-contraction does not) asks the tibialis to have been seen through the onset: a lead
// readable only for a few blocks of it shows the contact's moments, not the muscle's work
// (OnsetTally.antagonistUnseen).
import { describe, expect, it } from 'vitest';
import { openTimes } from './calf-blocks.ts';

const AT_S = 10;
const REST_UV = 2;
const SOLEUS_UV = 150;
/** the tibialis lead's level when it is read: over half the soleus's, enough to fail 2 : 1 */
const ANTAGONIST_UV = 90;

/**
 * A soleus cramp from AT_S for 30 s in a still leg, the gastrocnemius quiet; the tibialis lead
 * read at ANTAGONIST_UV in the onset's blocks `readable` says yes to, unreadable (NaN) in its others,
 * and quiet and readable away from the onset.
 */
function soleusOpens(readable: (onsetBlock: number) => boolean): number[] {
  return openTimes(60, (input, tS) => {
    const sinceS = tS - AT_S;
    const cramping = sinceS >= 0 && sinceS < 30;
    input.levelUv[0] = REST_UV * 1.1;
    input.levelUv[1] = cramping ? SOLEUS_UV : REST_UV * 1.1;
    for (let c = 0; c < 2; c++) {
      input.restUv[c] = REST_UV;
      input.floorUv[c] = 0;
    }
    const onsetBlock = Math.round(sinceS * 20);
    const inOnset = sinceS >= 0 && sinceS < 2.5;
    input.antagonistLevelUv = !inOnset ? 1 : readable(onsetBlock) ? ANTAGONIST_UV : NaN;
  });
}

describe('an antagonist unseen through the onset', () => {
  it('a soleus cramp whose tibialis lead was readable for 3 blocks of its onset is confirmed at the still hold', () => {
    const opens = soleusOpens((block) => block < 3);
    expect(opens).toHaveLength(1);
    expect(opens[0] - AT_S).toBeLessThan(2.6);
  });

  it('the tibialis read working through most of the onset still makes it a co-contraction', () => {
    const opens = soleusOpens((block) => block % 4 !== 0);
    expect(opens.filter((t) => t - AT_S < 2.6)).toEqual([]);
  });
});
