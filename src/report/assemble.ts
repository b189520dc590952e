// From what a store holds (episode events, signals, limb movements, records) to the nights a
// report shows: closed episodes only, grouped by device and by night, cut to the selection,
// each with its summary, and the doctor flag over the wearer's nights on record.
// Pure: the reading is done by the adapters (local-store, from-influx).
import type { StoredRecord } from '../adapters/local-store.ts';
import { doctorFlag } from '../causes/doctor.ts';
import type { NightSummary } from '../causes/summary.ts';
import type { Episode, LimbMovement, SignalPoint } from '../core/types.ts';
import type { ReportDoctorFlag, ReportInput, ReportNight } from './model.ts';
import { attachDiaries } from './diary-of-nights.ts';
import { doctorFlagOfRecords, nightSummaryOfRecord } from './stored-records.ts';
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
  /** the "see a doctor" flag over one wearer's nights, oldest first; default src/causes' doctorFlag */
  doctorFlagOf?(nights: NightSummary[]): ReportDoctorFlag;
}

interface NightData {
  device: string;
  nightDate: string;
  episodes: Episode[];
  signals: SignalPoint[];
  limbMovements: LimbMovement[];
}

/** A night's records are stamped inside it (a summary at the night's start, a flag when raised). */
const FLAG_AFTER_NIGHT_MS = 12 * 3_600_000;

export function assembleReport(data: StoreContents, selection: ReportSelection, options: AssembleOptions): ReportInput {
  const clock = new ZonedClock(options.timeZone);
  const onRecord = groupNights(data, selection.device, clock);
  const inRange = (tMs: number) => (selection.fromMs === undefined || tMs >= selection.fromMs) && (selection.toMs === undefined || tMs < selection.toMs);

  const summaries = new Map<NightData, NightSummary>();
  for (const night of onRecord) summaries.set(night, summaryOf(night, data.records, clock));

  const nights: ReportNight[] = [];
  for (const night of onRecord) {
    if (selection.night && night.nightDate !== selection.night) continue;
    const cut: NightData = {
      ...night,
      episodes: night.episodes.filter((e) => inRange(e.start)),
      signals: night.signals.filter((p) => inRange(p.tMs)),
      limbMovements: night.limbMovements.filter((m) => inRange(m.start)),
    };
    if (cut.episodes.length + cut.signals.length + cut.limbMovements.length === 0) continue;
    const whole = cut.episodes.length === night.episodes.length && cut.signals.length === night.signals.length && cut.limbMovements.length === night.limbMovements.length;
    const { fromMs, toMs } = boundsOf(cut);
    nights.push({
      device: night.device,
      wearer: wearerOf(night, summaries.get(night)),
      nightDate: night.nightDate,
      fromMs,
      toMs,
      episodes: cut.episodes,
      signals: cut.signals,
      limbMovements: cut.limbMovements,
      // a night cut short by --from/--to is summarised as shown, not as stored
      summary: whole ? summaries.get(night)! : summaryFromData(night.device, wearerOf(night), cut.episodes, cut.signals, cut.limbMovements, fromMs, toMs),
    });
  }

  attachDiaries(nights, onRecord.map((n) => ({ ...n, wearer: wearerOf(n, summaries.get(n)) })), data.records);
  return {
    title: options.title,
    timeZone: options.timeZone,
    generatedAtMs: options.generatedAtMs,
    nights,
    doctorFlag: doctorFlagFor(nights, onRecord, summaries, data.records, options),
  };
}

