// The "legs tightly curled" sleeping-position sign (thigh sensor, PROTOCOL §10.1).
import { describe, expect, it } from 'vitest';
import { inferCauses } from '../../src/causes/index.ts';
import { healthyProfile, onBack, ordinaryDay } from './helpers.ts';

const sleepingPosition = (kneeCurledHeldMin: number | undefined, kneeFlexionDeg?: number) =>
  inferCauses({ circumstances: onBack({ postureBefore: 'left_side', postureHeldMin: 60, kneeFlexionDeg, kneeCurledHeldMin }), profile: healthyProfile(), context: ordinaryDay() }).find((t) => t.cause === 'sleeping_position');

describe('knees curled before a cramp', () => {
  it('held 47 minutes: sleeping position is a possible cause, saying so in words', () => {
    const tag = sleepingPosition(47, 104)!;
    expect(tag.confidence).toBeGreaterThanOrEqual(0.5);
    expect(tag.evidence.join(' ')).toMatch(/your knees were bent \(at 104°\) for 47 minutes before it began/);
  });

  it('held 10–20 minutes: a weak sign that stays below 0.5 alone', () => {
    const tag = sleepingPosition(15, 95);
    expect(tag?.confidence ?? 0).toBeLessThan(0.5);
  });

  it('not curled, or no thigh sensor: no sign', () => {
    expect(sleepingPosition(0, 30)).toBeUndefined();
    expect(sleepingPosition(undefined)).toBeUndefined();
  });
});
