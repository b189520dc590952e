// The "see a doctor" flag over the nights on record for one wearer. It says when cramps are
// frequent, severe, unusually long, getting worse, or not improving despite the usual self-care,
// each reason in plain words with the numbers.
//
// Sources:
// - NHS, "Leg cramps": see a GP if cramps happen often, affect your sleep, last a long time, or
//   come with numbness, swelling or weakness.
// - Mayo Clinic, "Muscle cramp": see a doctor if cramps cause severe discomfort, happen
//   frequently, or do not improve with self-care.
// - Allen RE, Kirby KA. Am Fam Physician 2012;86(4):350–355: frequent cramps (most nights) and
//   cramps that persist despite stretching deserve a medical review.
import type { ContextLog } from '../core/types.ts';
import { dayActivity, preventionTried, type DayActivity } from './day.ts';
import type { NightSummary } from './summary.ts';
import { secondsWords } from './words.ts';

/**
 * Stored as InfluxDB measurement `doctor_flag`, time = `lastNightEndMs` (the end of the last night considered),
 * tag `wearer` (when known), fields (see `doctorFlagFields`): `flag` (boolean), `reasons` (string,
 * one reason per line), `reason_count` (integer), and one boolean per reason code
 * (`frequent`, `many_in_a_night`, `severe`, `long`, `worsening`, `not_improving`).
 */
export interface DoctorFlag {
  flag: boolean;
  /** plain words, with the numbers */
  reasons: string[];
  /** which reasons, by code, for the store and for tests (same order as `reasons`) */
  codes: DoctorReason[];
  /** how many nights (legs of one night merged) were looked at */
  nightsConsidered: number;
  /** end of the last night looked at, epoch ms: the time to store the flag at; absent without nights */
  lastNightEndMs?: number;
}

export type DoctorReason = 'frequent' | 'many_in_a_night' | 'severe' | 'long' | 'worsening' | 'not_improving';

/** The window "recent" means: the last 7 nights on record. */
export const RECENT_NIGHTS = 7;
/** Frequent: cramps on at least this many of the last 7 nights (AAFP: most nights). */
export const FREQUENT_NIGHTS = 4;
/** Many in one night. */
export const MANY_IN_A_NIGHT = 3;
/** Unusually long: over 10 minutes (typical cramps last seconds to a few minutes; NHS, AAFP). */
export const LONG_CRAMP_S = 600;
/** Worsening: compared over up to this many nights, earlier half against later half. */
export const TREND_NIGHTS = 14;
export const TREND_MIN_NIGHTS = 6;
/** Worse ones (PROTOCOL §10.2: "more cramps, or worse ones"): cramp time a night at least doubled,
 * and at least this much more, s — a minute a night is beyond the spread of ordinary cramps of
 * seconds to a minute or so (NHS, AAFP), so a longer-lasting pattern, not chance. */
export const TREND_MORE_CRAMP_S = 60;
/** Not improving: at least this many nights with self-care tried, and cramps on most of them. */
export const SELF_CARE_NIGHTS = 3;
/** A context log belongs to the night that starts within this long after it (PROTOCOL §5). */
const CONTEXT_BEFORE_NIGHT_MS = 36 * 3600_000;

/** One night of one wearer: the legs (devices) of the same night merged. */
interface WearerNight {
  fromMs: number;
  toMs: number;
  cramps: number;
  longestCrampS: number;
  totalCrampS: number;
  severeCramps: number;
  day?: DayActivity;
}

export function doctorFlag(nights: readonly NightSummary[], contexts: readonly ContextLog[] = []): DoctorFlag {
  const merged = mergeLegs(nights);
  attachContexts(merged, contexts);
  const recent = merged.slice(-RECENT_NIGHTS);
  const reasons: string[] = [];
  const codes: DoctorReason[] = [];
  const add = (code: DoctorReason, reason: string) => {
    codes.push(code);
    reasons.push(reason);
  };

  const withCramps = recent.filter((n) => n.cramps > 0).length;
  if (withCramps >= FREQUENT_NIGHTS) {
    add('frequent', `you had cramps on ${withCramps} of the last ${recent.length} nights`);
  }

  const manyNights = recent.filter((n) => n.cramps >= MANY_IN_A_NIGHT);
  if (manyNights.length > 0) {
    const most = Math.max(...manyNights.map((n) => n.cramps));
    add(
      'many_in_a_night',
      manyNights.length === 1
        ? `you had ${most} cramps in one night`
        : `you had ${MANY_IN_A_NIGHT} or more cramps a night on ${manyNights.length} nights (up to ${most})`,
    );
  }

  const severe = recent.reduce((sum, n) => sum + n.severeCramps, 0);
  if (severe > 0) {
    const nightsSevere = recent.filter((n) => n.severeCramps > 0).length;
    add(
      'severe',
      recent.length === 1
        ? `you had ${severe === 1 ? 'a severe cramp' : `${severe} severe cramps`} in the night on record`
        : severe === 1
          ? `you had a severe cramp in the last ${recent.length} nights`
          : `you had ${severe} severe cramps on ${nightsSevere} of the last ${recent.length} nights`,
    );
  }

  const longest = Math.max(0, ...recent.map((n) => n.longestCrampS));
  if (longest > LONG_CRAMP_S) {
    add('long', `a cramp lasted ${secondsWords(longest)}, longer than 10 minutes`);
  }

  const trend = worsening(merged.slice(-TREND_NIGHTS));
  if (trend) {
    add(
      'worsening',
      `cramps are getting more frequent: ${perNight(trend.earlier)} a night over ${trend.earlierNights} nights, then ${perNight(trend.later)} a night over the last ${trend.laterNights}`,
    );
  } else {
    const longer = lastingLonger(merged.slice(-TREND_NIGHTS));
    if (longer) {
      add(
        'worsening',
        `cramps are getting longer: ${secondsWords(longer.earlier)} of cramp a night over ${longer.earlierNights} nights, then ${secondsWords(longer.later)} a night over the last ${longer.laterNights}`,
      );
    }
  }

  const tried = recent.filter((n) => n.day !== undefined && preventionTried(n.day).length > 0);
  const triedWithCramps = tried.filter((n) => n.cramps > 0);
  if (tried.length >= SELF_CARE_NIGHTS && triedWithCramps.length * 2 > tried.length) {
    const what = new Set<string>();
    for (const n of triedWithCramps) for (const w of preventionTried(n.day as DayActivity)) what.add(w);
    add(
      'not_improving',
      `cramps kept coming on ${triedWithCramps.length} of ${tried.length} nights when you ${joinOr([...what])}`,
    );
  }

  const flag: DoctorFlag = { flag: reasons.length > 0, reasons, codes, nightsConsidered: merged.length };
  if (merged.length > 0) flag.lastNightEndMs = merged[merged.length - 1].toMs;
  return flag;
}

