// A diary as the stores keep it: the InfluxDB point (typed as schema.ts declares) and the record
// the local store writes, read back into the same diary.
import { describe, expect, it } from 'vitest';
import { diaryPoint } from '../../src/adapters/influx/diary-point.ts';
import { MEASUREMENT, SCHEMA } from '../../src/adapters/influx/schema.ts';
import { diaryFields, diaryOfFields } from '../../src/diary/record.ts';
import type { WearerDiary } from '../../src/diary/types.ts';

const diary: WearerDiary = {
  v: 1,
  t: 1764230000000.4,
  night: '2026-11-26',
  cramps: [
    { at: 1764213400000, muscle: 'calf', pain: 7, minutes: 2 },
    { at: 1764220000000, pain: 3.5 },
    { at: 1764221000000, muscle: 'foot' },
  ],
};

describe('the diary measurement', () => {
  it('is a point with the declared field types, at the whole millisecond it was sent', () => {
    const result = diaryPoint({ device: 'leg-01', wearer: 'w-017', diary });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { point } = result;
    expect(point).toMatchObject({ rp: 'autogen', measurement: 'diary', tags: { device: 'leg-01', wearer: 'w-017' }, tMs: 1764230000000 });
    expect(point.fields).toEqual({ night: '2026-11-26', noted: 3, cramps: JSON.stringify(diary.cramps), pain_max: 7, felt_min: 2 });
    const declared = SCHEMA.find((s) => s.measurement === MEASUREMENT.diary)!;
    expect(Object.keys(point.fields).every((name) => name in declared.fields)).toBe(true);
    expect(Object.keys(point.tags).every((name) => declared.tags.includes(name))).toBe(true);
  });

  it('leaves out what was not given, and an unsafe wearer tag; refuses a bad device id', () => {
    const none = diaryPoint({ device: 'leg-01', wearer: 'w 017\n,x=1', diary: { ...diary, cramps: [] } });
    expect(none.ok && none.point.fields).toEqual({ night: '2026-11-26', noted: 0, cramps: '[]' });
    expect(none.ok && none.point.tags).toEqual({ device: 'leg-01' });
    expect(diaryPoint({ device: '../x', diary })).toEqual({ ok: false, reason: 'bad_device_id' });
  });

  it('reads back into the diary it was, and refuses what is not one', () => {
    expect(diaryOfFields({ ...diaryFields(diary) }, diary.t)).toEqual(diary);
    expect(diaryOfFields({ night: '2026-11-26', cramps: 'not json' }, 0)).toBeUndefined();
    expect(diaryOfFields({ night: 'yesterday', cramps: '[]' }, 0)).toBeUndefined();
    expect(diaryOfFields({ night: '2026-11-26', cramps: '[{"at":"3am"},{"at":5,"muscle":"arm"}]' }, 0)).toEqual({ v: 1, t: 0, night: '2026-11-26', cramps: [{ at: 5 }] });
  });
});
