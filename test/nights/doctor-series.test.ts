// PROTOCOL §10.2 end to end: series of consecutive simulated nights, each built for one "see a
// doctor" reason or as a control, replayed by the real multi-night `crampwatch replay` (full
// detector), whose NIGHTS.json must have the §10.2 shape, date each night in the wearer's zone,
// and raise each reason on its series — only once the nights show it — and none on the controls.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import replay from '../../src/cli/replay.ts';
import { CAUSES, SEVERITIES } from '../../src/core/types.ts';
import { writeSeries, type SeriesDescription } from '../../firmware-sim/src/series-command.ts';
import { SERIES_REASONS, type SeriesReason } from '../../firmware-sim/src/scenario/series.ts';

/** §10.2, one night summary; `strict` so that a field the protocol does not have is caught too. */
const nightSummarySchema = z
  .object({
    v: z.literal(1),
    device: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    wearer: z.string().nullable(),
    night: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    start: z.number().int(),
    end: z.number().int(),
    cramps: z.number().int().nonnegative(),
    cramp_s: z.number().nonnegative(),
    longest_s: z.number().nonnegative(),
    worst_severity: z.enum(SEVERITIES).nullable(),
    plm_index: z.number().nonnegative(),
    causes: z.array(z.enum(CAUSES)),
    doctor: z.object({ flag: z.boolean(), reasons: z.array(z.string()) }).strict(),
  })
  .strict()
  .refine((s) => s.end > s.start, 'end after start')
  .refine((s) => (s.cramps === 0) === (s.worst_severity === null), 'a worst severity exactly when there were cramps')
  .refine((s) => s.doctor.flag === s.doctor.reasons.length > 0, 'flag exactly when there is a reason');
const nightsFileSchema = z.array(nightSummarySchema);
type NightRecord = z.infer<typeof nightSummarySchema>;

interface Case {
  reason: SeriesReason;
  control?: boolean;
  longer?: boolean;
  tz: string;
  firstEvening: string;
}

// Short nights (15 min, longer when a cramp needs the room) at 500 Hz keep this under a few
// minutes; each series has the fewest nights its reason's window needs (src/causes/doctor.ts).
const HOURS = 0.25;
const CASES: Case[] = [
  { reason: 'frequent', tz: 'Europe/Berlin', firstEvening: '2026-10-23' }, // over Europe's fall-back night
  { reason: 'severe', tz: 'UTC', firstEvening: '2026-06-10' },
  { reason: 'long', tz: 'Asia/Tokyo', firstEvening: '2026-02-02' },
  { reason: 'worsening', tz: 'America/Los_Angeles', firstEvening: '2026-03-05' }, // over the US spring-forward night
  { reason: 'worsening', longer: true, tz: 'Asia/Kathmandu', firstEvening: '2026-05-20' }, // worse ones, not more
  { reason: 'not_improving', tz: 'Australia/Sydney', firstEvening: '2026-10-02' },
  // controls: the worsening one (an ordinary cramp every third night over 6 nights) is also the
  // control of frequent and severe; the long one has a cramp of 2.5–4 min
  { reason: 'worsening', control: true, tz: 'America/Los_Angeles', firstEvening: '2026-11-27' },
  { reason: 'long', control: true, tz: 'UTC', firstEvening: '2026-04-01' },
  { reason: 'not_improving', control: true, tz: 'Europe/Berlin', firstEvening: '2026-01-12' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-series-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function replaySeries(c: Case, seed: number): Promise<{ series: SeriesDescription; nights: NightRecord[] }> {
  const out = join(dir, `${c.reason}${c.control ? '-control' : ''}${c.longer ? '-longer' : ''}`);
  const { captures, description } = await writeSeries({ reason: c.reason, control: c.control, longer: c.longer, seed, tz: c.tz, firstEvening: c.firstEvening, hours: HOURS, emgFsHz: 500, out });
  const summaries = join(out, 'NIGHTS.json');
  const code = await replay([...captures, '--episodes', join(out, 'episodes.json'), '--summaries', summaries, '--quiet']);
  expect(code).toBe(0);
  const parsed = nightsFileSchema.safeParse(JSON.parse(await readFile(summaries, 'utf8')));
  if (!parsed.success) throw new Error(`NIGHTS.json is not PROTOCOL §10.2: ${parsed.error.message}`);
  return { series: description, nights: parsed.data };
}

describe('crampwatch replay N1 N2 … --summaries: the doctor flag on series of nights', () => {
  it.each(CASES.map((c, k) => [`${c.control ? 'control of ' : ''}${c.reason}${c.longer ? ' by longer cramps' : ''} (${c.tz})`, c, 7100 + k] as const))(
    '%s',
    async (_, c, seed) => {
      const { series, nights } = await replaySeries(c, seed);
      // one summary per device and night, in order, dated by the wearer's evening
      expect(nights.map((n) => n.night)).toEqual(series.nights.map((n) => n.night));
      for (const n of nights) {
        expect(n.device).toBe(series.device);
        expect(n.wearer).toBe(series.wearer);
      }
      // a wearer west of UTC goes to bed when it is already the next day in UTC
      if (c.tz === 'America/Los_Angeles') expect(nights.every((n) => new Date(n.start).toISOString().slice(0, 10) > n.night)).toBe(true);
      // the detector found the cramps each night was built with
      expect(nights.map((n) => n.cramps)).toEqual(series.nights.map((n) => n.cramps));
      const last = nights[nights.length - 1];
      const protocolReasons = (n: NightRecord) => n.doctor.reasons.filter((r) => (SERIES_REASONS as readonly string[]).includes(r));
      if (c.control) {
        for (const n of nights) expect(protocolReasons(n), `night ${n.night}`).toEqual([]);
        expect(last.doctor.flag).toBe(false);
      } else {
        expect(last.doctor.flag).toBe(true);
        for (const reason of series.reasons) expect(last.doctor.reasons).toContain(reason);
        // withheld until the nights show it
        for (const n of nights.slice(0, -1)) expect(n.doctor.reasons, `night ${n.night}`).not.toContain(c.reason);
      }
    },
    300_000,
  );
});
