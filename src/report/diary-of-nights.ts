// The wearer's diary beside each night a report shows: the latest diary stored for that wearer
// and night (`diary` records), matched with the cramps of all the wearer's devices that night,
// the same matching the live pipeline does (src/diary). Pure.
import type { StoredRecord } from '../adapters/local-store.ts';
import type { Episode } from '../core/types.ts';
import { diaryCounts, matchDiary } from '../diary/match.ts';
import { DIARY_MEASUREMENT, diaryOfFields } from '../diary/record.ts';
import type { WearerDiary } from '../diary/types.ts';
import type { ReportNight } from './model.ts';

export interface NightOnRecord {
  device: string;
  wearer?: string;
  nightDate: string;
  episodes: readonly Episode[];
}

/** Sets `summary.diary` on every shown night whose wearer sent a diary for it. */
export function attachDiaries(shown: readonly ReportNight[], onRecord: readonly NightOnRecord[], records: readonly StoredRecord[]): void {
  // a diary is the wearer's; a night whose wearer the store does not know finds it by its device
  const latest = new Map<string, { tMs: number; diary: WearerDiary }>();
  const keep = (key: string, tMs: number, diary: WearerDiary) => {
    const seen = latest.get(key);
    if (!seen || tMs >= seen.tMs) latest.set(key, { tMs, diary });
  };
  for (const r of records) {
    if (r.measurement !== DIARY_MEASUREMENT) continue;
    const diary = diaryOfFields(r.fields, r.tMs);
    if (!diary) continue;
    if (r.tags.wearer) keep(`wearer ${r.tags.wearer} ${diary.night}`, r.tMs, diary);
    if (r.tags.device) keep(`device ${r.tags.device} ${diary.night}`, r.tMs, diary);
  }
  const whoOf = (n: { wearer?: string; device: string }) => (n.wearer ? `wearer ${n.wearer}` : `device ${n.device}`);
  for (const night of shown) {
    const who = whoOf(night);
    const found = latest.get(`${who} ${night.nightDate}`);
    if (!found) continue;
    const episodes = onRecord.filter((n) => whoOf(n) === who && n.nightDate === night.nightDate).flatMap((n) => n.episodes);
    const noted = found.diary.cramps;
    night.summary.diary = diaryCounts(noted, matchDiary(noted, episodes));
  }
}
