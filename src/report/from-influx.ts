// Reading nights back from InfluxDB 1.x, in the layout docs/influx-schema.md documents, into the
// same StoreContents the local store gives, so one assembler and one renderer serve both.
import { escape, type InfluxDB } from 'influx';
import { createInfluxClient } from '../adapters/influx/client.ts';
import { MEASUREMENT, RETENTION, envelopeField } from '../adapters/influx/schema.ts';
import type { StoredRecord } from '../adapters/local-store.ts';
import type { FieldValue } from '../adapters/store.ts';
import { MUSCLES, type CauseTag, type Episode, type LimbMovement, type Muscle, type Posture, type Severity, type SignalPoint } from '../core/types.ts';
import type { ReportSelection, StoreContents } from './assemble.ts';

export interface InfluxSource {
  url: string;
  database: string;
  username?: string;
  password?: string;
}

/** A night named by its evening lies within ±14 h (the widest UTC offsets) of that date's noon-to-noon. */
const ZONE_MARGIN_MS = 14 * 3_600_000;
const DAY_MS = 86_400_000;
const NOON_MS = 12 * 3_600_000;
/** the record measurements src/causes writes through NightStore.record() */
const RECORD_MEASUREMENTS = ['night_summary', 'doctor_flag'] as const;

type Row = Record<string, unknown> & { time: { getTime(): number } };

export async function readInfluxNights(source: InfluxSource, selection: ReportSelection): Promise<StoreContents> {
  const influx = createInfluxClient(source);
  const where = whereClause(selection);
  const [episodeRows, signalRows, movementRows, ...recordRows] = await Promise.all([
    query(influx, `SELECT * FROM ${from(RETENTION.forever, MEASUREMENT.episode)} WHERE "event" = 'close' AND ${where}`),
    query(influx, `SELECT * FROM ${from(RETENTION.signals, MEASUREMENT.signal)} WHERE ${where}`),
    query(influx, `SELECT * FROM ${from(RETENTION.forever, MEASUREMENT.limbMovement)} WHERE ${where}`),
    // summaries and flags of earlier nights matter too (the doctor flag looks back), so no lower bound
    ...RECORD_MEASUREMENTS.map((m) => query(influx, `SELECT * FROM ${from(RETENTION.forever, m)} WHERE ${whereClause({ ...selection, fromMs: undefined, night: undefined })}`)),
  ]);
  return {
    episodes: episodeRows.map(episodeOf),
    signals: signalRows.map(signalOf),
    limbMovements: movementRows.map(limbMovementOf),
    records: recordRows.flatMap((rows, i) => rows.map((row) => recordOf(RECORD_MEASUREMENTS[i], row))),
  };
}

/** Only the records of one measurement stamped at or after `fromMs` (no episodes or signals): for the live doctor flag's earlier nights. */
export async function readInfluxRecords(source: InfluxSource, measurement: (typeof RECORD_MEASUREMENTS)[number], fromMs: number): Promise<StoredRecord[]> {
  const influx = createInfluxClient(source);
  const rows = await query(influx, `SELECT * FROM ${from(RETENTION.forever, measurement)} WHERE ${whereClause({ fromMs })}`);
  return rows.map((row) => recordOf(measurement, row));
}

async function query(influx: InfluxDB, text: string): Promise<Row[]> {
  try {
    return (await influx.query(text, { precision: 'ms' })) as unknown as Row[];
  } catch (error) {
    // a measurement or retention policy that was never written is not an error for a report
    if (/not found|does not exist/i.test((error as Error).message)) return [];
    throw error;
  }
}

/** `"retention policy"."measurement"`, quoted */
function from(rp: string, measurement: string): string {
  return `${escape.quoted(rp)}.${escape.quoted(measurement)}`;
}

function whereClause(selection: ReportSelection): string {
  let fromMs = selection.fromMs;
  let toMs = selection.toMs;
  if (selection.night) {
    const noonMs = Date.parse(selection.night) + NOON_MS;
    fromMs = Math.max(fromMs ?? -Infinity, noonMs - ZONE_MARGIN_MS);
    toMs = Math.min(toMs ?? Infinity, noonMs + DAY_MS + ZONE_MARGIN_MS);
  }
  const parts = ['time >= 0'];
  if (fromMs !== undefined && Number.isFinite(fromMs)) parts.push(`time >= ${Math.floor(fromMs)}ms`);
  if (toMs !== undefined && Number.isFinite(toMs)) parts.push(`time < ${Math.ceil(toMs)}ms`);
  if (selection.device) parts.push(`"device" = ${escape.stringLit(selection.device)}`);
  return parts.join(' AND ');
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function episodeOf(row: Row): Episode {
  const start = num(row.start) ?? row.time.getTime();
  let causes: CauseTag[] = [];
  try {
    const parsed: unknown = JSON.parse(str(row.causes) ?? '[]');
    if (Array.isArray(parsed)) causes = parsed as CauseTag[];
  } catch {
    // an unreadable cause list shows as none rather than losing the cramp
  }
  return {
    v: 1,
    event: 'close',
    id: str(row.id) ?? `${String(row.device)}-${start}`,
    device: String(row.device),
    wearer: str(row.wearer),
    leg: str(row.leg),
    muscle: (str(row.muscle) ?? 'gastrocnemius') as Muscle,
    start,
    end: num(row.end),
    duration_s: num(row.duration_s),
    detected_at: num(row.detected_at) ?? start,
    peak_uv: num(row.peak_uv) ?? 0,
    peak_mvc_pct: num(row.peak_mvc_pct),
    severity: (str(row.severity) ?? 'mild') as Severity,
    posture_before: (str(row.posture_before) ?? 'unknown') as Posture,
    causes,
  };
}

function signalOf(row: Row): SignalPoint {
  const envelopeUv: Partial<Record<Muscle, number>> = {};
  for (const m of MUSCLES) {
    const v = num(row[envelopeField(m)]);
    if (v !== undefined) envelopeUv[m] = v;
  }
  return {
    device: String(row.device),
    tMs: row.time.getTime(),
    envelopeUv,
    posture: (str(row.posture) ?? 'unknown') as Posture,
    ankleFlexionDeg: num(row.ankle_deg),
    kneeFlexionDeg: num(row.knee_deg),
    tempC: num(row.temp_c),
    battery: num(row.battery),
    contact: num(row.contact) ?? 1,
    mainsDb: num(row.mains_db),
  };
}

function limbMovementOf(row: Row): LimbMovement {
  const start = row.time.getTime();
  return {
    device: String(row.device),
    muscle: (str(row.muscle) ?? 'tibialis_anterior') as Muscle,
    start,
    end: num(row.end) ?? start + (num(row.duration_s) ?? 0) * 1000,
    periodic: row.periodic === 'true' || row.periodic === true,
  };
}

/** Tags come back as string columns, fields as their types; columns absent from this point come back null. */
function recordOf(measurement: string, row: Row): StoredRecord {
  const tags: Record<string, string> = {};
  const fields: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'time' || value === null || value === undefined) continue;
    if (key === 'device' || key === 'wearer' || key === 'code') tags[key] = String(value);
    else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') fields[key] = value;
  }
  return { measurement, tags, fields, tMs: row.time.getTime() };
}
