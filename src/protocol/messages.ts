// Schemas of the small retained/occasional messages: status, profile (§4), context log (§5).
import { z } from 'zod';
import { MUSCLES } from '../core/types.ts';
import { isValidTimeZone } from '../report/time-zone.ts';

const shortText = z.string().max(200);

export const statusSchema = z.object({
  v: z.literal(1),
  state: z.enum(['online', 'offline']),
  fw: shortText.optional(),
  t: z.number().finite().optional(),
});
export type Status = z.infer<typeof statusSchema>;

export const profileSchema = z.object({
  v: z.literal(1),
  wearer: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'wearer must be 1–64 letters, digits, _ . -').optional(),
  leg: z.enum(['left', 'right']).optional(),
  age: z.number().finite().min(0).max(130).optional(),
  pregnant: z.boolean().optional(),
  medications: z.array(shortText).max(50).optional(),
  conditions: z.array(shortText).max(50).optional(),
  mvc_uv: z.partialRecord(z.enum(MUSCLES), z.number().finite().positive()).optional(),
  // PROTOCOL §10.3. An unknown zone is turned away with the whole profile (bad_schema, kept in the
  // dead letters), not read as UTC: a wrong zone would date every night wrongly without a word.
  tz: z
    .string()
    .max(64)
    .refine(isValidTimeZone, { message: 'tz: not a time zone Intl knows; give an IANA name such as "Europe/Berlin" or "America/Los_Angeles"' })
    .optional(),
});

export const contextSchema = z.object({
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
  supplements: z.array(shortText).max(50).optional(),
  stretched_before_bed: z.boolean().optional(),
});
