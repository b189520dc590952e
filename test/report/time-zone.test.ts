import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZonedClock } from '../../src/report/time-zone.ts';

describe('ZonedClock in UTC', () => {
  // 'UTC' is read from Date, any other zone through Intl; 'Etc/UTC' is the same zone through Intl
  const fromDate = new ZonedClock('UTC');
  const fromIntl = new ZonedClock('Etc/UTC');

  it('gives the fields, night, times and ticks Intl gives for the same zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (tMs) => {
        expect(fromDate.partsOf(tMs)).toEqual(fromIntl.partsOf(tMs));
        expect(fromDate.nightOf(tMs)).toBe(fromIntl.nightOf(tMs));
        expect(fromDate.hhmmss(tMs)).toBe(fromIntl.hhmmss(tMs));
        expect(fromDate.offsetMs(tMs)).toBe(0);
        expect(fromDate.clockTicks(tMs, tMs + 8 * 3_600_000, 30)).toEqual(fromIntl.clockTicks(tMs, tMs + 8 * 3_600_000, 30));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an invalid time as Intl does', () => {
    expect(() => fromIntl.partsOf(NaN)).toThrow(RangeError);
    expect(() => fromDate.partsOf(NaN)).toThrow(RangeError);
  });
});
