import { describe, expect, it } from 'vitest';
import { KNOWN_CONDITIONS } from '../../src/causes/conditions.ts';
import { gatherFacts } from '../../src/causes/facts.ts';
import { CAUSE_RULES } from '../../src/causes/rules.ts';
import { CAUSES } from '../../src/core/types.ts';
import { healthyProfile, onBack, ordinaryDay } from './helpers.ts';

describe('the cause rule table', () => {
  it('has unique ids, a source for every rule and confidences within (0, 1)', () => {
    expect(new Set(CAUSE_RULES.map((r) => r.id)).size).toBe(CAUSE_RULES.length);
    for (const rule of CAUSE_RULES) {
      expect(rule.source.length, rule.id).toBeGreaterThan(3);
      expect(rule.confidence, rule.id).toBeGreaterThan(0);
      expect(rule.confidence, rule.id).toBeLessThan(1);
    }
  });
  it('has at least one rule strong enough to tag each of the seven causes on its own', () => {
    for (const cause of CAUSES) {
      expect(CAUSE_RULES.some((r) => r.cause === cause && r.effect === 'for' && r.confidence >= 0.5), cause).toBe(true);
    }
  });
  it('words evidence as possible causes, never as a diagnosis or an order', () => {
    const facts = gatherFacts({
      circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 50, ankleFlexionDeg: 40, ankleFlexedHeldMin: 40, stillMin: 150 }),
      profile: healthyProfile({
        age: 70,
        pregnant: true,
        medications: ['furosemide', 'atorvastatin', 'nifedipine', 'lisinopril', 'losartan', 'salbutamol', 'raloxifene', 'blood pressure pills'],
        conditions: [...KNOWN_CONDITIONS],
      }),
      context: ordinaryDay({ water_l: 0.8, caffeine_mg: 500, alcohol_units: 6, exercise_min: 130, exercise_intensity: 'vigorous', standing_h: 10, sitting_h: 9, sweating: 'heavy' }),
    });
    let fired = 0;
    for (const rule of CAUSE_RULES) {
      const text = rule.when(facts);
      if (text === undefined) continue;
      fired++;
      expect(text, rule.id).not.toMatch(/diagnos|definitely|certainly|stop taking|caused by/i);
      expect(text, rule.id).not.toMatch(/undefined|NaN/);
    }
    expect(fired).toBeGreaterThan(25);
  });
});
