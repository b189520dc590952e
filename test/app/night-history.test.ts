// The doctor flag after a restart, against both stores: a first run stores 4 nights with cramps
// through the real store (a real influxd, or the local folder), a second run reads them at start
// as `crampwatch run` does, and its first night is flagged "frequent". An InfluxDB that is down
// at start leaves the flag without history, with a warning, and the run goes on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { nightRecordReader, rememberStoredNights } from '../../src/app/night-history.ts';
import { NightBook } from '../../src/app/nights.ts';
import { openStore } from '../../src/app/open-store.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { DAY_MS, episode, healthyProfile, NIGHT_START_MS, stats } from '../causes/helpers.ts';
import { freePort } from '../helpers/free-port.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { capturingLogger } from '../helpers/log-lines.ts';

const HOUR = 3600_000;
const profile = healthyProfile({ wearer: 'w-1' });

let influxd: Influxd;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-night-history-'));
  influxd = await startInfluxd();
});
afterAll(async () => {
  await influxd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Night i (0-based) of leg-01 with one mild cramp. */
function endNight(book: NightBook, i: number) {
  const fromMs = NIGHT_START_MS + i * DAY_MS;
  book.episode(episode({ start: fromMs + HOUR, durationS: 45 }));
  return book.nightEnded(stats({ fromMs }), profile);
}

const stores: { name: string; config: () => Config }[] = [
  { name: 'InfluxDB', config: () => loadConfig({}, { influxUrl: influxd.url, influxDatabase: 'crampwatch_history', dataDir: join(dir, 'influx') }) },
  { name: 'the local store', config: () => loadConfig({}, { dataDir: join(dir, 'local') }) },
];

describe.each(stores)('the doctor flag after a restart, with $name', ({ config }) => {
  it('remembers the nights stored before and flags "frequent" on the next one', async () => {
    const first = await openStore(config(), silentLogger());
    const firstBook = new NightBook(first);
    for (let i = 0; i < 4; i++) endNight(firstBook, i);
    await first.close();
    if (first instanceof InfluxStore) expect(first.stats().dropped + first.stats().invalid).toBe(0);

    const second = await openStore(config(), silentLogger());
    const book = new NightBook(second);
    const remembered = await rememberStoredNights(book, nightRecordReader(config()), { nowMs: NIGHT_START_MS + 5 * DAY_MS, logger: silentLogger() });
    expect(remembered).toBe(4);
    const { flag } = endNight(book, 4);
    await second.close();
    expect(flag.codes).toContain('frequent');
    expect(flag.reasons).toContain('you had cramps on 5 of the last 5 nights');
  });

  it('reads only the last 60 days: 64 days on, the last of the 5 nights above is left', async () => {
    const book = new NightBook();
    const remembered = await rememberStoredNights(book, nightRecordReader(config()), { nowMs: NIGHT_START_MS + 64 * DAY_MS, logger: silentLogger() });
    expect(remembered).toBe(1);
  });
});

describe('an InfluxDB that is down at start', () => {
  it('starts the flag without history, with a warning', async () => {
    const config = loadConfig({}, { influxUrl: `http://127.0.0.1:${await freePort()}`, dataDir: join(dir, 'down') });
    const { logger, records } = capturingLogger();
    const book = new NightBook();
    expect(await rememberStoredNights(book, nightRecordReader(config), { nowMs: NIGHT_START_MS + 5 * DAY_MS, logger })).toBe(0);
    expect(records()).toContainEqual(expect.objectContaining({ level: 40, msg: 'could not read earlier nights: the doctor flag starts without history' }));
    expect(endNight(book, 4).flag.nightsConsidered).toBe(1);
  });
});

