import { describe, expect, it } from 'vitest';
import { ADVICE_FOR_CAUSE, STRETCH_ADVICE } from '../../src/causes/advice.ts';
import { nightSummaryFields, summarizeNight } from '../../src/causes/index.ts';
import { episode, NIGHT_START_MS, ordinaryDay, stats } from './helpers.ts';

const HOUR = 3600_000;

describe('summarizeNight', () => {
  it('counts cramps, total and longest duration, worst severity, and the causes seen with counts', () => {
    const episodes = [
      episode({ start: NIGHT_START_MS + 1 * HOUR, durationS: 40, severity: 'mild', causes: [{ cause: 'sleeping_position', confidence: 0.75, evidence: ['x'] }] }),
      episode({
        start: NIGHT_START_MS + 3 * HOUR,
        durationS: 125.4,
        severity: 'severe',
        causes: [
          { cause: 'sleeping_position', confidence: 0.8, evidence: ['x'] },
          { cause: 'medication', confidence: 0.7, evidence: ['y'] },
        ],
      }),
      episode({ start: NIGHT_START_MS + 5 * HOUR, durationS: 20, severity: 'moderate', causes: [{ cause: 'medication', confidence: 0.4, evidence: ['weak'] }] }),
    ];
    const s = summarizeNight({ device: 'leg-01', wearer: 'w-1', episodes, stats: stats({ plmIndexPerHour: 6.25, periodicLimbMovements: 50 }) });
    expect(s.cramps).toBe(3);
    expect(s.totalCrampS).toBeCloseTo(185.4, 5);
    expect(s.longestCrampS).toBeCloseTo(125.4, 5);
    expect(s.worstSeverity).toBe('severe');
    expect(s.severeCramps).toBe(1);
    expect(s.plmIndexPerHour).toBe(6.3);
    expect(s.periodicLimbMovements).toBe(50);
    expect(s.postureMs.supine).toBe(5 * HOUR);
    // the weak (0.4) medication tag on the third cramp does not count
    expect(s.causesSeen).toEqual([
      { cause: 'sleeping_position', count: 2 },
      { cause: 'medication', count: 1 },
    ]);
    expect(s.advice[0]).toBe(STRETCH_ADVICE);
    expect(s.advice).toContain(ADVICE_FOR_CAUSE.sleeping_position);
    expect(s.advice).toContain(ADVICE_FOR_CAUSE.medication);
    expect(s.advice).not.toContain(ADVICE_FOR_CAUSE.dehydration_electrolytes);
    expect(s.advice.join(' ')).toMatch(/pillow under your knees/);
    expect(s.advice.join(' ')).toMatch(/review your medicines/);
    expect(s.advice.join(' ')).toMatch(/keep taking them as prescribed/);
    expect(s.advice.join(' ')).not.toMatch(/stop taking/i);
  });

  it('counts a cramp once when its open and update events are passed too, and uses end − start without duration_s', () => {
    const start = NIGHT_START_MS + HOUR;
    const open = { ...episode({ start, durationS: 5 }), event: 'open' as const, end: undefined, duration_s: undefined };
    const close = { ...episode({ start, durationS: 90 }), duration_s: undefined };
    const s = summarizeNight({ device: 'leg-01', episodes: [open, close], stats: stats() });
    expect(s.cramps).toBe(1);
    expect(s.longestCrampS).toBe(90);
  });

  it('a night without cramps has no worst severity, no causes and no advice', () => {
    const s = summarizeNight({ device: 'leg-01', episodes: [], stats: stats() });
    expect(s.cramps).toBe(0);
    expect(s.worstSeverity).toBeUndefined();
    expect(s.causesSeen).toEqual([]);
    expect(s.advice).toEqual([]);
  });

  it('advises hydration, and magnesium only with medical advice, when dehydration was seen', () => {
    const e = episode({ causes: [{ cause: 'dehydration_electrolytes', confidence: 0.8, evidence: ['x'] }] });
    const s = summarizeNight({ device: 'leg-01', episodes: [e], stats: stats() });
    expect(s.advice.join(' ')).toMatch(/Drink water steadily through the day/);
    expect(s.advice.join(' ')).toMatch(/magnesium .* only if a doctor advises it/);
  });

  it('keeps the day from the context and the wearer from the profile, and survives a JSON round trip', () => {
    const s = summarizeNight({
      device: 'leg-01',
      episodes: [episode()],
      stats: stats(),
      profile: { v: 1, wearer: 'w-017' },
      context: ordinaryDay({ water_l: 1.1, supplements: ['Magnesium citrate'], stretched_before_bed: true }),
    });
    expect(s.wearer).toBe('w-017');
    expect(s.day?.waterL).toBe(1.1);
    expect(s.day?.tookMagnesium).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('nightSummaryFields', () => {
  it('is flat: only numbers, strings and booleans, one count per cause, minutes per posture', () => {
    const e = episode({ severity: 'severe', causes: [{ cause: 'medication', confidence: 0.7, evidence: ['y'] }] });
    const s = summarizeNight({ device: 'leg-01', episodes: [e], stats: stats(), context: ordinaryDay() });
    const f = nightSummaryFields(s);
    for (const [k, v] of Object.entries(f)) expect(['number', 'string', 'boolean'], k).toContain(typeof v);
    expect(f.cramps).toBe(1);
    expect(f.worst_severity).toBe('severe');
    expect(f.cause_medication).toBe(1);
    expect(f.cause_sleeping_position).toBe(0);
    expect(f.posture_supine_min).toBe(300);
    expect(f.recorded_min).toBe(480);
    expect(f.water_l).toBe(2.4);
    expect(JSON.parse(f.causes_seen as string)).toEqual([{ cause: 'medication', count: 1 }]);
  });
});
