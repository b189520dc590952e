import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferCauses, scoreCauses } from '../../src/causes/index.ts';
import { CAUSES, POSTURES, type ContextLog, type Profile } from '../../src/core/types.ts';
import { causesOf, healthyProfile, onBack, ordinaryDay } from './helpers.ts';

const tagged = (input: Parameters<typeof inferCauses>[0]) => causesOf(inferCauses(input));

describe('inferCauses: a healthy, well-hydrated wearer on their back', () => {
  it('gets no tags', () => {
    expect(inferCauses({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay() })).toEqual([]);
  });
  it('gets no tags without a profile or context either', () => {
    expect(inferCauses({ circumstances: onBack() })).toEqual([]);
  });
  it('gets no tags on their side for hours, or on the stomach only briefly', () => {
    expect(tagged({ circumstances: onBack({ postureBefore: 'left_side', postureHeldMin: 180 }), profile: healthyProfile() })).toEqual([]);
    expect(tagged({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 8 }), profile: healthyProfile() })).toEqual([]);
  });
});

describe('inferCauses: one scenario per cause', () => {
  it('sleeping_position: prone for 42 minutes', () => {
    const tags = inferCauses({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 42 }), profile: healthyProfile(), context: ordinaryDay() });
    expect(causesOf(tags)).toEqual(['sleeping_position']);
    expect(tags[0].evidence[0]).toContain('you slept on your stomach for 42 minutes before it started');
  });

  it('sleeping_position: toes pointed 38° for 25 minutes while on the back (foot sensor)', () => {
    const tags = inferCauses({
      circumstances: onBack({ ankleFlexionDeg: 38, ankleFlexedHeldMin: 25, postureHeldMin: 60 }),
      profile: healthyProfile(),
      context: ordinaryDay(),
    });
    expect(causesOf(tags)).toEqual(['sleeping_position']);
    expect(tags[0].evidence[0]).toMatch(/toes were pointed \(ankle at 38°\) for 25 minutes/);
  });

  it('muscle_fatigue: 95 minutes of vigorous exercise, an hour or more of moderate, or 9.5 hours standing', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ exercise_min: 60, exercise_intensity: 'moderate' }) })).toEqual(['muscle_fatigue']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ exercise_min: 95, exercise_intensity: 'vigorous' }) })).toEqual(['muscle_fatigue']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ standing_h: 9.5, sitting_h: 1 }) })).toEqual(['muscle_fatigue']);
  });

  it('muscle_fatigue: a sudden rise over the usual days', () => {
    const usual = [5, 10, 5, 0].map((m) => ({ day: { tMs: 0, exerciseMin: m, tookMagnesium: false } }));
    const context = ordinaryDay({ exercise_min: 55, exercise_intensity: 'vigorous' });
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context })).toEqual([]);
    const tags = inferCauses({ circumstances: onBack(), profile: healthyProfile(), context, recentNights: usual });
    expect(causesOf(tags)).toEqual(['muscle_fatigue']);
    expect(tags[0].evidence.join(' ')).toContain('you exercised for 55 minutes the day before, much more than your usual 5 minutes');
  });

  it('dehydration_electrolytes: 320 mg caffeine with 1 L water and heavy sweat', () => {
    const tags = inferCauses({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ caffeine_mg: 320, water_l: 1.0, sweating: 'heavy' }) });
    expect(causesOf(tags)).toEqual(['dehydration_electrolytes']);
    expect(tags[0].confidence).toBeGreaterThanOrEqual(0.75);
    expect(tags[0].evidence.join(' ')).toMatch(/1 L of water/);
  });

  it('dehydration_electrolytes: under 1 L of water alone; 1–1.5 L alone is a partial sign', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ water_l: 0.9 }) })).toEqual(['dehydration_electrolytes']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ water_l: 1.2 }) })).toEqual([]);
  });

  it.each([
    ['heavy sweating', { sweating: 'heavy' as const }, {}, 'you sweated heavily'],
    ['400 mg of caffeine', { caffeine_mg: 400 }, {}, 'mg of caffeine'],
    ['a diuretic', {}, { medications: ['furosemide'] }, 'makes you pass more water and salts'],
  ])('dehydration_electrolytes: %s logged alone is enough, with its evidence', (_, day, profile, words) => {
    const tags = inferCauses({ circumstances: onBack(), profile: healthyProfile(profile), context: ordinaryDay({ water_l: undefined, ...day }) });
    const tag = tags.find((t) => t.cause === 'dehydration_electrolytes');
    expect(tag?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(tag?.evidence.join(' ')).toContain(words);
  });

  it('poor_circulation: peripheral artery disease, venous insufficiency, or 9 hours sitting', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ conditions: ['peripheral_artery_disease'] }), context: ordinaryDay() })).toEqual(['poor_circulation']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ conditions: ['varicose veins'] }), context: ordinaryDay() })).toEqual(['poor_circulation']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay({ sitting_h: 9, standing_h: 1 }) })).toEqual(['poor_circulation']);
  });

  it('nerve_compression: lumbar spinal stenosis or back problems', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ conditions: ['lumbar_spinal_stenosis'] }) })).toEqual(['nerve_compression']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ conditions: ['sciatica'] }) })).toEqual(['nerve_compression']);
  });

  it('medication: a diuretic by dose-tagged generic name, with words a wearer understands', () => {
    const tags = inferCauses({ circumstances: onBack(), profile: healthyProfile({ medications: ['Furosemide 40mg'] }), context: ordinaryDay() });
    expect(causesOf(tags)).toEqual(['medication']);
    expect(tags[0].evidence[0]).toBe('Furosemide is a diuretic (water pill), which can lower the salts that muscles need');
  });

  it('medication: the class logged by its own name is not named twice', () => {
    const tags = inferCauses({ circumstances: onBack(), profile: healthyProfile({ medications: ['water pill'] }), context: ordinaryDay() });
    expect(tags.find((t) => t.cause === 'medication')?.evidence[0]).toBe('you take a diuretic (water pill), which can lower the salts that muscles need');
  });

  it.each(['atorvastatin', 'Crestor', 'nifedipine', 'amlodipine 5mg', 'lisinopril', 'salbutamol', 'hydrochlorothiazide'])(
    'medication: %s',
    (name) => {
      expect(tagged({ circumstances: onBack(), profile: healthyProfile({ medications: [name] }), context: ordinaryDay() })).toEqual(['medication']);
    },
  );

  it('medication: medicines not linked to cramps tag nothing', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ medications: ['metformin', 'omeprazole', 'levothyroxine'] }), context: ordinaryDay() })).toEqual([]);
  });

  it.each([['diabetes'], ['kidney_disease'], ['thyroid_disorder'], ['peripheral_neuropathy']])('health_condition: %s', (condition) => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ conditions: [condition] }), context: ordinaryDay() })).toEqual(['health_condition']);
  });

  it('health_condition: pregnancy; but age alone is weak evidence only', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ pregnant: true, age: 31 }) })).toEqual(['health_condition']);
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ age: 88 }), context: ordinaryDay() })).toEqual([]);
  });

  it('several causes at once, most likely first, each with evidence', () => {
    const profile: Profile = { v: 1, age: 67, medications: ['furosemide', 'atorvastatin'], conditions: ['diabetes', 'lumbar_spinal_stenosis'] };
    const context: ContextLog = { v: 1, t: 0, water_l: 1.1, caffeine_mg: 320, alcohol_units: 2, exercise_min: 95, exercise_intensity: 'vigorous', standing_h: 9.5, sitting_h: 2, sweating: 'heavy' };
    const tags = inferCauses({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 42, ankleFlexionDeg: 38, ankleFlexedHeldMin: 30 }), profile, context });
    expect(causesOf(tags)).toEqual(
      ['dehydration_electrolytes', 'health_condition', 'medication', 'muscle_fatigue', 'nerve_compression', 'sleeping_position'],
    );
    for (let i = 1; i < tags.length; i++) expect(tags[i - 1].confidence).toBeGreaterThanOrEqual(tags[i].confidence);
    const medication = tags.find((t) => t.cause === 'medication');
    expect(medication?.evidence).toHaveLength(2);
  });
});

