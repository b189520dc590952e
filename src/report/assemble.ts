// From what a store holds (episode events, signals, limb movements, records) to the nights a
// report shows: closed episodes only, grouped by device and by night, cut to the selection.
// Pure: the reading is done by the adapters (local-store, from-influx).
import type { Episode, LimbMovement, SignalPoint } from '../core/types.ts';
import type { StoredRecord } from '../adapters/local-store.ts';
import type { ReportDoctorFlag, ReportInput, ReportNight, ReportSummary } from './model.ts';
import { summaryFromData } from './summary-from-data.ts';
import { ZonedClock } from './time-zone.ts';

export interface StoreContents {
  episodes: readonly Episode[];
  signals: readonly SignalPoint[];
  limbMovements: readonly LimbMovement[];
  records: readonly StoredRecord[];
}

export interface ReportSelection {
  device?: string;
  /** the evening's date, YYYY-MM-DD, in the report's time zone */
  night?: string;
  fromMs?: number;
  toMs?: number;
}

export interface AssembleOptions {
  timeZone: string;
  generatedAtMs?: number;
  title?: string;
  /** turn a stored `night_summary` record into the report's summary (src/causes' field layout) */
  summaryOfRecord?(record: StoredRecord, fallback: ReportSummary): ReportSummary | undefined;
  /** turn a stored `doctor_flag` record into the flag */
  doctorFlagOfRecord?(record: StoredRecord): ReportDoctorFlag | undefined;
  /** build a flag from the nights when no record is stored */
  doctorFlagOfNights?(nights: readonly ReportNight[]): ReportDoctorFlag | undefined;
}

export function assembleReport(data: StoreContents, selection: ReportSelection, options: AssembleOptions): ReportInput {
  const clock = new ZonedClock(options.timeZone);
  const inRange = (tMs: number) => (selection.fromMs === undefined || tMs >= selection.fromMs) && (selection.toMs === undefined || tMs < selection.toMs);
  const wanted = (device: string, tMs: number) => (!selection.device || device === selection.device) && inRange(tMs);

  const groups = new Map<string, { device: string; nightDate: string; episodes: Map<string, Episode>; signals: SignalPoint[]; limbMovements: LimbMovement[] }>();
  const groupOf = (device: string, tMs: number) => {
    const nightDate = clock.nightOf(tMs);
    if (selection.night && nightDate !== selection.night) return undefined;
    const key = `${nightDate} ${device}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { device, nightDate, episodes: new Map(), signals: [], limbMovements: [] }));
    return group;
  };

  for (const e of data.episodes) {
    // a store keeps every event; the last close of an id is its final word (QoS 1 may repeat it)
    if (e.event !== 'close' || !wanted(e.device, e.start)) continue;
    groupOf(e.device, e.start)?.episodes.set(e.id, e);
  }
  for (const p of data.signals) if (wanted(p.device, p.tMs)) groupOf(p.device, p.tMs)?.signals.push(p);
  for (const m of data.limbMovements) if (wanted(m.device, m.start)) groupOf(m.device, m.start)?.limbMovements.push(m);

  const nights: ReportNight[] = [];
  for (const g of groups.values()) {
    const episodes = [...g.episodes.values()].sort((a, b) => a.start - b.start);
    const signals = g.signals.sort((a, b) => a.tMs - b.tMs);
    const limbMovements = g.limbMovements.sort((a, b) => a.start - b.start);
    let fromMs = Infinity;
    let toMs = -Infinity;
    for (const p of signals) (fromMs = Math.min(fromMs, p.tMs)), (toMs = Math.max(toMs, p.tMs));
    for (const e of episodes) (fromMs = Math.min(fromMs, e.start)), (toMs = Math.max(toMs, e.end ?? e.start));
    for (const m of limbMovements) (fromMs = Math.min(fromMs, m.start)), (toMs = Math.max(toMs, m.end));
    const fallback = summaryFromData(episodes, limbMovements, signals);
    const record = latestRecord(data.records, 'night_summary', g.device, (r) => clock.nightOf(r.tMs) === g.nightDate);
    const summary = (record && options.summaryOfRecord?.(record, fallback)) || fallback;
    nights.push({
      device: g.device,
      wearer: episodes.find((e) => e.wearer)?.wearer,
      nightDate: g.nightDate,
      fromMs,
      toMs: Math.max(toMs, fromMs + 1),
      episodes,
      signals,
      limbMovements,
      summary,
    });
  }
  nights.sort((a, b) => a.nightDate.localeCompare(b.nightDate) || a.device.localeCompare(b.device));

  const lastMs = nights.length ? Math.max(...nights.map((n) => n.toMs)) : Infinity;
  const devices = new Set(nights.map((n) => n.device));
  const flagRecord = latestRecord(data.records, 'doctor_flag', undefined, (r) => (devices.size === 0 || devices.has(r.tags.device)) && r.tMs <= lastMs + 12 * 3_600_000);
  const doctorFlag = (flagRecord && options.doctorFlagOfRecord?.(flagRecord)) || options.doctorFlagOfNights?.(nights);
  return { title: options.title, timeZone: options.timeZone, generatedAtMs: options.generatedAtMs, nights, doctorFlag };
}

function latestRecord(records: readonly StoredRecord[], measurement: string, device: string | undefined, accept: (r: StoredRecord) => boolean): StoredRecord | undefined {
  let best: StoredRecord | undefined;
  for (const r of records) {
    if (r.measurement !== measurement || (device !== undefined && r.tags.device !== device) || !accept(r)) continue;
    if (!best || r.tMs >= best.tMs) best = r;
  }
  return best;
}
