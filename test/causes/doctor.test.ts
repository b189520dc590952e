import { describe, expect, it } from 'vitest';
import { doctorFlag, doctorFlagFields, summarizeNight, type NightSummary } from '../../src/causes/index.ts';
import type { ContextLog, Severity } from '../../src/core/types.ts';
import { DAY_MS, episode, NIGHT_START_MS, ordinaryDay, stats } from './helpers.ts';

const HOUR = 3600_000;

/** Night i (0-based) of a run, with the given cramps, each `durationS` long. */
function night(i: number, cramps: number, over: { durationS?: number; severity?: Severity; device?: string; context?: ContextLog } = {}): NightSummary {
  const fromMs = NIGHT_START_MS + i * DAY_MS;
  const episodes = Array.from({ length: cramps }, (_, k) =>
    episode({ start: fromMs + (k + 1) * HOUR, durationS: over.durationS ?? 45, severity: over.severity ?? 'mild', device: over.device ?? 'leg-01' }),
  );
  return summarizeNight({ device: over.device ?? 'leg-01', wearer: 'w-1', episodes, stats: stats({ fromMs, device: over.device ?? 'leg-01' }), context: over.context });
}
const nights = (counts: number[], over: Parameters<typeof night>[2] = {}) => counts.map((c, i) => night(i, c, over));