describe('inferCauses: calibration against look-alike signs', () => {
  const day = (over: Partial<ContextLog>) => tagged({ circumstances: onBack(), profile: healthyProfile(), context: ordinaryDay(over) });

  it('a single cup of coffee, or a strong coffee habit with enough water, is not dehydration', () => {
    expect(day({ caffeine_mg: 95 })).toEqual([]);
    expect(day({ caffeine_mg: 350 })).toEqual([]);
    expect(day({ caffeine_mg: 450, alcohol_units: 5, water_l: 2.5 })).toEqual([]);
  });
  it('heavy sweating, even with alcohol, is not dehydration when the wearer drank at least 1.5 L', () => {
    expect(day({ sweating: 'heavy', water_l: 2.8 })).toEqual([]);
    expect(day({ sweating: 'heavy', water_l: 1.6, alcohol_units: 5, caffeine_mg: 350 })).toEqual([]);
  });
  it('heavy sweating, water unknown, is dehydration; 1.5 L or more drunk makes up for it', () => {
    expect(day({ sweating: 'heavy', water_l: undefined, alcohol_units: 5 })).toEqual(['dehydration_electrolytes']);
    expect(day({ sweating: 'heavy', water_l: undefined })).toEqual(['dehydration_electrolytes']);
    expect(day({ sweating: 'heavy', water_l: 2 })).toEqual([]);
    expect(day({ sweating: 'heavy', water_l: 2, caffeine_mg: 450 })).toEqual([]);
  });
  it('partial signs alone stay below: 300 mg caffeine, 4 units of alcohol, 1.2 L water', () => {
    expect(day({ water_l: undefined, caffeine_mg: 350 })).toEqual([]);
    expect(day({ water_l: undefined, alcohol_units: 5 })).toEqual([]);
    expect(day({ water_l: 1.2 })).toEqual([]);
  });
  it('a diuretic points to medication, not also to dehydration, when the wearer drinks enough', () => {
    expect(tagged({ circumstances: onBack(), profile: healthyProfile({ medications: ['furosemide'] }), context: ordinaryDay() })).toEqual(['medication']);
  });
  it('ordinary activity is not fatigue: 45 min vigorous, 45 min moderate, 2 h light walking, 7 h standing', () => {
    expect(day({ exercise_min: 45, exercise_intensity: 'vigorous' })).toEqual([]);
    expect(day({ exercise_min: 45, exercise_intensity: 'moderate' })).toEqual([]);
    expect(day({ exercise_min: 120, exercise_intensity: 'light' })).toEqual([]);
    expect(day({ standing_h: 7 })).toEqual([]);
  });
  it('water just at the thresholds', () => {
    expect(day({ water_l: 1.5 })).toEqual([]);
    expect(day({ water_l: 1.49 })).toEqual([]);
    expect(day({ water_l: 1.0 })).toEqual([]);
    expect(day({ water_l: 0.99 })).toEqual(['dehydration_electrolytes']);
  });
  it('a position held just under or at 20 minutes', () => {
    expect(tagged({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 19 }) })).toEqual([]);
    expect(tagged({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 20 }) })).toEqual(['sleeping_position']);
  });
  it('the legs lying still for hours is not enough for poor circulation', () => {
    expect(tagged({ circumstances: onBack({ stillMin: 200 }), profile: healthyProfile(), context: ordinaryDay() })).toEqual([]);
  });
});

