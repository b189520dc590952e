// Turns what the core reports into InfluxDB points, pure and total: every input gives either a
// point that the schema (schema.ts) accepts, or a reason it cannot be stored. Non-finite numbers
// are left out (line protocol has no NaN), times are rounded to whole milliseconds (the write
// precision), tags come only from validated values (tag-values.ts).
import {
  CAUSES,
  MUSCLES,
  POSTURES,
  SEVERITIES,
  type CauseTag,
  type Episode,
  type LimbMovement,
  type SignalPoint,
} from '../../core/types.ts';
import type { FieldValue, IngestHealth, RejectPoint } from '../store.ts';
import {
  MEASUREMENT,
  POSTURE_CODE,
  causeField,
  envelopeField,
  isOwnMeasurement,
  retentionOf,
  type RetentionPolicyName,
} from './schema.ts';
import { isDeviceId, isSafeName, isSafeTagValue, oneOf, validTags } from './tag-values.ts';

/** One point as it is buffered, spooled (one JSON line) and written. */
export interface StoredPoint {
  rp: RetentionPolicyName;
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** epoch ms, whole */
  tMs: number;
}

export type Conversion = { ok: true; point: StoredPoint } | { ok: false; reason: string };

/** PROTOCOL §6: a cause counts as tagged at confidence ≥ 0.5. */
export const TAGGED_CONFIDENCE = 0.5;
const EVENTS = ['open', 'update', 'close'] as const;
const LEGS = ['left', 'right'] as const;
/** InfluxDB 1.x caps a string field at 64 KiB; a cause list never needs more than this. */
const MAX_TEXT_CHARS = 8000;
/** record() strings (advice, doctor's reasons) keep their line breaks, which InfluxDB stores as is */
const MAX_RECORD_TEXT_CHARS = 32_000;

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function putNumber(fields: Record<string, FieldValue>, name: string, value: unknown, round = false): void {
  if (isFiniteNumber(value)) fields[name] = round ? Math.round(value) : value;
}

/** One line for a table cell: control characters (newlines from free text) become spaces, length capped. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, MAX_TEXT_CHARS);
}

/** "sleeping position (80%): prone for 42 min before onset; … | medication (50%): …" */
export function causesText(causes: readonly CauseTag[]): string {
  if (causes.length === 0) return 'no likely cause found';
  return plainText(
    causes
      .map((c) => {
        const pct = Math.round(c.confidence * 100);
        const evidence = c.evidence.length > 0 ? `: ${c.evidence.join('; ')}` : '';
        return `${c.cause.replace(/_/g, ' ')} (${pct}%)${evidence}`;
      })
      .join(' | '),
  );
}

/** One line for a Grafana annotation: "gastrocnemius cramp, 73.7 s, moderate, after prone. Likely: sleeping position (80%), medication (50%)" */
export function episodeSummary(e: Episode, causes: readonly CauseTag[]): string {
  const parts = [`${e.muscle.replace(/_/g, ' ')} cramp`];
  if (isFiniteNumber(e.duration_s)) parts.push(`${e.duration_s.toFixed(1)} s`);
  else if (e.event === 'open') parts.push('started');
  parts.push(e.severity);
  if (e.posture_before !== 'unknown') parts.push(`after ${e.posture_before.replace(/_/g, ' ')}`);
  const tagged = causes.filter((c) => c.confidence >= TAGGED_CONFIDENCE);
  const likely = tagged.length === 0 ? 'no likely cause found' : `likely: ${tagged.map((c) => `${c.cause.replace(/_/g, ' ')} (${Math.round(c.confidence * 100)}%)`).join(', ')}`;
  return plainText(`${parts.join(', ')}. ${likely}`);
}

const invalid = (reason: string): Conversion => ({ ok: false, reason });
const point = (measurement: string, tags: Record<string, string>, fields: Record<string, FieldValue>, tMs: number): Conversion =>
  Object.keys(fields).length === 0
    ? invalid('no_fields')
    : { ok: true, point: { rp: retentionOf(measurement), measurement, tags, fields, tMs: Math.round(tMs) } };

