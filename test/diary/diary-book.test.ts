// The DiaryBook: a diary and its night meet whichever comes first; a diary sent after the night
// was summarised updates that summary and stores it again; both legs of a wearer count as one.
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/adapters/local-store.ts';
import { DiaryBook } from '../../src/app/diary-book.ts';
import { NightBook } from '../../src/app/nights.ts';
import type { DiaryEntry } from '../../src/diary/record.ts';
import { episode, healthyProfile, NIGHT_START_MS, stats } from '../causes/helpers.ts';

const HOUR = 3_600_000;
const NIGHT = new Date(NIGHT_START_MS).toISOString().slice(0, 10);
const profile = healthyProfile({ wearer: 'w-1' });

function books() {
  const records: StoredRecord[] = [];
  const diaries: DiaryEntry[] = [];
  const store = { record: (measurement: string, tags: Record<string, string>, fields: StoredRecord['fields'], tMs: number) => records.push({ measurement, tags, fields, tMs }), diary: (entry: DiaryEntry) => diaries.push(entry) };
  return { nights: new NightBook(store), diaries: new DiaryBook(store), records, stored: diaries };
}

const diary = (atHours: number[], device = 'leg-01'): DiaryEntry => ({ device, wearer: 'w-1', diary: { v: 1, t: NIGHT_START_MS + 10 * HOUR, night: NIGHT, cramps: atHours.map((h) => ({ at: NIGHT_START_MS + h * HOUR + 7 * 60_000, muscle: 'calf' as const })) } });

describe('DiaryBook', () => {
  it('updates a night already summarised when its diary comes the next morning, and stores both', () => {
    const { nights, diaries, records, stored } = books();
    nights.episode(episode({ start: NIGHT_START_MS + 2 * HOUR }));
    nights.episode(episode({ start: NIGHT_START_MS + 5 * HOUR }));
    const ended = nights.nightEnded(stats(), profile);
    expect(diaries.nightEnded(ended)).toEqual([]);
    expect(ended.summary.diary).toBeUndefined();

    const changed = diaries.diary(diary([2, 4]));
    expect(changed).toEqual([ended]);
    expect(ended.summary.diary).toEqual({ noted: 2, found: 1, missed: 1, unfelt: 1, missedAt: [NIGHT_START_MS + 4 * HOUR + 7 * 60_000] });
    expect(stored).toHaveLength(1);
    const summaries = records.filter((r) => r.measurement === 'night_summary');
    expect(summaries).toHaveLength(2);
    // the second write is the same point (series and time) with the agreement in it
    expect(summaries[1].tMs).toBe(summaries[0].tMs);
    expect(summaries[0].fields.diary_noted).toBeUndefined();
    expect(summaries[1].fields).toMatchObject({ diary_noted: 2, diary_found: 1, diary_missed: 1, diary_unfelt: 1 });
  });

  it('puts a diary that came first on the night when it ends', () => {
    const { nights, diaries } = books();
    expect(diaries.diary(diary([2]))).toEqual([]);
    nights.episode(episode({ start: NIGHT_START_MS + 2 * HOUR }));
    const ended = nights.nightEnded(stats(), profile);
    expect(diaries.nightEnded(ended)).toEqual([ended]);
    expect(ended.summary.diary).toMatchObject({ noted: 1, found: 1, missed: 0, unfelt: 0 });
  });

  it('takes a corrected diary over the first one', () => {
    const { nights, diaries } = books();
    const ended = nights.nightEnded(stats(), profile);
    diaries.nightEnded(ended);
    diaries.diary(diary([3]));
    expect(ended.summary.diary).toMatchObject({ noted: 1, missed: 1 });
    diaries.diary(diary([]));
    expect(ended.summary.diary).toMatchObject({ noted: 0, found: 0, missed: 0, unfelt: 0 });
  });

  it('matches over both legs of the wearer, and updates the leg that ended first', () => {
    const { nights, diaries } = books();
    nights.episode(episode({ start: NIGHT_START_MS + 2 * HOUR }));
    nights.episode(episode({ device: 'leg-02', id: 'leg-02-x', start: NIGHT_START_MS + 6 * HOUR }));
    diaries.diary(diary([2, 6]));
    const left = nights.nightEnded(stats(), profile);
    diaries.nightEnded(left);
    expect(left.summary.diary).toMatchObject({ found: 1, missed: 1 });
    const right = nights.nightEnded(stats({ device: 'leg-02' }), profile);
    expect(diaries.nightEnded(right)).toEqual([left, right]);
    expect(left.summary.diary).toMatchObject({ noted: 2, found: 2, missed: 0, unfelt: 0 });
    expect(right.summary.diary).toEqual(left.summary.diary);
  });

  it('leaves another night and another wearer alone', () => {
    const { nights, diaries } = books();
    const ended = nights.nightEnded(stats(), profile);
    diaries.nightEnded(ended);
    expect(diaries.diary({ ...diary([2]), diary: { ...diary([]).diary, night: '2026-11-19' } })).toEqual([]);
    expect(diaries.diary({ ...diary([2]), wearer: 'w-2' })).toEqual([]);
    expect(ended.summary.diary).toBeUndefined();
  });

  it('names the night in the wearer\'s zone', () => {
    // 04:00 UTC on the 20th is 13:00 in Tokyo: the night of the 20th there, of the 19th in UTC
    const { nights, diaries } = books();
    const ended = nights.nightEnded(stats({ fromMs: Date.parse('2026-11-20T04:00:00Z') }), { ...profile, tz: 'Asia/Tokyo' });
    diaries.nightEnded(ended);
    expect(diaries.diary({ ...diary([]), diary: { ...diary([]).diary, night: '2026-11-19' } })).toEqual([]);
    expect(diaries.diary({ ...diary([]), diary: { ...diary([]).diary, night: '2026-11-20' } })).toEqual([ended]);
  });
});
