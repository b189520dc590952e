// Keeps the wearers' diaries and their summarised nights side by side, so that whichever comes
// first, the night summary ends up saying how the diary and the sensor agree: a diary sent the
// next morning, after the night was summarised, updates that summary (re-stored, and returned
// for re-publishing). Matched per wearer and night, over all the wearer's devices: a diary says
// what the wearer felt, not which sensor should have seen it.
import type { NightStore } from '../adapters/store.ts';
import { nightSummaryFields, nightSummaryTags } from '../causes/index.ts';
import { diaryCounts, matchDiary } from '../diary/match.ts';
import type { DiaryEntry } from '../diary/record.ts';
import type { EndedNight } from './nights.ts';

/** Wearer-nights kept waiting for their diary or their summary: about a month of a few hundred wearers. */
export const DIARY_BOOK_MAX_NIGHTS = 10_000;

interface WearerNight {
  diary?: DiaryEntry;
  /** the summarised device-nights of this wearer and date */
  nights: EndedNight[];
}

export class DiaryBook {
  private readonly byWearerNight = new Map<string, WearerNight>();

  constructor(private readonly store?: Pick<NightStore, 'diary' | 'record'>) {}

  /**
   * A diary arrived (a corrected one replaces the earlier for its night). Stores it, and returns
   * the nights already summarised whose agreement it changed, their summaries updated and re-stored.
   */
  diary(entry: DiaryEntry): EndedNight[] {
    this.store?.diary(entry);
    const wearerNight = this.wearerNight(entry.wearer ?? entry.device, entry.diary.night);
    wearerNight.diary = entry;
    return this.agree(wearerNight);
  }

  /**
   * A night was summarised (NightBook.nightEnded). When the wearer's diary for it is here, the
   * agreement is put on its summary and on those of the wearer's other devices that night; the
   * summaries changed are re-stored and returned (this one included), for re-publishing.
   */
  nightEnded(ended: EndedNight): EndedNight[] {
    const wearerNight = this.wearerNight(ended.summary.wearer ?? ended.summary.device, ended.record.night);
    wearerNight.nights.push(ended);
    return this.agree(wearerNight);
  }

  /**
   * A night summarised before this run (read back from the store at start), so that its diary,
   * when it comes now, still updates it. Nothing is stored or agreed here.
   */
  remember(ended: EndedNight): void {
    this.wearerNight(ended.summary.wearer ?? ended.summary.device, ended.record.night).nights.push(ended);
  }

  private agree(wearerNight: WearerNight): EndedNight[] {
    const entry = wearerNight.diary;
    if (!entry || wearerNight.nights.length === 0) return [];
    const noted = entry.diary.cramps;
    const counts = diaryCounts(noted, matchDiary(noted, wearerNight.nights.flatMap((n) => n.episodes)));
    for (const night of wearerNight.nights) {
      night.summary.diary = { ...counts, missedAt: [...counts.missedAt] };
      this.store?.record('night_summary', nightSummaryTags(night.summary), { ...nightSummaryFields(night.summary), night: night.record.night, tz: night.timeZone }, night.summary.fromMs);
    }
    return [...wearerNight.nights];
  }

  private wearerNight(who: string, night: string): WearerNight {
    const key = `${who} ${night}`;
    let wearerNight = this.byWearerNight.get(key);
    if (!wearerNight) {
      if (this.byWearerNight.size >= DIARY_BOOK_MAX_NIGHTS) this.byWearerNight.delete(this.byWearerNight.keys().next().value!);
      this.byWearerNight.set(key, (wearerNight = { nights: [] }));
    }
    return wearerNight;
  }
}
