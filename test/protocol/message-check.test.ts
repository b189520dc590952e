// The plain checks for status, profile, context and diary messages (src/protocol/message-check.ts)
// let valid messages through without loading zod. Whatever they accept, zod accepts too, and
// they give exactly what zod's parse gives, down to the order of the fields (summaries and the
// store write them out). Messages here sit near every boundary of PROTOCOL §2, §4, §5, §10.4.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MUSCLES } from '../../src/core/types.ts';
import { checkedContext, checkedDiary, checkedProfile, checkedStatus } from '../../src/protocol/message-check.ts';
import { contextSchema, diarySchema, profileSchema, statusSchema } from '../../src/protocol/messages.ts';

const odd = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, Number.NaN, Infinity, -1, 0, 1, 1.5, 24, 24.5, 30, 31, 100, 101, 130, 131, 1440, 1441, 10000, 10001, '', 'x', true, false, [], {}),
  fc.constantFrom<unknown>('online', 'offline', 'left', 'right', 'none', 'light', 'heavy', 'vigorous', 'calf', 'Europe/Berlin', 'Mars/Olympus', 'UTC'),
  fc.constantFrom<unknown>('w-1', '-w', 'w'.repeat(64), 'w'.repeat(65), 'x'.repeat(200), 'x'.repeat(201), '2026-11-26', '2026-02-31', '26-11-2026'),
  fc.constantFrom<unknown>(['a'], [1], Array.from({ length: 51 }, () => 'a'), { soleus: 2 }, { soleus: -2 }, { biceps: 2 }, { soleus: 2, gastrocnemius: 1 }),
  fc.double(),
);

function edited(base: Record<string, unknown>, edits: [string, unknown][]): Record<string, unknown> {
  const copy = structuredClone(base);
  for (const [path, value] of edits) {
    const keys = path.split('.');
    let target: unknown = copy;
    for (const key of keys.slice(0, -1)) target = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[key] : undefined;
    if (target === null || typeof target !== 'object') continue;
    if (value === undefined) delete (target as Record<string, unknown>)[keys[keys.length - 1]];
    else (target as Record<string, unknown>)[keys[keys.length - 1]] = value;
  }
  return copy;
}

const T = 1764201600000;
const CASES = [
  {
    name: 'status',
    check: checkedStatus,
    schema: statusSchema,
    base: { v: 1, state: 'online', fw: '1.4.2', t: T, extra: 1 },
    paths: ['v', 'state', 'fw', 't', 'extra'],
  },
  {
    name: 'profile',
    check: checkedProfile,
    schema: profileSchema,
    base: { tz: 'Europe/Berlin', v: 1, wearer: 'w-907', leg: 'right', age: 44, pregnant: false, medications: ['sertraline'], conditions: ['asthma'], mvc_uv: { [MUSCLES[1]]: 2, [MUSCLES[0]]: 284 }, other: [1] },
    paths: ['v', 'wearer', 'leg', 'age', 'pregnant', 'medications', 'medications.0', 'conditions', 'mvc_uv', 'mvc_uv.soleus', 'mvc_uv.biceps', 'tz', 'other'],
  },
  {
    name: 'context',
    check: checkedContext,
    schema: contextSchema,
    base: { v: 1, t: T, water_l: 0.9, caffeine_mg: 144, alcohol_units: 6, exercise_min: 0, exercise_intensity: 'none', standing_h: 2.4, sitting_h: 5.2, sweating: 'light', supplements: ['magnesium'], stretched_before_bed: true },
    paths: ['v', 't', 'water_l', 'caffeine_mg', 'alcohol_units', 'exercise_min', 'exercise_intensity', 'standing_h', 'sitting_h', 'sweating', 'supplements', 'supplements.0', 'stretched_before_bed'],
  },
  {
    name: 'diary',
    check: checkedDiary,
    schema: diarySchema,
    base: { v: 1, t: T, night: '2025-11-26', cramps: [{ minutes: 3, at: Date.parse('2025-11-27T02:00:00Z'), muscle: 'calf', pain: 7, note: 'x' }] },
    paths: ['v', 't', 'night', 'cramps', 'cramps.0', 'cramps.0.at', 'cramps.0.muscle', 'cramps.0.pain', 'cramps.0.minutes', 'cramps.1'],
  },
] as const;

describe('message checks', () => {
  for (const { name, check, schema, base, paths } of CASES) {
    it(`${name}: accepts only what zod accepts, and gives what zod gives`, () => {
      let accepted = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), odd), { maxLength: 3 }), (edits) => {
          const value = edited(base as Record<string, unknown>, edits);
          const checked = check(value);
          if (checked === undefined) return;
          accepted++;
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(JSON.stringify(checked)).toBe(JSON.stringify(parsed.data));
          expect(checked).toEqual(parsed.data);
        }),
        { numRuns: 1500 },
      );
      expect(accepted).toBeGreaterThan(100);
    });
  }
});
