// Builders for the cause tests: a quiet night on the back, a well-hydrated healthy wearer, and
// episodes/stats with only what a test changes spelled out.
import type { NightStats } from '../../src/core/device-core.ts';
import type { CauseTag, ContextLog, Episode, OnsetCircumstances, Profile, Severity } from '../../src/core/types.ts';

export const NIGHT_START_MS = Date.UTC(2026, 10, 20, 22, 0, 0);
export const DAY_MS = 24 * 3600_000;

/** Supine for 15 min, ankle neutral, moving now and then: nothing about the position points anywhere. */
export function onBack(over: Partial<OnsetCircumstances> = {}): OnsetCircumstances {
  return {
    onsetMs: NIGHT_START_MS + 3 * 3600_000,
    muscle: 'gastrocnemius',
    postureBefore: 'supine',
    postureHeldMin: 15,
    ankleFlexionDeg: 10,
    ankleFlexedHeldMin: 0,
    stillMin: 12,
    crampsEarlierTonight: 0,
    ...over,
  };
}

export function healthyProfile(over: Partial<Profile> = {}): Profile {
  return { v: 1, wearer: 'w-001', leg: 'left', age: 45, pregnant: false, medications: [], conditions: [], ...over };
}

/** A well-hydrated, ordinary day: 2.4 L water, one coffee, a 30-minute moderate walk, an office day with breaks. */
export function ordinaryDay(over: Partial<ContextLog> = {}): ContextLog {
  return {
    v: 1,
    t: NIGHT_START_MS - 4 * 3600_000,
    water_l: 2.4,
    caffeine_mg: 95,
    alcohol_units: 0,
    exercise_min: 30,
    exercise_intensity: 'moderate',
    standing_h: 3,
    sitting_h: 5,
    sweating: 'light',
    supplements: [],
    stretched_before_bed: false,
    ...over,
  };
}

export function episode(over: Partial<Episode> & { start?: number; durationS?: number } = {}): Episode {
  const start = over.start ?? NIGHT_START_MS + 2 * 3600_000;
  const durationS = over.durationS ?? 60;
  const { durationS: _ignored, ...rest } = over;
  return {
    v: 1,
    event: 'close',
    id: `leg-01-${start}`,
    device: 'leg-01',
    muscle: 'gastrocnemius',
    start,
    end: start + durationS * 1000,
    duration_s: durationS,
    detected_at: start + 3000,
    peak_uv: 600,
    severity: 'moderate' as Severity,
    posture_before: 'supine',
    causes: [] as CauseTag[],
    ...rest,
  };
}

export function stats(over: Partial<NightStats> = {}): NightStats {
  const fromMs = over.fromMs ?? NIGHT_START_MS;
  const toMs = over.toMs ?? fromMs + 8 * 3600_000;
  return {
    device: 'leg-01',
    fromMs,
    toMs,
    recordedMs: toMs - fromMs,
    postureMs: { supine: 5 * 3600_000, prone: 0, left_side: 2 * 3600_000, right_side: 3600_000, upright: 0, unknown: 0 },
    limbMovements: 20,
    periodicLimbMovements: 8,
    plmIndexPerHour: 1,
    gapMs: 0,
    ...over,
  };
}

export const causesOf = (tags: readonly CauseTag[]) => tags.map((t) => t.cause).sort();