/** Every night in the store (of one device, when asked), oldest first, with its data sorted. */
function groupNights(data: StoreContents, device: string | undefined, clock: ZonedClock): NightData[] {
  const groups = new Map<string, NightData>();
  const closes = new Map<string, Map<string, Episode>>();
  const groupOf = (dev: string, tMs: number): NightData => {
    const nightDate = clock.nightOf(tMs);
    const key = `${nightDate} ${dev}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { device: dev, nightDate, episodes: [], signals: [], limbMovements: [] }));
    return group;
  };
  const wanted = (dev: string) => !device || dev === device;
  for (const e of data.episodes) {
    // a store keeps every event; the last close of an id is its final word (QoS 1 may repeat it)
    if (e.event !== 'close' || !wanted(e.device)) continue;
    const group = groupOf(e.device, e.start);
    const key = `${group.nightDate} ${group.device}`;
    if (!closes.has(key)) closes.set(key, new Map());
    closes.get(key)!.set(e.id, e);
  }
  for (const p of data.signals) if (wanted(p.device)) groupOf(p.device, p.tMs).signals.push(p);
  for (const m of data.limbMovements) if (wanted(m.device)) groupOf(m.device, m.start).limbMovements.push(m);
  for (const [key, byId] of closes) groups.get(key)!.episodes = [...byId.values()];
  const nights = [...groups.values()];
  for (const n of nights) {
    n.episodes.sort((a, b) => a.start - b.start);
    n.signals.sort((a, b) => a.tMs - b.tMs);
    n.limbMovements.sort((a, b) => a.start - b.start);
  }
  return nights.sort((a, b) => a.nightDate.localeCompare(b.nightDate) || a.device.localeCompare(b.device));
}

function boundsOf(night: Pick<NightData, 'episodes' | 'signals' | 'limbMovements'>): { fromMs: number; toMs: number } {
  let fromMs = Infinity;
  let toMs = -Infinity;
  for (const p of night.signals) (fromMs = Math.min(fromMs, p.tMs)), (toMs = Math.max(toMs, p.tMs));
  for (const e of night.episodes) (fromMs = Math.min(fromMs, e.start)), (toMs = Math.max(toMs, e.end ?? e.start));
  for (const m of night.limbMovements) (fromMs = Math.min(fromMs, m.start)), (toMs = Math.max(toMs, m.end));
  return { fromMs, toMs: Math.max(toMs, fromMs + 1) };
}

function wearerOf(night: NightData, summary?: NightSummary): string | undefined {
  return night.episodes.find((e) => e.wearer)?.wearer ?? summary?.wearer;
}

function summaryOf(night: NightData, records: readonly StoredRecord[], clock: ZonedClock): NightSummary {
  const { fromMs, toMs } = boundsOf(night);
  const rebuilt = summaryFromData(night.device, wearerOf(night), night.episodes, night.signals, night.limbMovements, fromMs, toMs);
  let stored: StoredRecord | undefined;
  for (const r of records) {
    if (r.measurement !== 'night_summary' || r.tags.device !== night.device || clock.nightOf(r.tMs) !== night.nightDate) continue;
    if (!stored || r.tMs >= stored.tMs) stored = r;
  }
  const summary = stored ? nightSummaryOfRecord(stored, rebuilt) : rebuilt;
  if (stored?.tags.wearer && !summary.wearer) summary.wearer = stored.tags.wearer;
  return summary;
}

/**
 * The flag per wearer (a device stands in when no wearer is known), over all their nights on
 * record up to the last one shown: what the pipeline stored when it raised a flag, else
 * src/causes' doctorFlag over the summaries. Reasons of several wearers are joined.
 */
function doctorFlagFor(
  shown: readonly ReportNight[],
  onRecord: readonly NightData[],
  summaries: ReadonlyMap<NightData, NightSummary>,
  records: readonly StoredRecord[],
  options: AssembleOptions,
): ReportDoctorFlag | undefined {
  const whoOf = (device: string, wearer: string | undefined) => wearer ?? `device ${device}`;
  const people = [...new Set(shown.map((n) => whoOf(n.device, n.wearer)))];
  const flags: { who: string; flag: ReportDoctorFlag }[] = [];
  for (const who of people) {
    const theirShown = shown.filter((n) => whoOf(n.device, n.wearer) === who);
    const devices = new Set(theirShown.map((n) => n.device));
    const lastDate = theirShown[theirShown.length - 1].nightDate;
    const firstMs = Math.min(...theirShown.map((n) => n.fromMs));
    const lastMs = Math.max(...theirShown.map((n) => n.toMs)) + FLAG_AFTER_NIGHT_MS;
    const stored = latestOnly(
      records.filter((r) => r.measurement === 'doctor_flag' && (devices.has(r.tags.device) || r.tags.wearer === who) && r.tMs >= firstMs && r.tMs <= lastMs),
    );
    const history = onRecord.filter((n) => whoOf(n.device, wearerOf(n, summaries.get(n))) === who && n.nightDate <= lastDate).map((n) => summaries.get(n)!);
    const flag = doctorFlagOfRecords(stored) ?? (options.doctorFlagOf ?? doctorFlag)(history);
    if (flag) flags.push({ who, flag });
  }
  if (flags.length === 0) return undefined;
  if (flags.length === 1) return flags[0].flag;
  return {
    flag: flags.some((f) => f.flag.flag),
    reasons: flags.flatMap((f) => f.flag.reasons.map((r) => `${f.who}: ${r}`)),
  };
}

/** The flag raised last looks back over all nights before it: earlier ones are superseded. */
function latestOnly(records: readonly StoredRecord[]): StoredRecord[] {
  const lastMs = Math.max(...records.map((r) => r.tMs));
  return records.filter((r) => r.tMs === lastMs);
}
