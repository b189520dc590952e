import { describe, expect, it } from 'vitest';
import { kneeFlexionDeg } from '../../src/dsp/knee.ts';
import { thighFromShank } from '../../firmware-sim/src/thigh.ts';

describe('kneeFlexionDeg (PROTOCOL §10.1)', () => {
  it('inverts the protocol\'s thigh formula wherever gravity has a sagittal share', () => {
    const thigh = new Float32Array(3);
    for (const shank of [[0, 0, -1000], [0, 0, 1000], [1000, 0, 0], [500, 300, -800], [-200, 700, 600]]) {
      for (const knee of [0, 15, 47, 90, 120]) {
        thighFromShank(shank[0], shank[1], shank[2], knee, thigh, 0);
        expect(kneeFlexionDeg(shank[0], shank[2], thigh[0], thigh[2])).toBeCloseTo(knee, 3);
      }
    }
  });

  it('lying squarely on a side the knee bends about gravity: not measurable (NaN)', () => {
    const thigh = new Float32Array(3);
    thighFromShank(50, -990, 100, 100, thigh, 0);
    expect(kneeFlexionDeg(50, 100, thigh[0], thigh[2])).toBeNaN();
  });

  it('a straight knee reads as the shank does', () => {
    expect(kneeFlexionDeg(0, -1000, 0, -1000)).toBeCloseTo(0, 6);
  });
});
