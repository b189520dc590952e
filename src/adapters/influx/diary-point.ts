// A wearer's diary as an InfluxDB point of measurement `diary` (schema.ts), typed as declared
// there: `noted` an integer, `pain_max` and `felt_min` floats, the rest strings.
import { diaryFields, type DiaryEntry } from '../../diary/record.ts';
import type { FieldValue } from '../store.ts';
import type { Conversion } from './points.ts';
import { MEASUREMENT, retentionOf } from './schema.ts';
import { isDeviceId, isSafeTagValue } from './tag-values.ts';

export function diaryPoint(entry: DiaryEntry): Conversion {
  if (!isDeviceId(entry.device)) return { ok: false, reason: 'bad_device_id' };
  const tMs = Math.round(entry.diary.t);
  if (!Number.isFinite(tMs)) return { ok: false, reason: 'bad_time' };
  const tags: Record<string, string> = { device: entry.device };
  if (isSafeTagValue(entry.wearer)) tags.wearer = entry.wearer;
  const d = diaryFields(entry.diary);
  const fields: Record<string, FieldValue> = { night: d.night, noted: Math.round(d.noted), cramps: d.cramps };
  if (d.pain_max !== undefined && Number.isFinite(d.pain_max)) fields.pain_max = d.pain_max;
  if (d.felt_min !== undefined && Number.isFinite(d.felt_min)) fields.felt_min = d.felt_min;
  return { ok: true, point: { rp: retentionOf(MEASUREMENT.diary), measurement: MEASUREMENT.diary, tags, fields, tMs } };
}
