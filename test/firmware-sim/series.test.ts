// firmware-sim's series of nights (scenario/series.ts): what each series is built of, night by
// night, and that its nights begin on the wearer's evenings. Rendering and replay are in
// test/nights/doctor-series.test.ts.
import { describe, expect, it } from 'vitest';
import { buildSeries, MIN_NIGHTS, SERIES_REASONS, seriesPlan } from '../../firmware-sim/src/scenario/series.ts';
import { main } from '../../firmware-sim/src/cli.ts';
import { randomNightSpec } from '../../firmware-sim/src/night.ts';

const counts = (reason: (typeof SERIES_REASONS)[number], control: boolean, nights: number) => seriesPlan(reason, control, nights).map((p) => p.cramps.length);

describe('series of nights for the doctor reasons', () => {
  it('frequent: a cramp every night; worsening: quiet, then more; severe and long: on the last night', () => {
    expect(counts('frequent', false, 4)).toEqual([1, 1, 1, 1]);
    expect(counts('worsening', false, 6)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(counts('worsening', false, 9)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2]);
    expect(seriesPlan('severe', false, 2).map((p) => p.cramps)).toEqual([[], ['severe']]);
    expect(seriesPlan('long', false, 3).map((p) => p.cramps)).toEqual([[], [], ['long']]);
    expect(seriesPlan('worsening', false, 6, true).map((p) => p.cramps.join())).toEqual(['ordinary', 'ordinary', 'ordinary', 'longish', 'longish', 'longish']);
  });

  it('not improving: a cramp every night although the day’s log shows the advice followed', () => {
    expect(seriesPlan('not_improving', false, 3)).toEqual([1, 2, 3].map(() => ({ cramps: ['ordinary'], adviceFollowed: true })));
  });

  it('controls: a cramp every third night at most — never 4 of 7, never rising — and nothing severe or long', () => {
    for (const reason of SERIES_REASONS) {
      for (const nights of [MIN_NIGHTS[reason], 7, 14]) {
        const plan = seriesPlan(reason, true, nights);
        for (let k = 0; k < nights; k++) expect(plan.slice(Math.max(0, k - 6), k + 1).filter((p) => p.cramps.length > 0).length).toBeLessThanOrEqual(3);
        expect(plan.flatMap((p) => p.cramps).every((c) => c === 'ordinary' || c === 'longish')).toBe(true);
      }
    }
  });

  it('refuses fewer nights than the reason needs', () => {
    expect(() => buildSeries({ reason: 'worsening', nights: 5 })).toThrow(/at least 6 nights/);
  });

  it('one wearer and device throughout, the tz in the profile, each night beginning on its evening there', () => {
    const series = buildSeries({ reason: 'frequent', tz: 'America/Los_Angeles', firstEvening: '2026-03-06', hours: 0.25, seed: 3 });
    expect(series.nights.map((n) => n.night)).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', hourCycle: 'h23' });
    for (const { spec, night } of series.nights) {
      expect(spec.profile.tz).toBe('America/Los_Angeles');
      expect(spec.profile.wearer).toBe(series.wearer);
      expect(spec.devices.map((d) => d.id)).toEqual([series.device]);
      const parts = Object.fromEntries(local.formatToParts(spec.startMs).map((p) => [p.type, p.value]));
      const date = `${parts.year}-${parts.month}-${parts.day}`;
      const hour = Number(parts.hour);
      // 21:30–24:45 local: that evening, or just after midnight the day after
      expect(hour >= 21 ? date === night : hour === 0 && date > night, `${night}: starts ${date} ${hour} h`).toBe(true);
      expect(spec.context.t).toBeLessThan(spec.startMs);
    }
  });

  it('the command says what is wrong with its options', async () => {
    const errors: string[] = [];
    const error = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      expect(await main(['series', '--reason', 'often', '--out', '/tmp/x'])).toBe(2);
      expect(await main(['series', '--reason', 'long', '--out', '/tmp/x', '--tz', 'Mars/Olympus'])).toBe(2);
      expect(await main(['series', '--reason', 'long'])).toBe(2);
    } finally {
      console.error = error;
    }
    expect(errors.join('\n')).toMatch(/--reason frequent\|severe/);
    expect(errors.join('\n')).toMatch(/unknown time zone "Mars\/Olympus"/);
    expect(errors.join('\n')).toMatch(/--out DIR/);
  });

  it('a random night with a wearer’s zone: the tz in the profile, the same bedtime on the local clock', () => {
    const utc = randomNightSpec(3, { hours: 0.2 });
    const la = randomNightSpec(3, { hours: 0.2, tz: 'America/Los_Angeles' });
    expect(la.profile.tz).toBe('America/Los_Angeles');
    expect(utc.profile.tz).toBeUndefined();
    const clock = (tMs: number, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(tMs);
    expect(clock(la.startMs, 'America/Los_Angeles')).toBe(clock(utc.startMs, 'UTC'));
    expect(la.startMs - utc.startMs).toBeGreaterThanOrEqual(7 * 3_600_000); // UTC−7 or −8
  });
});
