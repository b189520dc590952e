// The fast path for status, profile, context and diary messages (PROTOCOL §2, §4, §5, §10.4): plain checks that
// accept a message only when it meets every rule of its zod schema (messages.ts), and give what
// zod's parse would give: the schema's fields in the schema's order, unknown ones left out,
// arrays and records copied. Anything else answers undefined and zod decides and words the
// rejection. Every night's capture holds these messages, so without this path a replay loaded
// zod (~0.1 s) for four valid lines. test/protocol/message-check.test.ts holds it to zod.
import { MUSCLES } from '../core/types.ts';
import { isValidTimeZone } from '../report/time-zone.ts';
import type { ContextLog, Profile } from '../core/types.ts';
import { DIARY_MUSCLES } from '../diary/types.ts';
import { NIGHT_AFTER_MS, NIGHT_BEFORE_MS, type Diary, type Status } from './messages.ts';

const INVALID = Symbol('invalid');
type Check = (value: unknown) => unknown;
type Shape = readonly (readonly [string, Check])[];

const MUSCLE_SET: ReadonlySet<string> = new Set(MUSCLES);
const WEARER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SHORT_TEXT_CHARS = 200;
const MAX_LIST_ITEMS = 50;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const literalOne: Check = (value) => (value === 1 ? value : INVALID);
const finite: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : INVALID);
const between =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : INVALID;
const oneOf = (words: readonly string[]): Check => (value) => (typeof value === 'string' && words.includes(value) ? value : INVALID);
const boolean: Check = (value) => (typeof value === 'boolean' ? value : INVALID);
const shortText: Check = (value) => (typeof value === 'string' && value.length <= SHORT_TEXT_CHARS ? value : INVALID);
const textList: Check = (value) => {
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) return INVALID;
  for (const item of value) if (shortText(item) === INVALID) return INVALID;
  return value.slice();
};
const wearer: Check = (value) => (typeof value === 'string' && WEARER_PATTERN.test(value) ? value : INVALID);
const timeZone: Check = (value) => (typeof value === 'string' && value.length <= 64 && isValidTimeZone(value) ? value : INVALID);
/** muscle → a finite positive number, copied in the order given */
const mvcRecord: Check = (value) => {
  if (!isPlainObject(value)) return INVALID;
  const out: Record<string, number> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || !MUSCLE_SET.has(key)) return INVALID;
    const x = value[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) return INVALID;
    out[key] = x;
  }
  return out;
};

/** The shape's fields of `value`, in the shape's order; undefined when any is invalid or a required one is missing. */
function checked(value: unknown, shape: Shape, required: readonly string[]): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, check] of shape) {
    if (!(key in value)) {
      if (required.includes(key)) return undefined;
      continue;
    }
    const field = value[key];
    // a field given as undefined (never from JSON): zod's own handling, whatever it is
    if (field === undefined) return undefined;
    const result = check(field);
    if (result === INVALID) return undefined;
    out[key] = result;
  }
  return out;
}

const STATUS: Shape = [
  ['v', literalOne],
  ['state', oneOf(['online', 'offline'])],
  ['fw', shortText],
  ['t', finite],
];

const PROFILE: Shape = [
  ['v', literalOne],
  ['wearer', wearer],
  ['leg', oneOf(['left', 'right'])],
  ['age', between(0, 130)],
  ['pregnant', boolean],
  ['medications', textList],
  ['conditions', textList],
  ['mvc_uv', mvcRecord],
  ['tz', timeZone],
];

const CONTEXT: Shape = [
  ['v', literalOne],
  ['t', between(0, Infinity)],
  ['water_l', between(0, 30)],
  ['caffeine_mg', between(0, 10000)],
  ['alcohol_units', between(0, 100)],
  ['exercise_min', between(0, 1440)],
  ['exercise_intensity', oneOf(['none', 'light', 'moderate', 'vigorous'])],
  ['standing_h', between(0, 24)],
  ['sitting_h', between(0, 24)],
  ['sweating', oneOf(['none', 'light', 'heavy'])],
  ['supplements', textList],
  ['stretched_before_bed', boolean],
];

export function checkedStatus(value: unknown): Status | undefined {
  return checked(value, STATUS, ['v', 'state']) as Status | undefined;
}

export function checkedProfile(value: unknown): Profile | undefined {
  return checked(value, PROFILE, ['v']) as Profile | undefined;
}

export function checkedContext(value: unknown): ContextLog | undefined {
  return checked(value, CONTEXT, ['v', 't']) as ContextLog | undefined;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-26", a real calendar date (not 2026-02-31) */
const calendarDate: Check = (value) => {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return INVALID;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(value) ? value : INVALID;
};

const DIARY_CRAMP: Shape = [
  ['at', between(0, Infinity)],
  ['muscle', oneOf(DIARY_MUSCLES)],
  ['pain', between(0, 10)],
  ['minutes', between(0, 24 * 60)],
];

const diaryCramps: Check = (value) => {
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) return INVALID;
  const out: unknown[] = [];
  for (const item of value) {
    const cramp = checked(item, DIARY_CRAMP, ['at']);
    if (!cramp) return INVALID;
    out.push(cramp);
  }
  return out;
};

const DIARY: Shape = [
  ['v', literalOne],
  ['t', between(0, Infinity)],
  ['night', calendarDate],
  ['cramps', diaryCramps],
];

export function checkedDiary(value: unknown): Diary | undefined {
  const diary = checked(value, DIARY, ['v', 't', 'night', 'cramps']) as Diary | undefined;
  if (!diary) return undefined;
  // a cramp noted outside its night belongs to another night (messages.ts)
  const nightStartMs = Date.parse(`${diary.night}T00:00:00Z`);
  for (const cramp of diary.cramps) if (cramp.at < nightStartMs - NIGHT_BEFORE_MS || cramp.at > nightStartMs + NIGHT_AFTER_MS) return undefined;
  return diary;
}
