// A diary as the stores keep it: measurement `diary`, one point per diary sent, at its send time
// `t`, tags `device` (the topic it came on) and `wearer`. The layout is documented in
// docs/influx-schema.md; InfluxDB's field types for it are fixed in src/adapters/influx/schema.ts.
import { DIARY_MUSCLES, type DiaryCramp, type WearerDiary } from './types.ts';

export const DIARY_MEASUREMENT = 'diary';

/** What the pipeline keeps of one diary message. */
export interface DiaryEntry {
  device: string;
  wearer?: string;
  diary: WearerDiary;
}

export interface DiaryFields {
  /** the evening's date the diary is for, YYYY-MM-DD */
  night: string;
  /** cramps noted (0: "I felt none") */
  noted: number;
  /** the noted cramps as JSON, PROTOCOL §10.4 */
  cramps: string;
  /** the worst pain noted, 0–10; absent when none was given */
  pain_max?: number;
  /** minutes the noted cramps felt, summed over those that said */
  felt_min?: number;
}

export function diaryFields(diary: WearerDiary): DiaryFields {
  const fields: DiaryFields = { night: diary.night, noted: diary.cramps.length, cramps: JSON.stringify(diary.cramps) };
  const pains = diary.cramps.map((c) => c.pain).filter((p): p is number => p !== undefined);
  if (pains.length > 0) fields.pain_max = Math.max(...pains);
  const minutes = diary.cramps.map((c) => c.minutes).filter((m): m is number => m !== undefined);
  if (minutes.length > 0) fields.felt_min = minutes.reduce((a, b) => a + b, 0);
  return fields;
}

/** A stored diary point back into a diary; undefined when it cannot be read as one. */
export function diaryOfFields(fields: Record<string, unknown>, tMs: number): WearerDiary | undefined {
  if (typeof fields.night !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(fields.night)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(fields.cramps ?? ''));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const cramps: DiaryCramp[] = [];
  for (const c of parsed as Record<string, unknown>[]) {
    if (!c || typeof c.at !== 'number' || !Number.isFinite(c.at)) continue;
    const cramp: DiaryCramp = { at: c.at };
    if ((DIARY_MUSCLES as readonly unknown[]).includes(c.muscle)) cramp.muscle = c.muscle as DiaryCramp['muscle'];
    if (typeof c.pain === 'number') cramp.pain = c.pain;
    if (typeof c.minutes === 'number') cramp.minutes = c.minutes;
    cramps.push(cramp);
  }
  return { v: 1, t: tMs, night: fields.night, cramps };
}
