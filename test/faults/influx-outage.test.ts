// Fault 3 (issue 7): InfluxDB goes away for a while in the night (ten minutes in the issue,
// five seconds here: the mechanism is the same). The pipeline carries on; points go to the
// store's bounded on-disk spool and are written, in order, once InfluxDB is back. Replaying a
// spool a second time changes nothing (same series and time overwrite).
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB, type IPoint } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore, openInfluxStore, type InfluxStoreOptions } from '../../src/adapters/influx/influx-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { FRAME_MS } from '../helpers/frames.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { connectSensor } from '../helpers/sensor.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let influxd: Influxd;
let dir: string;
// recent times: InfluxDB refuses points older than the signal retention policy (30 d)
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const DATABASE = 'cw_outage';

beforeAll(async () => {
  [broker, influxd] = await Promise.all([startMosquitto(), startInfluxd()]);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-influx-'));
});
afterAll(async () => {
  await Promise.all([broker?.stop(), influxd?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

function storeOptions(spoolDir: string): InfluxStoreOptions {
  return {
    url: influxd.url,
    database: DATABASE,
    spoolDir,
    logger: silentLogger(),
    // small and quick, so five seconds of outage go through every path: retries, spill, drain
    flushIntervalMs: 200,
    batchSize: 100,
    maxBufferedPoints: 400,
    spillEveryIntervals: 2,
    requestTimeoutMs: 2000,
    backoff: { initialMs: 200, maxMs: 1000 },
  };
}

async function signalTimes(): Promise<number[]> {
  const reader = new InfluxDB({ host: influxd.host, port: influxd.port, database: DATABASE });
  const raw = (await reader.queryRaw(`SELECT "contact" FROM "signals"."signal" WHERE "device" = 'leg-01'`, { precision: 'ms' })) as {
    results: { series?: { values: [number, number][] }[] }[];
  };
  return (raw.results[0].series ?? []).flatMap((s) => s.values.map((v) => v[0]));
}

/** Watches what the store's client really wrote (after InfluxDB said yes): first signal time of each batch. */
function watchWrites(store: InfluxStore): number[] {
  const written: number[] = [];
  const writePoints = store.influx.writePoints.bind(store.influx);
  store.influx.writePoints = async (points: IPoint[], options?: Parameters<typeof writePoints>[1]) => {
    await writePoints(points, options);
    const times = points.filter((p) => p.measurement === 'signal').map((p) => Number(p.timestamp));
    if (times.length > 0) written.push(...times);
  };
  return written;
}

describe('InfluxDB down for a while', () => {
  it('spools, then writes everything in order when it is back; a second replay of the spool is harmless', async () => {
    const FRAMES = 1200;
    const store = await openInfluxStore(storeOptions(join(dir, 'spool')));
    const written = watchWrites(store);
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-influx-outage' });
    const cores = scriptedCores({ signals: true });
    const pipeline = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
    const sensor = await connectSensor({ url: broker.url, device: 'leg-01', startMs: T0 });
    const processed = () => cores.seqs.get('leg-01')?.length ?? 0;

    const sending = sensor.publishRange(0, FRAMES, 5);
    await until(() => store.stats().written >= 200, 20_000, 'first points written');
    influxd.kill();
    const downAt = Date.now();
    await until(() => store.stats().spoolSegments >= 2 && Date.now() - downAt >= 5000, 30_000, 'points spooled during the outage');
    const spoolCopy = join(dir, 'spool-copy');
    await cp(join(dir, 'spool'), spoolCopy, { recursive: true });
    const duringOutage = store.stats();
    await influxd.restart();
    await sending;
    await until(() => processed() >= FRAMES, 30_000, 'every frame processed');
    await pipeline.stop();
    await until(() => store.stats().spoolPoints === 0 && store.stats().buffered === 0, 30_000, 'spool drained');
    await store.close();
    await sensor.end();

    const stats = store.stats();
    const times = await signalTimes();
    const expected = Array.from({ length: FRAMES }, (_, seq) => T0 + seq * FRAME_MS);
    expect(duringOutage.spoolPoints).toBeGreaterThan(0);
    expect(stats).toMatchObject({ dropped: 0, invalid: 0, spoolPoints: 0, buffered: 0 });
    expect(times).toEqual(expected);
    // written in order: each point's time is not before the one written before it
    const outOfOrder = written.filter((tMs, i) => i > 0 && tMs < written[i - 1]);
    expect(outOfOrder).toEqual([]);
    expect(new Set(written).size).toBe(FRAMES);

    // the spool as it was mid-outage, written a second time by another store: nothing changes
    const copied = (await readdir(spoolCopy)).filter((name) => name.endsWith('.ndjson'));
    expect(copied.length).toBeGreaterThan(0);
    const again = new InfluxStore(storeOptions(spoolCopy));
    await again.flush();
    await until(() => again.stats().spoolPoints === 0, 20_000, 'copied spool replayed');
    await again.close();
    expect(again.stats().written).toBeGreaterThan(0);
    expect(await signalTimes()).toEqual(expected);
    console.log(
      `influx outage ~${((Date.now() - downAt) / 1000).toFixed(0)} s window: ${duringOutage.spoolPoints} points in ${duringOutage.spoolSegments} spool segments mid-outage; ` +
        `${stats.written} written, ${stats.spooled} went through the spool, replay of the copy wrote ${again.stats().written} again`,
    );
  });
});
