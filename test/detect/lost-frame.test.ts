// A lost transport frame inside a cramp on a suspect lead: the envelope refills for a few blocks
// after the gap (EmgChannel.restart), unreadable, but that says nothing about the contact. Only a
// lead unreadable for its contact (loose signs, clipping, hum) withholds the suspect lead's proof.
import { describe, expect, it } from 'vitest';
import { BLOCK_MS, CrampDetector, CrampInput } from '../../src/detect/cramp-detector.ts';
import { CALF } from '../../src/detect/muscle-groups/calf.ts';

const REST_UV = 5;
/** a strong contraction on the soleus, over a suspect lead's proof (≥ 50 µV) */
const CRAMP_UV = 150;
const CRAMP_FROM_S = 30;
/** ended before a fresh look (three holds) would judge it again without the gap */
const CRAMP_TO_S = 36;
/** the lost frame: 200 ms missing, then the envelope's five blocks refill */
const GAP_AT_S = 31;
const GAP_MS = 200;
const REFILL_BLOCKS = 5;

/** opens over 60 s; the soleus suspect all along; after the gap it is unreadable for REFILL_BLOCKS, `refilling` saying why */
function opens(refilling: boolean): number[] {
  const detector = new CrampDetector(CALF, ['gastrocnemius', 'soleus']);
  const input = new CrampInput(2);
  const opened: number[] = [];
  let unreadable = 0;
  for (let tMs = 0; tMs < 60_000; tMs += BLOCK_MS) {
    if (tMs === GAP_AT_S * 1000) {
      detector.gap(tMs, tMs + GAP_MS);
      tMs += GAP_MS;
      unreadable = REFILL_BLOCKS;
    }
    input.tMs = tMs;
    for (let c = 0; c < 2; c++) {
      input.levelUv[c] = c === 1 && tMs >= CRAMP_FROM_S * 1000 && tMs < CRAMP_TO_S * 1000 ? CRAMP_UV : REST_UV;
      input.envelopeUv[c] = input.levelUv[c];
      input.restUv[c] = REST_UV;
      input.floorUv[c] = 0;
      input.addedDiffRatio[c] = NaN;
      input.suspect[c] = c === 1 ? 1 : 0;
      input.ok[c] = c === 1 && unreadable > 0 ? 0 : 1;
      input.refilling[c] = c === 1 && unreadable > 0 && refilling ? 1 : 0;
    }
    if (unreadable > 0) unreadable--;
    if (detector.step(input) === 'open') opened.push(tMs / 1000);
  }
  return opened;
}

describe('a lost frame inside a cramp on a suspect lead', () => {
  it('does not withhold the strong contraction its proof', () => {
    expect(opens(true)).toHaveLength(1);
  });

  it('a lead unreadable for its contact still does', () => {
    expect(opens(false)).toEqual([]);
  });
});
