// A weak cramp that pulses over a dry contact's floor (src/detect/pulse-power.ts): its drive swells
// and fades every 1–2 s, its troughs fall back to quiet for up to a second or more, yet averaged
// over a pulse it stays what an active muscle is. It is one held contraction and is found; bursts
// with seconds of rest between them (periodic limb movements), a loosening contact's brief pops, a
// floor that only steps up, and the same pulses rising with the leg moving (a turn that may shift
// the contact) are not.
import { describe, expect, it } from 'vitest';
import { isQuiet } from '../../src/detect/activity.ts';
import { PulsePower } from '../../src/detect/pulse-power.ts';
import { openTimes } from './calf-blocks.ts';

const FLOOR_UV = 15;

/** the floor with its block-to-block spread (a median of five 50-ms RMS values varies by ~10 %) */
const floor = (tS: number) => FLOOR_UV * (1 + 0.08 * Math.sin(37 * tS));
/** the envelope holding `emgUv` of the muscle's own EMG over the floor */
const withEmg = (emgUv: number, tS: number) => Math.sqrt(emgUv * emgUv + floor(tS) ** 2);

/**
 * Pulses from `fromS` for `lengthS`, every `periodS`: `crestS` of 45 µV of the muscle's own EMG
 * (active over the 15 µV floor: 28.3 µV), then back at the floor, quiet (under 20.25 µV), for the
 * rest of the period.
 */
function pulses(fromS: number, lengthS: number, periodS: number, crestS: number) {
  return (tS: number) => (tS >= fromS && tS < fromS + lengthS && (tS - fromS) % periodS < crestS ? withEmg(45, tS) : floor(tS));
}

/**
 * A clonic weak cramp from `fromS` for `lengthS`: 45 µV of own EMG, waxing 80 % deep every 1.6 s,
 * quiet 23 % of the time (never for a second), active 45 % of it
 */
function clonicCramp(fromS: number, lengthS: number) {
  return (tS: number) => (tS >= fromS && tS < fromS + lengthS ? withEmg(45 * (1 - 0.4 * (1 + Math.sin((2 * Math.PI * (tS - fromS)) / 1.6 - Math.PI / 2))), tS) : floor(tS));
}

/** Opens over `seconds`: the gastrocnemius's envelope from `levelUv(tS)`, the soleus at the floor, both with a vouched 15 µV floor. */
function opens(seconds: number, levelUv: (tS: number) => number, moving = (_tS: number) => false): number[] {
  return openTimes(seconds, (input, tS) => {
    input.levelUv[0] = levelUv(tS);
    input.levelUv[1] = floor(tS + 1);
    for (let c = 0; c < 2; c++) input.restUv[c] = input.floorUv[c] = FLOOR_UV;
    input.moving = moving(tS);
  });
}

describe('PulsePower', () => {
  const window = (levelUv: (k: number) => number, blocks = 40): PulsePower => {
    const pulse = new PulsePower(1);
    for (let k = 0; k < blocks; k++) {
      pulse.add(0, levelUv(k), !isQuiet(levelUv(k), FLOOR_UV, FLOOR_UV));
      pulse.endBlock();
    }
    return pulse;
  };

  it('holds a muscle whose power over the window is that of "active" over the floor, though half of it is quiet', () => {
    // 45 µV of EMG half the time: 33.5 µV over 2 s, 1.6× and more the 15 µV floor
    expect(window((k) => (k % 30 < 15 ? withEmg(45, 0) : FLOOR_UV)).heldOverFloor(0, FLOOR_UV)).toBe(true);
  });

  it('does not hold a floor stepped up by half (no more EMG than the floor), nor any channel without a vouched floor, nor a window not yet full', () => {
    expect(window(() => 1.5 * FLOOR_UV).heldOverFloor(0, FLOOR_UV)).toBe(false);
    expect(window(() => withEmg(45, 0)).heldOverFloor(0, 0)).toBe(false);
    expect(window(() => withEmg(45, 0), 39).heldOverFloor(0, FLOOR_UV)).toBe(false);
  });

  it('starts afresh after an unreadable block', () => {
    const pulse = window(() => withEmg(45, 0));
    pulse.add(0, NaN, false);
    pulse.endBlock();
    expect(pulse.heldOverFloor(0, FLOOR_UV)).toBe(false);
  });
});

describe('a weak cramp pulsing over a dry contact floor', () => {
  it('every 1.6 s, 80 % deep, is found within the weak hold of 5 s (its quiet troughs bridged), not only after 20 s', () => {
    const found = opens(120, clonicCramp(60, 12));
    expect(found).toHaveLength(1);
    expect(found[0]).toBeLessThan(66);
  });

  it('on 0.9 s of every 2 s, quiet for 1.1 s between, stays one candidate and is found', () => {
    const found = opens(120, pulses(60, 15, 2, 0.9));
    expect(found).toHaveLength(1);
    expect(found[0]).toBeLessThan(67);
  });

  it("is not found in a loosening contact's pops: 0.3 s of 100 µV every 1.5 s, strong in power, brief in time", () => {
    const pops = (tS: number) => (tS >= 60 && tS < 90 && (tS - 60) % 1.5 < 0.3 ? withEmg(100, tS) : floor(tS));
    expect(opens(120, pops)).toHaveLength(0);
  });

  it('is not found in 1.5-s bursts 20 s apart (periodic limb movements)', () => {
    expect(opens(300, pulses(60, 180, 20, 1.5))).toHaveLength(0);
  });

  it('is not found when the pulses rose with the leg moving (a turn that may have shifted the contact)', () => {
    expect(opens(120, pulses(60, 15, 2, 0.9), (tS) => tS >= 59.5 && tS < 61)).toHaveLength(0);
  });
});
