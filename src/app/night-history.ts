// The nights on record before this run, read from the store at start, so the "see a doctor" flag
// of `crampwatch run` still sees them after a restart (every deploy): without them "frequent",
// "worsening" and "not improving" could only fire after days of uptime. The day before each night
// (for "not improving") is stored with its summary, so the summaries are all the flag needs.
import type { StoredRecord } from '../adapters/local-store.ts';
import { readLocalRecords } from '../adapters/local-store.ts';
import type { NightSummary } from '../causes/index.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { readInfluxRecords } from '../report/from-influx.ts';
import { nightSummaryOfRecordAlone } from '../report/stored-records.ts';
import { HISTORY_NIGHTS, type NightBook } from './nights.ts';
import { localStoreDir } from './open-store.ts';

const DAY_MS = 86_400_000;
/** How far back to read: one night a day, as many as the NightBook keeps (the flag itself looks back 14). */
export const HISTORY_DAYS = HISTORY_NIGHTS;

/** The port: the stored `night_summary` records stamped at or after `sinceMs`. */
export type ReadNightRecords = (sinceMs: number) => Promise<StoredRecord[]>;

/** Reads the store `openStore` writes to for this configuration: InfluxDB when a URL is set, else the local folder. */
export function nightRecordReader(config: Config): ReadNightRecords {
  const { influxUrl } = config;
  if (!influxUrl) {
    const dir = localStoreDir(config);
    return async (sinceMs) => readLocalRecords(dir).filter((r) => r.measurement === 'night_summary' && r.tMs >= sinceMs);
  }
  const source = { url: influxUrl, database: config.influxDatabase, username: config.influxUsername, password: config.influxPassword };
  return (sinceMs) => readInfluxRecords(source, 'night_summary', sinceMs);
}

/** Stored nights per wearer, the NightBook's key (the wearer, else the device), oldest first. */
export function storedNightsByWearer(records: readonly StoredRecord[]): Map<string, NightSummary[]> {
  // A night summarised twice (a restart as it ended) is one night: the later record wins, as
  // InfluxDB itself keeps one point per series and time.
  const latest = new Map<string, StoredRecord>();
  for (const record of records) {
    if (record.measurement === 'night_summary' && record.tags.device) latest.set(`${record.tags.device} ${record.tMs}`, record);
  }
  const byWearer = new Map<string, NightSummary[]>();
  for (const record of latest.values()) {
    const wearer = record.tags.wearer ?? record.tags.device;
    let nights = byWearer.get(wearer);
    if (!nights) byWearer.set(wearer, (nights = []));
    nights.push(nightSummaryOfRecordAlone(record));
  }
  for (const nights of byWearer.values()) nights.sort((a, b) => a.fromMs - b.fromMs);
  return byWearer;
}

/**
 * Gives the book the nights stored over the last HISTORY_DAYS before `nowMs`; returns how many.
 * A store that cannot be read (InfluxDB down at start) is a warning, not a stop: the flag then
 * starts without history, and the pipeline runs (the store retries and spools its own writes).
 */
export async function rememberStoredNights(book: NightBook, read: ReadNightRecords, options: { nowMs: number; logger: Logger }): Promise<number> {
  let records: StoredRecord[];
  try {
    records = await read(options.nowMs - HISTORY_DAYS * DAY_MS);
  } catch (error) {
    options.logger.warn({ err: (error as Error).message }, 'could not read earlier nights: the doctor flag starts without history');
    return 0;
  }
  let count = 0;
  for (const [wearer, nights] of storedNightsByWearer(records)) {
    book.remember(wearer, nights);
    count += nights.length;
  }
  options.logger.info({ nights: count }, 'earlier nights read for the doctor flag');
  return count;
}