describe('inferCauses: properties', () => {
  const circumstances = fc.record({
    onsetMs: fc.integer({ min: 0, max: 2 ** 45 }),
    muscle: fc.constant('gastrocnemius' as const),
    postureBefore: fc.constantFrom(...POSTURES),
    postureHeldMin: fc.double({ min: 0, max: 600, noNaN: true }),
    ankleFlexionDeg: fc.option(fc.double({ min: -40, max: 70, noNaN: true }), { nil: undefined }),
    ankleFlexedHeldMin: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: undefined }),
    stillMin: fc.double({ min: 0, max: 600, noNaN: true }),
    crampsEarlierTonight: fc.nat(10),
  });
  const profile = fc.record({
    v: fc.constant(1 as const),
    age: fc.option(fc.integer({ min: 10, max: 100 }), { nil: undefined }),
    pregnant: fc.option(fc.boolean(), { nil: undefined }),
    medications: fc.array(fc.oneof(fc.string(), fc.constantFrom('furosemide 40mg', 'Lipitor', 'metformin', 'salbutamol')), { maxLength: 4 }),
    conditions: fc.array(fc.oneof(fc.string(), fc.constantFrom('diabetes', 'sciatica', 'PAD', 'asthma')), { maxLength: 4 }),
  });
  const context = fc.record({
    v: fc.constant(1 as const),
    t: fc.integer({ min: 0, max: 2 ** 45 }),
    water_l: fc.option(fc.double({ min: 0, max: 6, noNaN: true }), { nil: undefined }),
    caffeine_mg: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: undefined }),
    alcohol_units: fc.option(fc.double({ min: 0, max: 15, noNaN: true }), { nil: undefined }),
    exercise_min: fc.option(fc.double({ min: 0, max: 400, noNaN: true }), { nil: undefined }),
    exercise_intensity: fc.option(fc.constantFrom('none', 'light', 'moderate', 'vigorous' as const), { nil: undefined }),
    standing_h: fc.option(fc.double({ min: 0, max: 16, noNaN: true }), { nil: undefined }),
    sitting_h: fc.option(fc.double({ min: 0, max: 16, noNaN: true }), { nil: undefined }),
    sweating: fc.option(fc.constantFrom('none', 'light', 'heavy' as const), { nil: undefined }),
  });

  it('returns only tagged, distinct causes with confidence in [0.5, 1] and at least one evidence sentence', () => {
    fc.assert(
      fc.property(circumstances, fc.option(profile, { nil: undefined }), fc.option(context, { nil: undefined }), (c, p, x) => {
        const tags = inferCauses({ circumstances: c, profile: p as Profile | undefined, context: x as ContextLog | undefined });
        expect(new Set(tags.map((t) => t.cause)).size).toBe(tags.length);
        for (const t of tags) {
          expect(CAUSES).toContain(t.cause);
          expect(t.confidence).toBeGreaterThanOrEqual(0.5);
          expect(t.confidence).toBeLessThanOrEqual(1);
          expect(t.evidence.length).toBeGreaterThan(0);
          for (const e of t.evidence) expect(e).not.toMatch(/undefined|NaN/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('adding a cramp-linked medicine never lowers any cause and always tags medication', () => {
    fc.assert(
      fc.property(circumstances, profile, context, fc.constantFrom('furosemide', 'simvastatin 40mg', 'Crestor', 'salmeterol'), (c, p, x, med) => {
        const before = scoreCauses({ circumstances: c, profile: p as Profile, context: x as ContextLog });
        const after = scoreCauses({ circumstances: c, profile: { ...(p as Profile), medications: [...p.medications, med] }, context: x as ContextLog });
        for (const t of before) expect(after.find((a) => a.cause === t.cause)?.confidence ?? 0).toBeGreaterThanOrEqual(t.confidence);
        expect(after.find((a) => a.cause === 'medication')?.confidence ?? 0).toBeGreaterThanOrEqual(0.5);
      }),
      { numRuns: 200 },
    );
  });
});

describe('inferCauses: overlapping signs are not counted twice', () => {
  it('15 minutes prone with the toes pointed for the same 15 minutes is still too short', () => {
    expect(tagged({ circumstances: onBack({ postureBefore: 'prone', postureHeldMin: 15, ankleFlexionDeg: 40, ankleFlexedHeldMin: 15 }) })).toEqual([]);
  });
});
