// Keeps each device's closed episodes until its night ends, then summarises the night, updates
// the wearer's "see a doctor" flag over the nights on record, and stores both.
import type { NightStats } from '../core/device-core.ts';
import type { ContextLog, Episode, Profile } from '../core/types.ts';
import type { NightStore } from '../adapters/store.ts';
import { doctorFlag, doctorFlagFields, nightSummaryFields, nightSummaryTags, summarizeNight, type DoctorFlag, type NightSummary } from '../causes/index.ts';
import { nightRecordOf, type NightRecord } from '../causes/night-record.ts';
import { nightDateOf } from './night-date.ts';

/** Nights kept per wearer for the doctor flag: enough for "nightly", "worsening", "not improving". */
export const HISTORY_NIGHTS = 60;

export interface EndedNight {
  summary: NightSummary;
  flag: DoctorFlag;
  episodes: Episode[];
  /** the night as PROTOCOL §10.2 writes it, dated in the wearer's time zone */
  record: NightRecord;
  /** the wearer's time zone (profile `tz`, §10.3), else UTC */
  timeZone: string;
}

export class NightBook {
  private readonly episodesByDevice = new Map<string, Episode[]>();
  private readonly historyByWearer = new Map<string, { nights: NightSummary[]; contexts: ContextLog[] }>();

  constructor(private readonly store?: Pick<NightStore, 'record'>) {}

  episode(event: Episode): void {
    if (event.event !== 'close') return;
    let list = this.episodesByDevice.get(event.device);
    if (!list) this.episodesByDevice.set(event.device, (list = []));
    list.push(event);
  }

  /** Earlier nights of a wearer (from the store), oldest first, so the flag sees them. */
  remember(wearer: string, nights: NightSummary[]): void {
    const history = this.history(wearer);
    history.nights.unshift(...nights);
    if (history.nights.length > HISTORY_NIGHTS) history.nights.splice(0, history.nights.length - HISTORY_NIGHTS);
  }

  /**
   * `episodes`: the night's closed episodes when the caller kept them itself (a worker: the night
   * may have begun on another one, night-carry.ts); else those handed to episode().
   */
  nightEnded(stats: NightStats, profile?: Profile, context?: ContextLog, nightEpisodes?: Episode[]): EndedNight {
    const episodes = nightEpisodes ?? this.episodesByDevice.get(stats.device) ?? [];
    this.episodesByDevice.delete(stats.device);
    const summary = summarizeNight({ device: stats.device, wearer: profile?.wearer, episodes, stats, profile, context });
    const wearer = profile?.wearer ?? stats.device;
    const history = this.history(wearer);
    history.nights.push(summary);
    if (context && !history.contexts.includes(context)) history.contexts.push(context);
    if (history.nights.length > HISTORY_NIGHTS) history.nights.shift();
    if (history.contexts.length > HISTORY_NIGHTS) history.contexts.shift();
    const flag = doctorFlag(history.nights, history.contexts);
    const timeZone = profile?.tz ?? 'UTC';
    const record = nightRecordOf(summary, flag, nightDateOf(summary.fromMs, timeZone));
    // the date and zone ride along, so a report or a restarted pipeline shows the wearer's own
    this.store?.record('night_summary', nightSummaryTags(summary), { ...nightSummaryFields(summary), night: record.night, tz: timeZone }, summary.fromMs);
    this.store?.record('doctor_flag', profile?.wearer ? { wearer } : { device: stats.device }, doctorFlagFields(flag), flag.lastNightEndMs ?? summary.toMs);
    return { summary, flag, episodes, record, timeZone };
  }

  private history(wearer: string) {
    let history = this.historyByWearer.get(wearer);
    if (!history) this.historyByWearer.set(wearer, (history = { nights: [], contexts: [] }));
    return history;
  }
}
