// Night summaries and doctor flags as they are stored (flat `night_summary` / `doctor_flag`
// records, field layout in src/causes/summary.ts and docs/influx-schema.md), back into
// src/causes' shapes. Tolerant: a field that is missing or of the wrong type is left to the
// summary rebuilt from the night's own data.
import type { StoredRecord } from '../adapters/local-store.ts';
import type { DayActivity } from '../causes/day.ts';
import type { NightSummary } from '../causes/summary.ts';
import { CAUSES, POSTURES, SEVERITIES, type Cause, type Severity } from '../core/types.ts';
import type { ReportDoctorFlag } from './model.ts';

type Fields = StoredRecord['fields'];

const num = (fields: Fields, ...names: string[]): number | undefined => {
  for (const name of names) {
    const v = fields[name];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
};

/** The stored summary over the one rebuilt from data: it was made from the whole night's stream. */
export function nightSummaryOfRecord(record: StoredRecord, rebuilt: NightSummary): NightSummary {
  const f = record.fields;
  const summary: NightSummary = { ...rebuilt, postureMs: { ...rebuilt.postureMs }, causesSeen: [...rebuilt.causesSeen], advice: [...rebuilt.advice] };
  const set = <K extends keyof NightSummary>(key: K, value: NightSummary[K] | undefined) => {
    if (value !== undefined) summary[key] = value;
  };
  set('fromMs', num(f, 'from_ms'));
  set('toMs', num(f, 'to_ms'));
  const recordedMin = num(f, 'recorded_min');
  const recordedH = num(f, 'recorded_h');
  set('recordedMs', recordedMin !== undefined ? recordedMin * 60_000 : recordedH !== undefined ? recordedH * 3_600_000 : undefined);
  set('cramps', num(f, 'cramps'));
  set('totalCrampS', num(f, 'total_cramp_s', 'cramp_total_s'));
  set('longestCrampS', num(f, 'longest_cramp_s', 'cramp_longest_s'));
  set('severeCramps', num(f, 'severe_cramps', 'cramps_severe'));
  set('limbMovements', num(f, 'limb_movements'));
  set('periodicLimbMovements', num(f, 'periodic_limb_movements'));
  set('plmIndexPerHour', num(f, 'plm_index_per_hour', 'plm_index_per_h'));
  const worst = f.worst_severity;
  if (typeof worst === 'string' && (SEVERITIES as readonly string[]).includes(worst)) summary.worstSeverity = worst as Severity;
  const severityMax = num(f, 'severity_max');
  if (severityMax !== undefined && severityMax >= 1 && severityMax <= 3) summary.worstSeverity = SEVERITIES[severityMax - 1];
  for (const p of POSTURES) {
    const min = num(f, `posture_${p}_min`);
    if (min !== undefined) summary.postureMs[p] = min * 60_000;
  }
  const causesSeen = causesSeenOf(f);
  if (causesSeen) summary.causesSeen = causesSeen;
  if (typeof f.advice === 'string') summary.advice = stringList(f.advice);
  const day = dayOf(f, record.tMs);
  if (day) summary.day = day;
  return summary;
}

/**
 * A night summary from its stored record alone, with no episodes or signals to rebuild it from
 * (the live doctor flag's earlier nights): what the record lacks is zero or empty.
 */
export function nightSummaryOfRecordAlone(record: StoredRecord): NightSummary {
  const empty: NightSummary = {
    v: 1,
    device: record.tags.device ?? '',
    fromMs: record.tMs,
    toMs: record.tMs,
    recordedMs: 0,
    cramps: 0,
    totalCrampS: 0,
    longestCrampS: 0,
    severeCramps: 0,
    limbMovements: 0,
    periodicLimbMovements: 0,
    plmIndexPerHour: 0,
    postureMs: Object.fromEntries(POSTURES.map((p) => [p, 0])) as NightSummary['postureMs'],
    causesSeen: [],
    advice: [],
  };
  if (record.tags.wearer !== undefined) empty.wearer = record.tags.wearer;
  return nightSummaryOfRecord(record, empty);
}

/** The day before, as summary.ts flattened it (water_l, …, took_magnesium); for the doctor flag's "not improving". */
function dayOf(f: Fields, tMs: number): DayActivity | undefined {
  const names = ['water_l', 'caffeine_mg', 'alcohol_units', 'exercise_min', 'exercise_intensity', 'standing_h', 'sitting_h', 'sweating', 'stretched_before_bed', 'took_magnesium'];
  if (!names.some((n) => f[n] !== undefined)) return undefined;
  const text = (name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
  const bool = (name: string) => (typeof f[name] === 'boolean' ? (f[name] as boolean) : undefined);
  return {
    tMs,
    waterL: num(f, 'water_l'),
    caffeineMg: num(f, 'caffeine_mg'),
    alcoholUnits: num(f, 'alcohol_units'),
    exerciseMin: num(f, 'exercise_min'),
    exerciseIntensity: text('exercise_intensity') as DayActivity['exerciseIntensity'],
    standingH: num(f, 'standing_h'),
    sittingH: num(f, 'sitting_h'),
    sweating: text('sweating') as DayActivity['sweating'],
    stretchedBeforeBed: bool('stretched_before_bed'),
    tookMagnesium: bool('took_magnesium') ?? false,
  };
}

function causesSeenOf(f: Fields): NightSummary['causesSeen'] | undefined {
  const parsed = jsonOf(f.causes_seen);
  if (Array.isArray(parsed)) {
    return parsed
      .filter((c): c is { cause: Cause; count: number } => !!c && (CAUSES as readonly string[]).includes(c.cause) && typeof c.count === 'number')
      .map((c) => ({ cause: c.cause, count: c.count }));
  }
  const fromCounts = CAUSES.map((cause) => ({ cause, count: num(f, `cause_${cause}`) ?? 0 })).filter((c) => c.count > 0);
  const anyCountField = CAUSES.some((cause) => num(f, `cause_${cause}`) !== undefined);
  return anyCountField ? fromCounts.sort((a, b) => b.count - a.count) : undefined;
}

/**
 * A doctor flag from its stored records: either one record `{ flag, reasons }`, or (the
 * InfluxDB layout) one record per reason raised, with a `message` field.
 */
export function doctorFlagOfRecords(records: readonly StoredRecord[]): ReportDoctorFlag | undefined {
  if (records.length === 0) return undefined;
  const reasons: string[] = [];
  let flag = false;
  let sawFlagField = false;
  for (const r of records) {
    if (typeof r.fields.flag === 'boolean') {
      sawFlagField = true;
      flag ||= r.fields.flag;
    }
    reasons.push(...stringList(r.fields.reasons));
    if (typeof r.fields.message === 'string' && r.fields.message !== '') reasons.push(r.fields.message);
  }
  if (!sawFlagField) flag = reasons.length > 0;
  return { flag, reasons: [...new Set(reasons)] };
}

function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A list stored in one flat field: a JSON array, or sentences one a line. */
export function stringList(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  if (value.startsWith('[')) {
    const parsed = jsonOf(value);
    if (Array.isArray(parsed)) return parsed.filter((s): s is string => typeof s === 'string');
  }
  return value.split('\n').filter((s) => s.trim() !== '');
}
