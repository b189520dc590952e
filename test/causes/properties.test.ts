// Rules that hold for any nights: the summary adds up, the flag's reasons are consistent and readable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doctorFlag, summarizeNight } from '../../src/causes/index.ts';
import { CAUSES, SEVERITIES, type ContextLog } from '../../src/core/types.ts';
import { DAY_MS, episode, NIGHT_START_MS, ordinaryDay, stats } from './helpers.ts';

const crampArb = fc.record({
  offsetMin: fc.integer({ min: 0, max: 470 }),
  durationS: fc.double({ min: 1, max: 1200, noNaN: true }),
  severity: fc.constantFrom(...SEVERITIES),
  causes: fc.array(fc.record({ cause: fc.constantFrom(...CAUSES), confidence: fc.double({ min: 0, max: 1, noNaN: true }), evidence: fc.constant(['e']).map((e) => [...e]) }), { maxLength: 3 }),
});
const nightArb = fc.record({
  cramps: fc.array(crampArb, { maxLength: 6 }),
  context: fc.option(fc.record({ stretched: fc.boolean(), waterL: fc.double({ min: 0, max: 4, noNaN: true }), magnesium: fc.boolean() }), { nil: undefined }),
  device: fc.constantFrom('leg-01', 'leg-02'),
});

type NightDraw = typeof nightArb extends fc.Arbitrary<infer T> ? T : never;

function build(i: number, n: NightDraw) {
  const fromMs = NIGHT_START_MS + i * DAY_MS;
  const episodes = n.cramps.map((c, k) =>
    episode({ id: `${n.device}-${i}-${k}`, device: n.device, start: fromMs + c.offsetMin * 60_000, durationS: c.durationS, severity: c.severity, causes: c.causes }),
  );
  const context: ContextLog | undefined = n.context
    ? ordinaryDay({ t: fromMs - 3_600_000, stretched_before_bed: n.context.stretched, water_l: n.context.waterL, supplements: n.context.magnesium ? ['magnesium'] : [] })
    : undefined;
  return summarizeNight({ device: n.device, episodes, stats: stats({ fromMs, device: n.device }), context });
}

describe('summaries and the doctor flag, for any nights', () => {
  it('a summary adds up: longest ≤ total, counts per cause ≤ cramps, advice only with cramps', () => {
    fc.assert(
      fc.property(nightArb, (n) => {
        const s = build(0, n);
        expect(s.cramps).toBe(n.cramps.length);
        expect(s.longestCrampS).toBeLessThanOrEqual(s.totalCrampS + 1e-9);
        for (const c of s.causesSeen) {
          expect(c.count).toBeGreaterThan(0);
          expect(c.count).toBeLessThanOrEqual(s.cramps);
        }
        expect(s.advice.length > 0).toBe(s.cramps > 0);
        expect(s.worstSeverity === undefined).toBe(s.cramps === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('the flag is raised exactly when there is a reason, each reason has a code and reads cleanly', () => {
    fc.assert(
      fc.property(fc.array(nightArb, { maxLength: 16 }), (list) => {
        const d = doctorFlag(list.map((n, i) => build(i, n)));
        expect(d.flag).toBe(d.reasons.length > 0);
        expect(d.codes.length).toBe(d.reasons.length);
        expect(new Set(d.codes).size).toBe(d.codes.length);
        for (const r of d.reasons) expect(r).not.toMatch(/NaN|undefined|Infinity|null/);
        expect(d.nightsConsidered).toBeLessThanOrEqual(list.length);
      }),
      { numRuns: 200 },
    );
  });

  it('more cramps on the last night never clears a frequent, many-in-a-night, severe or long reason', () => {
    fc.assert(
      fc.property(fc.array(nightArb, { minLength: 1, maxLength: 10 }), crampArb, (list, extra) => {
        const before = doctorFlag(list.map((n, i) => build(i, n)));
        const more = list.map((n, i) => (i === list.length - 1 ? { ...n, cramps: [...n.cramps, extra] } : n));
        const after = doctorFlag(more.map((n, i) => build(i, n)));
        for (const code of ['frequent', 'many_in_a_night', 'severe', 'long'] as const) {
          if (before.codes.includes(code)) expect(after.codes).toContain(code);
        }
      }),
      { numRuns: 150 },
    );
  });
});
