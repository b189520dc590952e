// The NightBook's doctor flag over nights from before a restart: seeded with stored nights, it
// flags on the next night what it could only flag after days of uptime without them.
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../src/adapters/local-store.ts';
import { storedNightsByWearer } from '../../src/app/night-history.ts';
import { HISTORY_NIGHTS, NightBook } from '../../src/app/nights.ts';
import { summarizeNight, type NightSummary } from '../../src/causes/index.ts';
import type { ContextLog } from '../../src/core/types.ts';
import { DAY_MS, episode, healthyProfile, NIGHT_START_MS, ordinaryDay, stats } from '../causes/helpers.ts';

const HOUR = 3600_000;
const profile = healthyProfile({ wearer: 'w-1' });

/** Night i (0-based) of leg-01, with `cramps` mild 45 s cramps. */
function endNight(book: NightBook, i: number, cramps: number, context?: ContextLog) {
  const fromMs = NIGHT_START_MS + i * DAY_MS;
  for (let k = 0; k < cramps; k++) book.episode(episode({ start: fromMs + (k + 1) * HOUR, durationS: 45 }));
  return book.nightEnded(stats({ fromMs }), profile, context);
}

/** What an earlier run stored, as the store would give it back. */
function earlierRun(nights: { cramps: number; context?: ContextLog }[]): StoredRecord[] {
  const records: StoredRecord[] = [];
  const book = new NightBook({ record: (measurement, tags, fields, tMs) => records.push({ measurement, tags, fields, tMs }) });
  nights.forEach((n, i) => endNight(book, i, n.cramps, n.context));
  return records;
}

function seeded(records: readonly StoredRecord[]): NightBook {
  const book = new NightBook();
  for (const [wearer, nights] of storedNightsByWearer(records)) book.remember(wearer, nights);
  return book;
}

describe('NightBook with earlier nights', () => {
  it('flags "frequent" on the first night after a restart when 4 earlier nights had cramps', () => {
    const book = new NightBook();
    const earlier: NightSummary[] = [0, 1, 2, 3].map((i) =>
      summarizeNight({ device: 'leg-01', wearer: 'w-1', episodes: [episode({ start: NIGHT_START_MS + i * DAY_MS + HOUR })], stats: stats({ fromMs: NIGHT_START_MS + i * DAY_MS }) }),
    );
    book.remember('w-1', earlier);
    const { flag } = endNight(book, 4, 0);
    expect(flag.codes).toContain('frequent');
    expect(flag.reasons).toContain('you had cramps on 4 of the last 5 nights');
    expect(flag.nightsConsidered).toBe(5);
  });

  it('without them, the same night flags nothing', () => {
    expect(endNight(new NightBook(), 4, 0).flag.flag).toBe(false);
  });

  it('reads them from stored records, keyed by wearer, oldest first', () => {
    const records = earlierRun([{ cramps: 1 }, { cramps: 2 }, { cramps: 1 }, { cramps: 1 }]).reverse();
    const byWearer = storedNightsByWearer(records);
    expect([...byWearer.keys()]).toEqual(['w-1']);
    expect(byWearer.get('w-1')!.map((n) => n.cramps)).toEqual([1, 2, 1, 1]);
    expect(endNight(seeded(records), 4, 1).flag.codes).toContain('frequent');
  });

  it('counts a night summarised twice (a restart as it ended) once, as its later record', () => {
    const once = earlierRun([{ cramps: 1 }, { cramps: 0 }]);
    const partial = once.map((r) => ({ ...r, fields: { ...r.fields, cramps: 0 } }));
    const nights = storedNightsByWearer([...partial, ...once]).get('w-1')!;
    expect(nights.map((n) => n.cramps)).toEqual([1, 0]);
  });

  it('"not improving" from the days stored with the summaries', () => {
    const stretched = (i: number) => ordinaryDay({ t: NIGHT_START_MS + i * DAY_MS - 4 * HOUR, water_l: 1, stretched_before_bed: true });
    const records = earlierRun([0, 1, 2].map((i) => ({ cramps: 1, context: stretched(i) })));
    const { flag } = endNight(seeded(records), 3, 0);
    expect(flag.codes).toEqual(['not_improving']);
    expect(flag.reasons).toEqual(['cramps kept coming on 3 of 3 nights when you stretched before bed']);
  });

  it('keeps at most HISTORY_NIGHTS nights', () => {
    const records = earlierRun(Array.from({ length: HISTORY_NIGHTS + 5 }, () => ({ cramps: 0 })));
    const { flag } = endNight(seeded(records), HISTORY_NIGHTS + 5, 0);
    expect(flag.nightsConsidered).toBe(HISTORY_NIGHTS);
  });
});

