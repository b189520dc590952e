// The wearer's diary, live: a simulated night through a real mosquitto into the pipeline and a
// real influxd; the night ends and its summary is published; the next morning the app sends the
// diary, and the summary changes — re-published on the retained summary topic and re-stored —
// to say how the diary and the sensor agree.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfluxDB } from 'influx';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../src/adapters/influx/influx-store.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { DiaryBook } from '../../src/app/diary-book.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { nightOutputs } from '../../src/app/night-outputs.ts';
import { NightBook, type EndedNight } from '../../src/app/nights.ts';
import type { NightSummary } from '../../src/causes/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { topicFor } from '../../src/protocol/topics.ts';
import { silentLogger } from '../../src/log.ts';
import { nightDateOf } from '../../firmware-sim/src/diary.ts';
import { nightTruth, randomNightSpec } from '../../firmware-sim/src/night.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let influxd: Influxd;
let dir: string;

beforeAll(async () => {
  [broker, influxd] = await Promise.all([startMosquitto(), startInfluxd()]);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-diary-'));
});
afterAll(async () => {
  await Promise.all([broker?.stop(), influxd?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

type PublishedSummary = NightSummary & { doctor: unknown };

describe('a diary sent the morning after', () => {
  it('changes the night summary already published and stored', async () => {
    const spec = randomNightSpec(11, { preset: 'cramp', hours: 0.1, legs: 1 });
    const device = spec.devices[0].id;
    const [cramp] = nightTruth(spec).episodes.filter((e) => e.kind === 'cramp');
    expect(cramp).toBeDefined();

    const logger = silentLogger();
    const config = loadConfig({}, { mqttUrl: broker.url, influxUrl: influxd.url, dataDir: join(dir, 'data'), signalRetention: 'INF' });
    const store = await openInfluxStore({ url: influxd.url, database: config.influxDatabase, signalRetention: 'INF', spoolDir: join(dir, 'spool'), logger });
    const book = new NightBook(store);
    const closed: Episode[] = [];
    let publishSummary: (night: EndedNight) => void = () => {};
    const outputs = nightOutputs(book, new DiaryBook(store), (night) => publishSummary(night));
    const pipeline = await startLivePipeline({
      config,
      store,
      logger,
      createCore: createDeviceCore,
      nightIdleMs: 1500,
      onEpisode: (event) => {
        book.episode(event);
        if (event.event === 'close') closed.push(event);
      },
      onMessage: (message) => outputs.message(message, pipeline.ingestor.profile(message.device)),
      onNightEnded: (stats) => outputs.nightEnded(stats, pipeline.ingestor.profile(stats.device), pipeline.ingestor.context(stats.device)),
    });
    publishSummary = ({ summary, flag }) => pipeline.client.publish(topicFor.summary(summary.device), JSON.stringify({ ...summary, doctor: flag }), { qos: 1, retain: true });

    const app = await mqtt.connectAsync(broker.url, { clientId: 'companion-app' });
    const summaries: PublishedSummary[] = [];
    app.on('message', (_topic, payload) => summaries.push(JSON.parse(payload.toString())));
    await app.subscribeAsync(topicFor.summary(device), { qos: 1 });

    // the night, without the app's diary; it ends when the sensor has been silent 1.5 s
    const published = await publishNight(spec, { url: broker.url, speed: Infinity, diary: false });
    await until(() => pipeline.received() >= published.sent, 60_000, 'the night reached the pipeline');
    await until(() => summaries.length >= 1, 20_000, 'the night summary was published');
    const before = summaries[0];
    expect(before.diary).toBeUndefined();
    expect(closed.length).toBeGreaterThan(0);
    expect(before.cramps).toBe(closed.length);

    // the next morning: the cramp that woke the wearer, its time guessed 7 minutes late, and one
    // in the foot, where no electrode was
    const diary = {
      v: 1,
      t: Date.now(),
      night: nightDateOf(spec.startMs),
      cramps: [
        { at: cramp.start + 7 * 60_000, muscle: 'calf', pain: 7, minutes: 3 },
        { at: spec.startMs + 60_000, muscle: 'foot', pain: 4 },
      ],
    };
    await app.publishAsync(topicFor.diary(device), JSON.stringify(diary), { qos: 1 });
    await until(() => summaries.length >= 2, 20_000, 'the summary was published again');
    const after = summaries[summaries.length - 1];
    expect(after.diary).toEqual({ noted: 2, found: 1, missed: 1, unfelt: closed.length - 1, missedAt: [spec.startMs + 60_000] });
    expect({ ...after, diary: undefined }).toEqual({ ...before, diary: undefined });

    // a late subscriber (the app opened later) gets the updated summary, retained
    const late = await mqtt.connectAsync(broker.url, { clientId: 'companion-app-late' });
    const retained: PublishedSummary[] = [];
    late.on('message', (_topic, payload) => retained.push(JSON.parse(payload.toString())));
    await late.subscribeAsync(topicFor.summary(device), { qos: 1 });
    await until(() => retained.length >= 1, 10_000, 'the retained summary');
    expect(retained[0].diary?.found).toBe(1);
    await late.endAsync();
    await app.endAsync();
    await pipeline.stop();
    await store.close();

    // InfluxDB: the diary as sent, and the night summary point now with the agreement in it
    const influx = new InfluxDB({ host: influxd.host, port: influxd.port, database: config.influxDatabase });
    const diaries = await influx.query<{ night: string; noted: number; cramps: string; pain_max: number; device: string }>(`SELECT * FROM "diary"`);
    expect(diaries).toHaveLength(1);
    expect(diaries[0]).toMatchObject({ device, night: diary.night, noted: 2, pain_max: 7 });
    expect(JSON.parse(diaries[0].cramps)).toEqual(diary.cramps);
    const stored = await influx.query<Record<string, number>>(`SELECT * FROM "night_summary"`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ cramps: closed.length, diary_noted: 2, diary_found: 1, diary_missed: 1, diary_unfelt: closed.length - 1 });
    const types = await influx.query<{ fieldKey: string; fieldType: string }>(`SHOW FIELD KEYS FROM "diary"`);
    expect(Object.fromEntries(types.map((t) => [t.fieldKey, t.fieldType]))).toMatchObject({ noted: 'integer', pain_max: 'float', night: 'string' });
  });
});