describe('doctorFlag', () => {
  it('no flag for occasional, short, mild cramps', () => {
    const d = doctorFlag(nights([0, 1, 0, 0, 1, 0, 0]));
    expect(d).toMatchObject({ flag: false, reasons: [], codes: [] });
    expect(d.nightsConsidered).toBe(7);
  });

  it('no flag without nights', () => {
    expect(doctorFlag([])).toMatchObject({ flag: false, reasons: [] });
  });

  it('frequent: cramps on 4 of the last 7 nights, with the numbers', () => {
    const d = doctorFlag(nights([0, 0, 0, 0, 0, 1, 1, 0, 1, 1]));
    expect(d.flag).toBe(true);
    expect(d.codes).toContain('frequent');
    expect(d.reasons).toContain('you had cramps on 4 of the last 7 nights');
  });

  it('3 of the last 7 nights is not frequent', () => {
    expect(doctorFlag(nights([0, 1, 0, 1, 0, 1, 0])).codes).not.toContain('frequent');
  });

  it('many in a night: 3 or more', () => {
    const d = doctorFlag(nights([0, 0, 4, 0]));
    expect(d.codes).toEqual(['many_in_a_night']);
    expect(d.reasons[0]).toBe('you had 4 cramps in one night');
    expect(doctorFlag(nights([0, 2, 0])).flag).toBe(false);
  });

  it('severe', () => {
    const list = nights([0, 0, 0]);
    list[1] = night(1, 1, { severity: 'severe' });
    const d = doctorFlag(list);
    expect(d.codes).toEqual(['severe']);
    expect(d.reasons[0]).toBe('you had a severe cramp in the last 3 nights');
    expect(doctorFlag([night(0, 2, { severity: 'severe' })]).reasons).toEqual(['you had 2 severe cramps in the night on record']);
  });

  it('unusually long: over 10 minutes, with the length in words', () => {
    const list = nights([0, 0, 0]);
    list[2] = night(2, 1, { durationS: 725 });
    const d = doctorFlag(list);
    expect(d.codes).toEqual(['long']);
    expect(d.reasons[0]).toBe('a cramp lasted 12 min 5 s, longer than 10 minutes');
    list[2] = night(2, 1, { durationS: 600 });
    expect(doctorFlag(list).flag).toBe(false);
  });

  it('worsening: the later nights have clearly more cramps than the earlier ones', () => {
    const d = doctorFlag(nights([0, 0, 1, 0, 0, 1, 1, 2, 1, 2]));
    expect(d.codes).toContain('worsening');
    expect(d.reasons.find((r) => r.startsWith('cramps are getting more frequent'))).toBe(
      'cramps are getting more frequent: 0.2 a night over 5 nights, then 1.4 a night over the last 5',
    );
    // steady at one a night is not worsening
    expect(doctorFlag(nights([1, 1, 1, 1, 1, 1, 1, 1])).codes).not.toContain('worsening');
    // improving is not worsening
    expect(doctorFlag(nights([2, 2, 1, 1, 0, 0, 0, 0])).codes).not.toContain('worsening');
  });

  it('worsening: worse ones — the same number of cramps, lasting much longer night after night', () => {
    const lengths = [30, 40, 35, 150, 200, 240];
    const list = lengths.map((s, i) => night(i, 1, { durationS: s }));
    const d = doctorFlag(list);
    expect(d.codes).toContain('worsening');
    expect(d.reasons.find((r) => r.startsWith('cramps are getting longer'))).toBe('cramps are getting longer: 35 s of cramp a night over 3 nights, then 3 min 17 s a night over the last 3');
    // ordinary cramps of seconds to a minute, in any order, are not worse ones
    expect(doctorFlag([15, 20, 15, 60, 60, 60].map((s, i) => night(i, 1, { durationS: s }))).codes).not.toContain('worsening');
    // one long cramp among quiet nights is "long" at most, not a trend
    expect(doctorFlag([0, 0, 0, 0, 0, 1].map((c, i) => night(i, c, { durationS: 400 }))).codes).not.toContain('worsening');
  });

  it('not improving: cramps kept coming on nights after stretching, enough water or magnesium', () => {
    const tried = ordinaryDay({ stretched_before_bed: true, water_l: 2.5, supplements: ['magnesium'] });
    const list = [0, 1, 1, 0, 1].map((c, i) => night(i, c, { context: tried }));
    const d = doctorFlag(list);
    expect(d.codes).toContain('not_improving');
    expect(d.reasons.find((r) => r.startsWith('cramps kept coming'))).toBe(
      'cramps kept coming on 3 of 5 nights when you stretched before bed, drank enough water or took magnesium',
    );
  });

  it('self-care that works is not flagged', () => {
    const tried = ordinaryDay({ stretched_before_bed: true });
    expect(doctorFlag([0, 1, 0, 0, 0].map((c, i) => night(i, c, { context: tried }))).flag).toBe(false);
  });

  it('matches separately given context logs to the night that follows them', () => {
    const list = nights([1, 1, 0, 1]);
    const contexts: ContextLog[] = list.map((n) => ({ ...ordinaryDay({ stretched_before_bed: true, water_l: 1 }), t: n.fromMs - 5 * HOUR }));
    const d = doctorFlag(list, contexts);
    expect(d.codes).toEqual(['not_improving']);
    expect(d.reasons[0]).toBe('cramps kept coming on 3 of 4 nights when you stretched before bed');
    // a log written long before any night belongs to none
    expect(doctorFlag(list, [{ ...contexts[0], t: list[0].fromMs - 3 * DAY_MS }]).flag).toBe(false);
  });

  it('merges both legs of one night: cramps on two legs the same night count as one night with both cramps', () => {
    const left = [0, 1, 0].map((c, i) => night(i, c));
    const right = [0, 2, 0].map((c, i) => night(i, c, { device: 'leg-02' }));
    const d = doctorFlag([...left, ...right]);
    expect(d.nightsConsidered).toBe(3);
    expect(d.codes).toEqual(['many_in_a_night']);
    expect(d.reasons[0]).toBe('you had 3 cramps in one night');
  });

  it('flat fields for the store', () => {
    const f = doctorFlagFields(doctorFlag(nights([0, 0, 5])));
    expect(f).toMatchObject({ flag: true, reason_count: 1, many_in_a_night: true, frequent: false, nights_considered: 3 });
    for (const v of Object.values(f)) expect(['number', 'string', 'boolean']).toContain(typeof v);
  });
});
