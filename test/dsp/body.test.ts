import { describe, expect, it } from 'vitest';
import { ankleFlexionDeg } from '../../src/dsp/ankle.ts';
import { postureFromGravity } from '../../src/dsp/posture.ts';

describe('posture from the shank gravity vector (PROTOCOL §1 axes)', () => {
  it('names the five postures', () => {
    expect(postureFromGravity(1000, 0, 0)).toBe('upright');
    expect(postureFromGravity(100, 50, -990)).toBe('supine');
    expect(postureFromGravity(100, 50, 990)).toBe('prone');
    expect(postureFromGravity(100, -990, 50)).toBe('left_side');
    expect(postureFromGravity(100, 990, 50)).toBe('right_side');
  });
  it('says unknown when there is no gravity to read', () => {
    expect(postureFromGravity(10, 20, 30)).toBe('unknown');
  });
});

describe('ankle angle from shank and foot gravity', () => {
  // PROTOCOL §1: foot x = −cos p·z_s − sin p·x_s, foot z = cos p·x_s − sin p·z_s
  const foot = (p: number, xs: number, zs: number) => {
    const r = (p * Math.PI) / 180;
    return [-Math.cos(r) * zs - Math.sin(r) * xs, Math.cos(r) * xs - Math.sin(r) * zs];
  };
  for (const [xs, zs] of [[0, -1000], [1000, 0], [500, 860], [300, -950]]) {
    for (const p of [-20, 0, 25, 45]) {
      it(`recovers ${p}° with shank gravity (${xs}, ${zs})`, () => {
        const [fx, fz] = foot(p, xs, zs);
        expect(ankleFlexionDeg(xs, zs, fx, fz)).toBeCloseTo(p, 6);
      });
    }
  }
  it('is NaN lying on a side (gravity along y)', () => {
    expect(ankleFlexionDeg(50, 80, 0, 0)).toBeNaN();
  });
});