/** The flat fields of the `doctor_flag` measurement (see DoctorFlag). */
export function doctorFlagFields(d: DoctorFlag): Record<string, number | string | boolean> {
  const fields: Record<string, number | string | boolean> = {
    flag: d.flag,
    reasons: d.reasons.join('\n'),
    reason_count: d.reasons.length,
    nights_considered: d.nightsConsidered,
  };
  const all: DoctorReason[] = ['frequent', 'many_in_a_night', 'severe', 'long', 'worsening', 'not_improving'];
  for (const code of all) fields[code] = d.codes.includes(code);
  return fields;
}

type Trend = { earlier: number; later: number; earlierNights: number; laterNights: number };

/** The nights split into an earlier and a later half (the earlier one takes the odd night), or undefined when too few. */
function halves(nights: readonly WearerNight[]): { earlierPart: WearerNight[]; laterPart: WearerNight[] } | undefined {
  if (nights.length < TREND_MIN_NIGHTS) return undefined;
  const half = Math.floor(nights.length / 2);
  return { earlierPart: nights.slice(0, nights.length - half), laterPart: nights.slice(nights.length - half) };
}

/** Earlier half against later half: worse when the later rate is both clearly and relatively higher. */
function worsening(nights: readonly WearerNight[]): Trend | undefined {
  const parts = halves(nights);
  if (!parts) return undefined;
  const { earlierPart, laterPart } = parts;
  const earlier = mean(earlierPart.map((n) => n.cramps));
  const later = mean(laterPart.map((n) => n.cramps));
  // at least one more cramp every two nights, and at least half as many again
  if (later >= earlier + 0.5 && later >= 1.5 * earlier && later >= 1) {
    return { earlier, later, earlierNights: earlierPart.length, laterNights: laterPart.length };
  }
  return undefined;
}

/** Earlier half against later half, by cramp time a night: worse when it at least doubled, by a
 * minute or more, with cramps on most of the later nights (not one long night among quiet ones). */
function lastingLonger(nights: readonly WearerNight[]): Trend | undefined {
  const parts = halves(nights);
  if (!parts) return undefined;
  const { earlierPart, laterPart } = parts;
  const earlier = mean(earlierPart.map((n) => n.totalCrampS));
  const later = mean(laterPart.map((n) => n.totalCrampS));
  const laterWithCramps = laterPart.filter((n) => n.cramps > 0).length;
  if (later >= 2 * earlier && later - earlier >= TREND_MORE_CRAMP_S && laterWithCramps * 2 > laterPart.length) {
    return { earlier, later, earlierNights: earlierPart.length, laterNights: laterPart.length };
  }
  return undefined;
}

/** Summaries of overlapping nights (both legs) become one night, in time order. */
function mergeLegs(nights: readonly NightSummary[]): WearerNight[] {
  const sorted = [...nights].sort((a, b) => a.fromMs - b.fromMs);
  const out: WearerNight[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.fromMs < last.toMs) {
      last.toMs = Math.max(last.toMs, s.toMs);
      last.cramps += s.cramps;
      last.longestCrampS = Math.max(last.longestCrampS, s.longestCrampS);
      last.totalCrampS += s.totalCrampS;
      last.severeCramps += s.severeCramps;
      last.day ??= s.day;
    } else {
      out.push({
        fromMs: s.fromMs,
        toMs: s.toMs,
        cramps: s.cramps,
        longestCrampS: s.longestCrampS,
        totalCrampS: s.totalCrampS,
        severeCramps: s.severeCramps,
        day: s.day,
      });
    }
  }
  return out;
}

/** Each context log goes to the first night that ends after it was written, if that night began
 * within 36 h of it (PROTOCOL §5: it describes the day before the night that follows); the latest
 * log wins. Nights whose summary already has a day keep it. */
function attachContexts(nights: WearerNight[], contexts: readonly ContextLog[]): void {
  const chosen = new Map<WearerNight, ContextLog>();
  for (const c of contexts) {
    const night = nights.find((n) => n.toMs >= c.t);
    if (!night || night.day || c.t < night.fromMs - CONTEXT_BEFORE_NIGHT_MS) continue;
    const before = chosen.get(night);
    if (!before || c.t > before.t) chosen.set(night, c);
  }
  for (const [night, c] of chosen) night.day = dayActivity(c);
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function perNight(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
