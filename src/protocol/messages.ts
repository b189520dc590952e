// Schemas of the small retained/occasional messages: status, profile (§4), context log (§5),
// diary (§10.4). Built on first use (zod-lazy.ts): message-check.ts passes the usual valid ones
// without loading zod.
import type { z as Z } from 'zod';
import { lazySchema, zod } from './zod-lazy.ts';
import { MUSCLES } from '../core/types.ts';
import { isValidTimeZone } from '../report/time-zone.ts';
import { DIARY_MUSCLES } from '../diary/types.ts';

const shortText = () => zod().z.string().max(200);

function buildStatus() {
  const { z } = zod();
  return z.object({
    v: z.literal(1),
    state: z.enum(['online', 'offline']),
    fw: shortText().optional(),
    t: z.number().finite().optional(),
  });
}
export const statusSchema = lazySchema(buildStatus);
export type Status = Z.infer<ReturnType<typeof buildStatus>>;

function buildProfile() {
  const { z } = zod();
  return z.object({
    v: z.literal(1),
    wearer: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'wearer must be 1–64 letters, digits, _ . -').optional(),
    leg: z.enum(['left', 'right']).optional(),
    age: z.number().finite().min(0).max(130).optional(),
    pregnant: z.boolean().optional(),
    medications: z.array(shortText()).max(50).optional(),
    conditions: z.array(shortText()).max(50).optional(),
    mvc_uv: z.partialRecord(z.enum(MUSCLES), z.number().finite().positive()).optional(),
    // PROTOCOL §10.3. An unknown zone is turned away with the whole profile (bad_schema, kept in the
    // dead letters), not read as UTC: a wrong zone would date every night wrongly without a word.
    tz: z
      .string()
      .max(64)
      .refine(isValidTimeZone, { message: 'tz: not a time zone Intl knows; give an IANA name such as "Europe/Berlin" or "America/Los_Angeles"' })
      .optional(),
  });
}
export const profileSchema = lazySchema(buildProfile);

function buildContext() {
  const { z } = zod();
  return z.object({
    v: z.literal(1),
    t: z.number().finite().nonnegative(),
    water_l: z.number().finite().min(0).max(30).optional(),
    caffeine_mg: z.number().finite().min(0).max(10000).optional(),
    alcohol_units: z.number().finite().min(0).max(100).optional(),
    exercise_min: z.number().finite().min(0).max(1440).optional(),
    exercise_intensity: z.enum(['none', 'light', 'moderate', 'vigorous']).optional(),
    standing_h: z.number().finite().min(0).max(24).optional(),
    sitting_h: z.number().finite().min(0).max(24).optional(),
    sweating: z.enum(['none', 'light', 'heavy']).optional(),
    supplements: z.array(shortText()).max(50).optional(),
    stretched_before_bed: z.boolean().optional(),
  });
}
export const contextSchema = lazySchema(buildContext);

/**
 * A night named by its evening lies between that day's noon and the next day's noon in the
 * wearer's zone. Zones run from UTC−12 to UTC+14, so whatever the zone it lies between 22:00 UTC
 * the day before (noon at UTC+14) and 24:00 UTC the day after (noon at UTC−12). A cramp noted
 * outside that belongs to another night.
 */
export const NIGHT_BEFORE_MS = 2 * 3_600_000;
export const NIGHT_AFTER_MS = 48 * 3_600_000;

/** PROTOCOL §10.4: what the wearer says they felt. */
function buildDiary() {
  const { z } = zod();
  /** "2026-11-26", a real calendar date (not 2026-02-31). */
  const calendarDate = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'night must be a date, YYYY-MM-DD')
    // total, never throws: zod runs this even when the pattern above failed
    .refine((d) => {
      const ms = Date.parse(`${d}T00:00:00Z`);
      return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(d);
    }, 'night is not a calendar date');

  return z
    .object({
      v: z.literal(1),
      t: z.number().finite().nonnegative(),
      night: calendarDate,
      cramps: z
        .array(
          z.object({
            at: z.number().finite().nonnegative(),
            muscle: z.enum(DIARY_MUSCLES).optional(),
            pain: z.number().finite().min(0).max(10).optional(),
            minutes: z.number().finite().min(0).max(24 * 60).optional(),
          }),
        )
        // a night with more than 50 noted cramps is not a diary anyone keeps by hand
        .max(50),
    })
    .superRefine((diary, ctx) => {
      const nightStartMs = Date.parse(`${diary.night}T00:00:00Z`);
      if (!Number.isFinite(nightStartMs)) return;
      diary.cramps.forEach((cramp, i) => {
        if (cramp.at < nightStartMs - NIGHT_BEFORE_MS || cramp.at > nightStartMs + NIGHT_AFTER_MS) {
          ctx.addIssue({ code: 'custom', path: ['cramps', i, 'at'], message: `not within the night of ${diary.night}` });
        }
      });
    });
}
export const diarySchema = lazySchema(buildDiary);
export type Diary = Z.infer<ReturnType<typeof buildDiary>>;
