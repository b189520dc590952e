// PROTOCOL §10.2/§10.3: a night is named by the calendar date, in the wearer's zone, of the
// evening it began on — across zones far from UTC, nights that begin after midnight, and DST.
import { describe, expect, it } from 'vitest';
import { nightDateOf } from '../../src/app/night-date.ts';
import { formatNight } from '../../src/app/night-text.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import { zonedTimeMs } from '../../firmware-sim/src/zoned-time.ts';
import type { NightSummary } from '../../src/causes/index.ts';

const iso = (s: string) => Date.parse(s);

describe('the night date in the wearer’s zone', () => {
  it.each([
    // [zone, night start (UTC), the evening's date there]
    ['UTC', '2026-11-26T22:40:00Z', '2026-11-26'],
    ['UTC', '2026-11-27T00:30:00Z', '2026-11-26'], // after midnight: still the evening before
    ['America/Los_Angeles', '2026-11-27T06:40:00Z', '2026-11-26'], // 22:40 PST, already the 27th in UTC
    ['America/Los_Angeles', '2026-11-27T08:30:00Z', '2026-11-26'], // 00:30 PST
    ['Europe/Berlin', '2026-11-26T21:40:00Z', '2026-11-26'], // 22:40 CET
    ['Europe/Berlin', '2026-11-26T23:10:00Z', '2026-11-26'], // 00:10 CET on the 27th
    ['Asia/Tokyo', '2026-11-26T13:40:00Z', '2026-11-26'], // 22:40 JST, the UTC date agrees by chance
    ['Asia/Tokyo', '2026-11-26T15:30:00Z', '2026-11-26'], // 00:30 JST on the 27th
    ['Pacific/Kiritimati', '2026-11-26T08:40:00Z', '2026-11-26'], // UTC+14: 22:40 on the 26th
    ['Pacific/Pago_Pago', '2026-11-27T09:40:00Z', '2026-11-26'], // UTC−11: 22:40 on the 26th
    ['Asia/Kathmandu', '2026-11-26T16:55:00Z', '2026-11-26'], // UTC+5:45: 22:40
  ])('%s, night from %s → %s', (zone, start, night) => {
    expect(nightDateOf(iso(start), zone)).toBe(night);
  });

  it('a night going across a DST change keeps its evening’s date (Los Angeles, Berlin, Sydney)', () => {
    // US clocks spring forward at 02:00 on 8 March 2026, Europe's fall back at 03:00 on 25 October,
    // Sydney's spring forward at 02:00 on 4 October
    for (const [zone, evening] of [
      ['America/Los_Angeles', '2026-03-07'],
      ['America/Los_Angeles', '2026-10-31'],
      ['Europe/Berlin', '2026-10-24'],
      ['Europe/Berlin', '2026-03-28'],
      ['Australia/Sydney', '2026-10-03'],
    ]) {
      for (const hour of [21.5, 23.9, 24.25, 24.75]) {
        const startMs = zonedTimeMs(evening, hour, zone);
        expect(nightDateOf(startMs, zone), `${zone} ${evening} ${hour} h`).toBe(evening);
      }
    }
  });

  it('the simulator’s local bedtime is the local time Intl reads back, also on DST days', () => {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(local.format(zonedTimeMs('2026-03-08', 22.5, 'America/Los_Angeles'))).toBe('22:30'); // PDT, the day it began
    expect(local.format(zonedTimeMs('2026-03-07', 22.5, 'America/Los_Angeles'))).toBe('22:30'); // PST
    expect(zonedTimeMs('2026-03-08', 22.5, 'America/Los_Angeles') - zonedTimeMs('2026-03-07', 22.5, 'America/Los_Angeles')).toBe(23 * 3_600_000);
  });

  it('the morning text dates the night and shows times in the wearer’s zone', () => {
    const startMs = iso('2026-11-26T08:40:00Z'); // 22:40 on the 26th at UTC+14, a morning in UTC
    const summary = { v: 1, device: 'leg-01', fromMs: startMs, toMs: startMs + 3_600_000, recordedMs: 3_600_000, cramps: 0, totalCrampS: 0, longestCrampS: 0, severeCramps: 0, limbMovements: 0, periodicLimbMovements: 0, plmIndexPerHour: 0, postureMs: { supine: 0, prone: 0, left_side: 0, right_side: 0, upright: 0, unknown: 0 }, causesSeen: [], advice: [] } satisfies NightSummary;
    expect(formatNight(summary, [], undefined, 'Pacific/Kiritimati')).toMatch(/^Night of 2026-11-26 /);
    expect(formatNight(summary, [], undefined, 'UTC')).toMatch(/^Night of 2026-11-25 /);
  });
});

describe('the profile’s tz (PROTOCOL §10.3)', () => {
  const profile = (tz: unknown) => decodeMessage('crampwatch/v1/leg-01/profile', { bytes: new TextEncoder().encode(JSON.stringify({ v: 1, wearer: 'w-017', tz })) });

  it('is kept when Intl knows the zone', () => {
    const m = profile('America/Los_Angeles');
    expect(m.ok && m.kind === 'profile' && m.profile.tz).toBe('America/Los_Angeles');
  });

  it('an unknown zone turns the profile away as bad_schema, saying what to send', () => {
    const m = profile('Europe/Berln');
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.code).toBe('bad_schema');
      expect(m.reason).toMatch(/tz.*IANA name/);
    }
    expect(profile(42).ok).toBe(false);
    expect(profile('x'.repeat(100)).ok).toBe(false);
  });
});
