// The whole pipeline on real processes: a simulated night published over a real mosquitto, the
// live pipeline, a real influxd; the night's cramps come back from InfluxDB and from the
// episodes topic, and match what really happened.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from 'influx';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { NightBook, type EndedNight } from '../../src/app/nights.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { silentLogger } from '../../src/log.ts';
import { nightTruth, randomNightSpec } from '../../firmware-sim/src/night.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';

let broker: Mosquitto;
let influxd: Influxd;
let dir: string;

beforeAll(async () => {
  [broker, influxd] = await Promise.all([startMosquitto(), startInfluxd()]);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-e2e-'));
});
afterAll(async () => {
  await Promise.all([broker?.stop(), influxd?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a simulated night through mosquitto and influxd', () => {
  it('comes back as the true cramps, from InfluxDB and from the episodes topic', async () => {
    const spec = randomNightSpec(11, { preset: 'cramp', hours: 0.25 });
    const truth = nightTruth(spec).episodes.filter((e) => e.kind === 'cramp');
    expect(truth.length).toBeGreaterThan(0);

    const logger = silentLogger();
    const config = loadConfig({}, { mqttUrl: broker.url, influxUrl: influxd.url, dataDir: join(dir, 'data'), signalRetention: 'INF' });
    const store = await openInfluxStore({ url: influxd.url, database: config.influxDatabase, signalRetention: 'INF', spoolDir: join(dir, 'spool'), logger });
    const book = new NightBook(store);
    const ended: EndedNight[] = [];
    const pipeline = await startLivePipeline({
      config,
      store,
      logger,
      createCore: createDeviceCore,
      onEpisode: (event) => book.episode(event),
      onNightEnded: (stats) => ended.push(book.nightEnded(stats, pipeline.ingestor.profile(stats.device), pipeline.ingestor.context(stats.device))),
    });

    const app = await mqtt.connectAsync(broker.url, { clientId: 'companion-app' });
    const fromTopic: Episode[] = [];
    app.on('message', (_topic, payload) => fromTopic.push(JSON.parse(payload.toString())));
    await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });

    const published = await publishNight(spec, { url: broker.url, speed: Infinity });
    await until(() => pipeline.received() >= published.sent, 60_000);
    await pipeline.stop();
    await store.close();
    await until(() => fromTopic.filter((e) => e.event === 'close').length >= ended.reduce((n, night) => n + night.episodes.length, 0), 10_000);
    await app.endAsync();

    // Every true cramp was found, live.
    const closed = fromTopic.filter((e) => e.event === 'close');
    for (const cramp of truth) {
      const found = closed.find((e) => e.device === cramp.device && e.start < cramp.end && (e.end ?? 0) > cramp.start);
      expect(found, `true cramp at ${new Date(cramp.start).toISOString()}`).toBeDefined();
    }
    expect(fromTopic.some((e) => e.event === 'open')).toBe(true);

    // InfluxDB holds the same closed episodes, the night summary, signals and ingest health.
    const influx = new InfluxDB({ host: influxd.host, port: influxd.port, database: config.influxDatabase });
    const rows = await influx.query<{ episode_id?: string; duration_s: number; device: string }>(`SELECT * FROM "episode" WHERE "event" = 'close'`);
    expect(rows.length).toBe(closed.length);
    for (const e of closed) expect(rows.some((r) => r.device === e.device && Math.abs(r.duration_s - (e.duration_s ?? 0)) < 0.05)).toBe(true);
    const summaries = await influx.query<{ cramps: number; device: string }>(`SELECT * FROM "night_summary"`);
    expect(summaries.map((s) => s.device).sort()).toEqual(spec.devices.map((d) => d.id).sort());
    expect(summaries.reduce((n, s) => n + s.cramps, 0)).toBe(closed.length);
    const signals = await influx.query<{ count: number }>(`SELECT count(*) FROM "signals"."signal"`);
    expect(signals.length).toBe(1);
    const health = await influx.query(`SELECT * FROM "ingest"`);
    expect(health.length).toBeGreaterThan(0);
  });
});
