// A diary sent after a restart, against both stores: a first run summarises a night (two cramps,
// a severe one flagged) and stores it; a second run reads the recent nights at start as
// `crampwatch run` does, and the diary that comes then updates that night's summary — matched
// with the stored cramps, stored again, and handed back for re-publishing with its stored flag.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalRecords } from '../../src/adapters/local-store.ts';
import { DiaryBook } from '../../src/app/diary-book.ts';
import { DIARY_LATE_DAYS, recentNightsReader, rememberRecentNights } from '../../src/app/diary-history.ts';
import { NightBook } from '../../src/app/nights.ts';
import { localStoreDir, openStore } from '../../src/app/open-store.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { readInfluxRecords } from '../../src/report/from-influx.ts';
import { DAY_MS, episode, healthyProfile, NIGHT_START_MS, stats } from '../causes/helpers.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';

const HOUR = 3_600_000;
const NIGHT = new Date(NIGHT_START_MS).toISOString().slice(0, 10);
const profile = healthyProfile({ wearer: 'w-1' });

let influxd: Influxd;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-diary-history-'));
  influxd = await startInfluxd();
});
afterAll(async () => {
  await influxd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const stores: { name: string; config: () => Config; summaries: (config: Config) => Promise<Record<string, unknown>[]> }[] = [
  {
    name: 'InfluxDB',
    config: () => loadConfig({}, { influxUrl: influxd.url, influxDatabase: 'crampwatch_diary_history', dataDir: join(dir, 'influx') }),
    summaries: async (config) => (await readInfluxRecords({ url: config.influxUrl!, database: config.influxDatabase }, 'night_summary', 0)).map((r) => r.fields),
  },
  {
    name: 'the local store',
    config: () => loadConfig({}, { dataDir: join(dir, 'local') }),
    summaries: async (config) => readLocalRecords(localStoreDir(config)).filter((r) => r.measurement === 'night_summary').map((r) => r.fields),
  },
];

describe.each(stores)('a diary after a restart, with $name', ({ config, summaries }) => {
  it('updates the night the run before summarised', async () => {
    const first = await openStore(config(), silentLogger());
    const firstBook = new NightBook(first);
    const cramps = [episode({ start: NIGHT_START_MS + 2 * HOUR, durationS: 45 }), episode({ start: NIGHT_START_MS + 5 * HOUR, durationS: 90, severity: 'severe' })];
    for (const e of cramps) {
      first.episode(e);
      firstBook.episode(e);
    }
    const before = firstBook.nightEnded(stats(), profile);
    expect(before.flag.flag).toBe(true);
    await first.close();

    const second = await openStore(config(), silentLogger());
    const diaries = new DiaryBook(second);
    const remembered = await rememberRecentNights(diaries, recentNightsReader(config()), { nowMs: NIGHT_START_MS + DAY_MS, logger: silentLogger() });
    expect(remembered).toBe(1);
    const changed = diaries.diary({ device: 'leg-01', wearer: 'w-1', diary: { v: 1, t: NIGHT_START_MS + 10 * HOUR, night: NIGHT, cramps: [{ at: NIGHT_START_MS + 5 * HOUR + 10 * 60_000, muscle: 'calf', pain: 8 }] } });
    await second.close();

    expect(changed).toHaveLength(1);
    const [night] = changed;
    expect(night.summary).toMatchObject({ device: 'leg-01', wearer: 'w-1', fromMs: before.summary.fromMs, cramps: 2, diary: { noted: 1, found: 1, missed: 0, unfelt: 1 } });
    expect(night.episodes.map((e) => e.id)).toEqual(cramps.map((e) => e.id));
    expect(night.flag).toMatchObject({ flag: true, codes: before.flag.codes, reasons: before.flag.reasons });
    const stored = await summaries(config());
    expect(stored.at(-1)).toMatchObject({ cramps: 2, diary_noted: 1, diary_found: 1, diary_unfelt: 1 });
  });

  it(`forgets nights older than ${DIARY_LATE_DAYS} days`, async () => {
    const diaries = new DiaryBook();
    expect(await rememberRecentNights(diaries, recentNightsReader(config()), { nowMs: NIGHT_START_MS + (DIARY_LATE_DAYS + 1) * DAY_MS, logger: silentLogger() })).toBe(0);
  });
});