export function episodePoint(e: Episode): Conversion {
  if (!isDeviceId(e.device)) return invalid('bad_device_id');
  if (!isFiniteNumber(e.start)) return invalid('bad_time');
  const muscle = oneOf(e.muscle, MUSCLES);
  const severity = oneOf(e.severity, SEVERITIES);
  const posture = oneOf(e.posture_before, POSTURES);
  const event = oneOf(e.event, EVENTS);
  if (!muscle || !severity || !posture || !event) return invalid('bad_enum');
  const tags: Record<string, string> = { device: e.device, muscle, severity, posture_before: posture, event };
  if (isSafeTagValue(e.wearer)) tags.wearer = e.wearer;
  const leg = oneOf(e.leg, LEGS);
  if (leg) tags.leg = leg;

  const causes = e.causes.filter((c) => oneOf(c.cause, CAUSES) !== undefined);
  const fields: Record<string, FieldValue> = {
    id: plainText(e.id),
    causes: JSON.stringify(causes).slice(0, MAX_TEXT_CHARS),
    causes_text: causesText(causes),
    summary: episodeSummary(e, causes),
  };
  putNumber(fields, 'duration_s', e.duration_s);
  putNumber(fields, 'peak_uv', e.peak_uv);
  putNumber(fields, 'peak_mvc_pct', e.peak_mvc_pct);
  putNumber(fields, 'start', e.start, true);
  putNumber(fields, 'end', e.end, true);
  putNumber(fields, 'detected_at', e.detected_at, true);
  for (const c of causes) if (c.confidence >= TAGGED_CONFIDENCE) fields[causeField(c.cause)] = true;
  // the episode's own time is its start: open, updates and close of one cramp line up in Grafana
  return point(MEASUREMENT.episode, tags, fields, e.start);
}

export function signalPoint(s: SignalPoint): Conversion {
  if (!isDeviceId(s.device)) return invalid('bad_device_id');
  if (!isFiniteNumber(s.tMs)) return invalid('bad_time');
  const posture = oneOf(s.posture, POSTURES) ?? 'unknown';
  const fields: Record<string, FieldValue> = { posture, posture_code: POSTURE_CODE[posture] };
  for (const muscle of MUSCLES) putNumber(fields, envelopeField(muscle), s.envelopeUv[muscle]);
  putNumber(fields, 'ankle_deg', s.ankleFlexionDeg);
  putNumber(fields, 'knee_deg', s.kneeFlexionDeg);
  putNumber(fields, 'temp_c', s.tempC);
  putNumber(fields, 'battery', s.battery);
  putNumber(fields, 'contact', s.contact);
  putNumber(fields, 'mains_db', s.mainsDb);
  return point(MEASUREMENT.signal, { device: s.device }, fields, s.tMs);
}

export function limbMovementPoint(m: LimbMovement): Conversion {
  if (!isDeviceId(m.device)) return invalid('bad_device_id');
  if (!isFiniteNumber(m.start) || !isFiniteNumber(m.end)) return invalid('bad_time');
  const muscle = oneOf(m.muscle, MUSCLES);
  if (!muscle) return invalid('bad_enum');
  const fields: Record<string, FieldValue> = { duration_s: (m.end - m.start) / 1000, end: Math.round(m.end) };
  return point(MEASUREMENT.limbMovement, { device: m.device, muscle, periodic: String(m.periodic === true) }, fields, m.start);
}

export function healthPoint(h: IngestHealth): Conversion {
  if (!isDeviceId(h.device)) return invalid('bad_device_id');
  if (!isFiniteNumber(h.tMs)) return invalid('bad_time');
  const fields: Record<string, FieldValue> = {};
  putNumber(fields, 'frames', h.frames, true);
  putNumber(fields, 'duplicates', h.duplicates, true);
  putNumber(fields, 'gaps', h.gaps, true);
  putNumber(fields, 'missing_ms', h.missingMs);
  putNumber(fields, 'reordered', h.reordered, true);
  putNumber(fields, 'delay_ms_p50', h.delayMsP50);
  putNumber(fields, 'delay_ms_p99', h.delayMsP99);
  return point(MEASUREMENT.ingest, { device: h.device }, fields, h.tMs);
}

export function rejectPoint(r: RejectPoint): Conversion {
  if (!isSafeName(r.code)) return invalid('bad_reject_code');
  if (!isFiniteNumber(r.tMs)) return invalid('bad_time');
  const tags: Record<string, string> = { code: r.code };
  // PROTOCOL §2: an invalid device id is counted without it, never used as a tag
  if (r.device !== undefined && isDeviceId(r.device)) tags.device = r.device;
  const fields: Record<string, FieldValue> = {};
  putNumber(fields, 'count', r.count, true);
  return point(MEASUREMENT.reject, tags, fields, r.tMs);
}

/**
 * Anything else (night summaries, doctor flags). Numbers are always written as floats, so a
 * field never changes type between a whole and a fractional value.
 */
export function recordPoint(
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, FieldValue>,
  tMs: number,
): Conversion {
  if (!isSafeName(measurement) || isOwnMeasurement(measurement)) return invalid('bad_measurement');
  if (!validTags(tags)) return invalid('bad_tag');
  if (!isFiniteNumber(tMs)) return invalid('bad_time');
  const kept: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!isSafeName(name) || name in tags) return invalid('bad_field_name');
    if (typeof value === 'boolean') kept[name] = value;
    // eslint-disable-next-line no-control-regex
    else if (typeof value === 'string') kept[name] = value.replace(/\u0000/g, '').slice(0, MAX_RECORD_TEXT_CHARS);
    else putNumber(kept, name, value);
  }
  return point(measurement, { ...tags }, kept, tMs);
}
