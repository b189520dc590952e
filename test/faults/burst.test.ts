// Fault 4 (issue 7): a burst of traffic into a slow database. 200 sensors' frames have queued in
// the broker while the pipeline was away; it comes back and the broker pours the backlog in as
// fast as it can, while every InfluxDB request takes 150 ms more than it should. Backpressure,
// not unbounded memory: the MQTT client takes one message at a time (it acknowledges after the
// handler, and the socket waits meanwhile), the store holds a bounded number of points and
// spills the rest to its spool. Nothing is lost.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from 'influx';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { countingCores, seqSummary } from '../helpers/counting-core.ts';
import { shippedBrokerSettings } from '../helpers/deploy-mosquitto.ts';
import { FRAME_MS, frameJson, framesTopic } from '../helpers/frames.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { startSlowProxy, type SlowProxy } from '../helpers/slow-proxy.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let influxd: Influxd;
let proxy: SlowProxy;
let dir: string;
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const DEVICES = 200;
const FRAMES_EACH = 50;
const PUBLISHERS = 10;
const MAX_BUFFERED = 2000;

beforeAll(async () => {
  // the shipped broker settings (queue bounds included), without its password file and ACL
  const shipped = shippedBrokerSettings().filter((line) => !line.startsWith('allow_anonymous'));
  [broker, influxd] = await Promise.all([startMosquitto({ extraConfig: shipped }), startInfluxd()]);
  proxy = await startSlowProxy(influxd.url, 150);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-burst-'));
});
afterAll(async () => {
  await proxy?.close();
  await Promise.all([broker?.stop(), influxd?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

const deviceId = (i: number) => `leg-${String(i).padStart(3, '0')}`;
const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);

describe('a burst of 200 sensors into a slow database', () => {
  it('keeps memory bounded and loses nothing', async () => {
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-burst' });
    const cores = scriptedCores({ signals: true });
    const storeOptions = {
      url: proxy.url,
      database: 'cw_burst',
      spoolDir: join(dir, 'spool'),
      logger: silentLogger(),
      flushIntervalMs: 200,
      batchSize: 500,
      maxBufferedPoints: MAX_BUFFERED,
      spillEveryIntervals: 2,
      backoff: { initialMs: 200, maxMs: 1000 },
    };
    // a first run creates the persistent session (subscriptions), then goes away
    const store = await openInfluxStore(storeOptions);
    await (await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory })).stop();

    // the backlog: every sensor's frames, queued by the broker for the absent pipeline
    const publishers = await Promise.all(Array.from({ length: PUBLISHERS }, (_, p) => mqtt.connectAsync(broker.url, { clientId: `burst-pub-${p}` })));
    await Promise.all(
      publishers.map(async (client, p) => {
        const sends: Promise<unknown>[] = [];
        for (let seq = 0; seq < FRAMES_EACH; seq++) {
          for (let d = p; d < DEVICES; d += PUBLISHERS) {
            sends.push(client.publishAsync(framesTopic(deviceId(d)), frameJson({ seq, tMs: T0 + seq * FRAME_MS }), { qos: 1 }));
          }
        }
        await Promise.all(sends);
        await client.endAsync();
      }),
    );

    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    let peakBuffered = 0;
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peakHeap = Math.max(peakHeap, now.heapUsed);
      peakRss = Math.max(peakRss, now.rss);
      peakBuffered = Math.max(peakBuffered, store.stats().buffered);
    }, 10);
    const startedAt = Date.now();
    const pipeline = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
    const processed = () => {
      let n = 0;
      for (const seqs of cores.seqs.values()) n += seqs.length;
      return n;
    };
    const TOTAL = DEVICES * FRAMES_EACH;
    await until(() => processed() >= TOTAL, 60_000).catch(() => {});
    const drainedAt = Date.now();
    await pipeline.stop();
    await until(() => store.stats().spoolPoints === 0 && store.stats().buffered === 0, 60_000, 'store drained');
    clearInterval(sample);
    await store.close();

    const stats = store.stats();
    expect(processed()).toBe(TOTAL);
    for (let d = 0; d < DEVICES; d++) {
      expect(seqSummary(cores.seqs.get(deviceId(d)) ?? [])).toMatchObject({ distinct: FRAMES_EACH, repeats: 0, missing: [] });
    }
    // the store never held more than its bound in memory; the rest went through the spool
    expect(peakBuffered).toBeLessThanOrEqual(MAX_BUFFERED);
    expect(stats).toMatchObject({ dropped: 0, invalid: 0 });
    const reader = new InfluxDB({ host: influxd.host, port: influxd.port, database: 'cw_burst' });
    const rows = await reader.query<{ count: number }>('SELECT count("contact") FROM "signals"."signal"');
    expect(rows[0].count).toBe(TOTAL);
    // loose sanity bound only (garbage not yet collected counts too); the figures are printed
    expect(peakHeap - before.heapUsed).toBeLessThan(256 * 2 ** 20);
    console.log(
      `burst: ${TOTAL} frames from ${DEVICES} sensors taken in ${drainedAt - startedAt} ms; heap ${mb(before.heapUsed)} → peak ${mb(peakHeap)} MiB, ` +
        `rss ${mb(before.rss)} → peak ${mb(peakRss)} MiB; store peak ${peakBuffered} points in memory (bound ${MAX_BUFFERED}), ` +
        `${stats.spooled} through the spool, ${proxy.requests} slow requests`,
    );
  });
});

describe("mosquitto's default queue bound", () => {
  it('drops QoS 1 frames beyond 1000 queued for an absent pipeline; the pipeline counts them as missing, never zeros', async () => {
    const small = await startMosquitto({ extraConfig: ['max_queued_messages 1000'] }); // mosquitto's default
    try {
      const config = loadConfig({}, { mqttUrl: small.url, dataDir: join(dir, 'data-default'), mqttClientId: 'pipeline-default-queue' });
      const store = await openInfluxStore({ url: influxd.url, database: 'cw_default_queue', spoolDir: join(dir, 'spool-default'), logger: silentLogger() });
      const cores = countingCores();
      await (await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory })).stop();
      const sensor = await mqtt.connectAsync(small.url, { clientId: 'sensor-default-queue' });
      const sends: Promise<unknown>[] = [];
      for (let seq = 0; seq < 1500; seq++) sends.push(sensor.publishAsync(framesTopic('leg-q'), frameJson({ seq, tMs: T0 + seq * FRAME_MS }), { qos: 1 }));
      await Promise.all(sends); // every one acknowledged to the sensor
      await sensor.endAsync();
      const pipeline = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
      await until(() => (cores.byDevice.get('leg-q')?.seqs.length ?? 0) >= 1000, 20_000, 'queued frames delivered');
      // the sequencer declares the gap when a later frame arrives: send one more
      const late = await mqtt.connectAsync(small.url, { clientId: 'sensor-default-queue' });
      await late.publishAsync(framesTopic('leg-q'), frameJson({ seq: 1500, tMs: T0 + 1500 * FRAME_MS }), { qos: 1 });
      await late.endAsync();
      await until(() => cores.byDevice.get('leg-q')!.seqs.includes(1500), 20_000, 'the frame after the drop');
      const counters = pipeline.ingestor.counters('leg-q')!;
      await pipeline.stop();
      await store.close();
      const delivered = cores.byDevice.get('leg-q')!.seqs.length - 1;
      expect(delivered).toBeLessThan(1500);
      expect(counters.missingFrames).toBe(1500 - delivered);
      console.log(`default queue bound: ${1500 - delivered} of 1500 acknowledged frames dropped by the broker, all counted as missing`);
    } finally {
      await small.stop();
    }
  });
});
