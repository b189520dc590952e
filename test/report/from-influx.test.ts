// The report's two sources against one contract: a night stored in a real InfluxDB (through the
// pipeline's own InfluxStore) reads back into the same report as the same night in a local
// store folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { LocalStore, readLocalStore } from '../../src/adapters/local-store.ts';
import { silentLogger } from '../../src/log.ts';
import { assembleReport, type ReportSelection, type StoreContents } from '../../src/report/assemble.ts';
import { readInfluxNights } from '../../src/report/from-influx.ts';
import { renderReport } from '../../src/report/render.ts';
import { writeReport } from '../../src/report/write.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { DEVICE, storeHandMadeNight, STORED_REASONS } from './hand-made-night.ts';

let influxd: Influxd;
let dir: string;
const DATABASE = 'crampwatch_report';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-report-influx-'));
  influxd = await startInfluxd();
  // INF: the hand-made night is a fixed date, and a 30-day policy would refuse it some day
  const store = await openInfluxStore({ url: influxd.url, database: DATABASE, signalRetention: 'INF', spoolDir: join(dir, 'spool'), logger: silentLogger() });
  storeHandMadeNight(store);
  await store.close();
  expect(store.stats().dropped + store.stats().invalid).toBe(0);
  const local = new LocalStore(join(dir, 'store'));
  storeHandMadeNight(local);
  await local.close();
});

afterAll(async () => {
  await influxd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const source = () => ({ url: influxd.url, database: DATABASE });
const assemble = (data: StoreContents, selection: ReportSelection = {}) => assembleReport(data, selection, { timeZone: 'UTC', generatedAtMs: 0 });

describe('reading a report from InfluxDB', () => {
  it('gives the same nights, summary, doctor flag and page as the local store', async () => {
    const fromInflux = assemble(await readInfluxNights(source(), {}));
    const fromLocal = assemble(readLocalStore(join(dir, 'store')));
    expect(fromInflux.nights).toHaveLength(1);
    expect(fromInflux.nights[0].episodes).toHaveLength(2);
    expect(fromInflux.nights[0].signals.length).toBe(fromLocal.nights[0].signals.length);
    expect(fromInflux.doctorFlag?.reasons).toEqual(STORED_REASONS);
    expect(fromInflux).toEqual(fromLocal);
    expect(renderReport(fromInflux)).toBe(renderReport(fromLocal));
  });

  it('asks InfluxDB only for the night and device selected', async () => {
    expect((await readInfluxNights(source(), { night: '2026-11-25', device: DEVICE })).episodes).toHaveLength(2);
    expect((await readInfluxNights(source(), { night: '2026-11-27' })).signals).toHaveLength(0);
    expect((await readInfluxNights(source(), { device: 'leg-02' })).episodes).toHaveLength(0);
  });

  it('writes the report file through writeReport', async () => {
    const out = join(dir, 'influx.html');
    const result = await writeReport({ influx: source(), out, timeZone: 'UTC', night: '2026-11-25', nowMs: 0 });
    expect(result).toMatchObject({ nights: 1, cramps: 2 });
  });

  it('reads an empty database as no nights', async () => {
    const empty = assemble(await readInfluxNights({ url: influxd.url, database: 'never_written' }, {}));
    expect(empty.nights).toEqual([]);
  });
});
