// The nights summarised by earlier runs, read from the store at start, so that a diary sent the
// morning after still updates its night's summary when the pipeline was restarted in between
// (every deploy). Their summaries come back from the stored `night_summary` records, their
// cramps from the stored closed episodes, the flag published with them from `doctor_flag`.
import { readLocalEpisodes, readLocalRecords, type StoredRecord } from '../adapters/local-store.ts';
import type { DoctorFlag, DoctorReason } from '../causes/index.ts';
import type { Config } from '../config.ts';
import type { Episode } from '../core/types.ts';
import type { Logger } from '../log.ts';
import { readInfluxClosedEpisodes, readInfluxRecords } from '../report/from-influx.ts';
import { nightSummaryOfRecordAlone, stringList } from '../report/stored-records.ts';
import { nightRecordOf } from '../causes/night-record.ts';
import type { DiaryBook } from './diary-book.ts';
import { nightDateOf } from './night-date.ts';
import type { EndedNight } from './nights.ts';
import { localStoreDir } from './open-store.ts';

const DAY_MS = 86_400_000;
/** A diary comes "in the morning or any time later" (PROTOCOL §10.4): a week covers a late one. */
export const DIARY_LATE_DAYS = 7;

const REASONS: DoctorReason[] = ['frequent', 'many_in_a_night', 'severe', 'long', 'worsening', 'not_improving'];

/** The port: stored night summaries, doctor flags and closed episodes from `sinceMs` on. */
export type ReadRecentNights = (sinceMs: number) => Promise<{ records: StoredRecord[]; episodes: Episode[] }>;

/** Reads the store `openStore` writes to for this configuration. */
export function recentNightsReader(config: Config): ReadRecentNights {
  const { influxUrl } = config;
  if (!influxUrl) {
    const dir = localStoreDir(config);
    return async (sinceMs) => ({
      records: readLocalRecords(dir).filter((r) => (r.measurement === 'night_summary' || r.measurement === 'doctor_flag') && r.tMs >= sinceMs),
      episodes: readLocalEpisodes(dir).filter((e) => e.event === 'close' && e.start >= sinceMs),
    });
  }
  const source = { url: influxUrl, database: config.influxDatabase, username: config.influxUsername, password: config.influxPassword };
  return async (sinceMs) => {
    const [summaries, flags, episodes] = await Promise.all([
      readInfluxRecords(source, 'night_summary', sinceMs),
      readInfluxRecords(source, 'doctor_flag', sinceMs),
      readInfluxClosedEpisodes(source, sinceMs),
    ]);
    return { records: [...summaries, ...flags], episodes };
  };
}

/** Each stored night with its cramps and the flag stored last at or before its end. Pure. */
export function endedNightsOf(records: readonly StoredRecord[], episodes: readonly Episode[]): EndedNight[] {
  const summaries = new Map<string, StoredRecord>();
  for (const r of records) if (r.measurement === 'night_summary' && r.tags.device) summaries.set(`${r.tags.device} ${r.tMs}`, r);
  const flags = records.filter((r) => r.measurement === 'doctor_flag').sort((a, b) => a.tMs - b.tMs);
  const lastClose = new Map<string, Episode>();
  for (const e of episodes) if (e.event === 'close') lastClose.set(e.id, e);
  return [...summaries.values()].map((record) => {
    const summary = nightSummaryOfRecordAlone(record);
    const own = [...lastClose.values()].filter((e) => e.device === summary.device && e.start >= summary.fromMs && e.start <= summary.toMs);
    const who = summary.wearer;
    const flagRecord = flags.filter((f) => (who ? f.tags.wearer === who : f.tags.device === summary.device) && f.tMs <= summary.toMs).at(-1);
    const flag = flagOf(flagRecord, summary.toMs);
    // stored since PROTOCOL 1.1 beside the summary; older records are dated in UTC
    const timeZone = typeof record.fields.tz === 'string' ? record.fields.tz : 'UTC';
    const night = typeof record.fields.night === 'string' ? record.fields.night : nightDateOf(summary.fromMs, timeZone);
    return { summary, episodes: own.sort((a, b) => a.start - b.start), flag, record: nightRecordOf(summary, flag, night), timeZone };
  });
}

function flagOf(record: StoredRecord | undefined, endMs: number): DoctorFlag {
  if (!record) return { flag: false, reasons: [], codes: [], nightsConsidered: 0, lastNightEndMs: endMs };
  const f = record.fields;
  return {
    flag: f.flag === true,
    reasons: stringList(f.reasons),
    codes: REASONS.filter((code) => f[code] === true),
    nightsConsidered: typeof f.nights_considered === 'number' ? f.nights_considered : 0,
    lastNightEndMs: record.tMs,
  };
}

/**
 * Gives the diary book the nights stored over the last DIARY_LATE_DAYS; returns how many. A store
 * that cannot be read is a warning: late diaries of earlier nights are then still stored, and the
 * report matches them, but their nights' summaries are not updated.
 */
export async function rememberRecentNights(diaries: DiaryBook, read: ReadRecentNights, options: { nowMs: number; logger: Logger }): Promise<number> {
  let stored: Awaited<ReturnType<ReadRecentNights>>;
  try {
    stored = await read(options.nowMs - DIARY_LATE_DAYS * DAY_MS);
  } catch (error) {
    options.logger.warn({ err: (error as Error).message }, 'could not read recent nights: a diary for a night before this run will not update its summary');
    return 0;
  }
  const nights = endedNightsOf(stored.records, stored.episodes);
  for (const night of nights) diaries.remember(night);
  options.logger.info({ nights: nights.length }, 'recent nights read for late diaries');
  return nights.length;
}
