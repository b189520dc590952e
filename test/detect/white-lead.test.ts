// A channel found adding white power (white-rise.ts) is a lead coming loose: for 5 minutes a cramp
// on it needs a witness, unless its own rise was tested and is not white, and strong: a
// two-lead node (gastrocnemius, tibialis) has no neighbour to witness a cramp on its calf lead.
import { describe, expect, it } from 'vitest';
import { openTimes } from './calf-blocks.ts';

const REST_UV = 5;

interface Rise {
  fromS: number;
  toS: number;
  /** the soleus's envelope, µV */
  levelUv: number;
  /** the blocks' first-difference added power over their added power (EmgChannel.addedDiffRatio) */
  diffRatio: number;
  /** the gastrocnemius contracts along (a neighbour's witness) */
  neighbour?: boolean;
}

/** opens over `seconds`: the soleus rising as the rises say, the gastrocnemius at rest unless a witness */
function opens(seconds: number, rises: Rise[]): number[] {
  return openTimes(seconds, (input, tS) => {
    const rise = rises.find((r) => tS >= r.fromS && tS < r.toS);
    input.levelUv[0] = rise?.neighbour ? 40 : REST_UV;
    input.levelUv[1] = rise ? rise.levelUv : REST_UV;
    input.addedDiffRatio[0] = NaN;
    input.addedDiffRatio[1] = rise ? rise.diffRatio : NaN;
    for (let c = 0; c < 2; c++) {
      input.restUv[c] = REST_UV;
      input.floorUv[c] = 0;
    }
  });
}

/** the lead hisses: 40 µV of white noise over rest */
const WHITE_RISE: Rise = { fromS: 60, toS: 80, levelUv: 40, diffRatio: 2.2 };
/** a large rise whose added power is not white (the muscle's shape), 2 minutes later */
const LATER = { fromS: 200, toS: 220, levelUv: 80, diffRatio: 0.2 };
/** ... whose blocks never voted (pops the spike-free envelope set aside, or too little over the rest) */
const LATER_UNTESTED = { ...LATER, diffRatio: NaN };

describe('a lead found adding white power', () => {
  it('confirms no cramp for its white rise', () => {
    expect(opens(120, [WHITE_RISE])).toEqual([]);
  });

  it('confirms no unwitnessed cramp for 5 minutes after whose own rise was never tested, however large', () => {
    expect(opens(300, [WHITE_RISE, LATER_UNTESTED])).toEqual([]);
  });

  it('confirms a strong unwitnessed one whose own added power was tested and is not white', () => {
    expect(opens(300, [WHITE_RISE, LATER])).toHaveLength(1);
  });

  it('confirms no weak unwitnessed one, white or not', () => {
    expect(opens(300, [WHITE_RISE, { ...LATER, levelUv: 40 }])).toEqual([]);
  });

  it('confirms one with a co-contracting neighbour, or once 5 minutes have passed', () => {
    expect(opens(300, [WHITE_RISE, { ...LATER_UNTESTED, neighbour: true }])).toHaveLength(1);
    expect(opens(500, [WHITE_RISE, { ...LATER_UNTESTED, fromS: 400, toS: 420 }])).toHaveLength(1);
  });

  it('the same later rise on a lead never found white is a cramp', () => {
    expect(opens(300, [LATER])).toHaveLength(1);
  });
});
