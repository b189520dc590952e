// Fault 2 (issue 7): the pipeline is stopped and started again while a sensor keeps sending.
// QoS 1 frames it had not acknowledged are redelivered by the broker (persistent session); a
// frame it acknowledged was processed first. So across the restart every frame is processed
// exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { LocalStore, readLocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { Episode } from '../../src/core/types.ts';
import type { DeviceCounters } from '../../src/ingest/ingestor.ts';
import { seqSummary } from '../helpers/counting-core.ts';
import { NIGHT_START_MS, FRAME_MS } from '../helpers/frames.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { connectSensor } from '../helpers/sensor.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-pipeline-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('pipeline stopped and started again mid-stream', () => {
  for (const protocol of [5, 4] as const) {
    it(`processes every frame exactly once across a graceful restart (MQTT ${protocol === 5 ? '5' : '3.1.1'})`, async () => {
      const FRAMES = 1500;
      const device = `leg-p${protocol}`;
      const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, `data-${protocol}`), mqttClientId: `pipeline-restart-${protocol}`, mqttProtocol: protocol });
      const store = new LocalStore(join(dir, `store-${protocol}`));
      // frames from 200 on are "cramping": an episode is open when the pipeline stops, so its
      // events are in flight (QoS 1, not yet acknowledged) while the client ends
      const cores = scriptedCores();
      const processed = () => cores.seqs.get(device)?.length ?? 0;
      // what each run's ingest edge processed (its core may see more: the second run's detector
      // is warmed up with frames the first one kept, see episode-resume.ts)
      const ingested: DeviceCounters[] = [];
      const onNightEnded = (_stats: unknown, counters: DeviceCounters) => ingested.push(counters);
      const first = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory, onNightEnded });
      const sensor = await connectSensor({ url: broker.url, device });

      // as fast as the sensor's client goes: the stop lands while frames are in flight
      const sending = sensor.publishRange(0, FRAMES, 0, (seq) => (seq >= 200 ? 500 : 10));
      await until(() => processed() >= 300, 20_000, 'first pipeline took frames');
      // an episode event still in flight (QoS 1, not yet acknowledged): the client waits for it
      // while ending, and frames keep arriving meanwhile
      first.client.publish(`crampwatch/v1/${device}/episodes`, '{}', { qos: 1 });
      await first.stop();
      const takenByFirst = processed();
      const second = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory, onNightEnded });
      await sending;
      await until(() => sensor.acked === FRAMES, 30_000, 'broker acknowledged every frame');
      await until(() => new Set(cores.seqs.get(device)).size >= FRAMES, 30_000).catch(() => {});
      await second.stop();
      await sensor.end();

      const summary = seqSummary(cores.seqs.get(device)!);
      expect(takenByFirst).toBeLessThan(FRAMES);
      expect(summary.missing).toEqual([]);
      expect(summary).toMatchObject({ distinct: FRAMES, upTo: FRAMES - 1 });
      // every frame through the ingest edge exactly once, none dropped as a duplicate or late
      expect(ingested).toHaveLength(2);
      expect(ingested[0].frames + ingested[1].frames).toBe(FRAMES);
      expect(ingested.map((c) => [c.duplicates, c.late, c.missingFrames])).toEqual([
        [0, 0, 0],
        [0, 0, 0],
      ]);
      console.log(`MQTT ${protocol}: first run processed ${ingested[0].frames}, second ${ingested[1].frames}; the second run's core was warmed up with ${summary.repeats} frames kept by the first`);
    });
  }

  it('a cramp going on at the stop reaches the app as one episode: one open, one close, one id', async () => {
    const device = 'leg-cramp';
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data-cramp'), mqttClientId: 'pipeline-restart-cramp' });
    const storeDir = join(dir, 'store-cramp');
    const store = new LocalStore(storeDir);
    const cores = scriptedCores();
    const processed = () => cores.seqs.get(device)?.length ?? 0;
    const app = await mqtt.connectAsync(broker.url, { clientId: 'app-cramp' });
    const seen: Episode[] = [];
    app.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString())));
    await app.subscribeAsync(`crampwatch/v1/${device}/episodes`, { qos: 1 });

    const first = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
    const sensor = await connectSensor({ url: broker.url, device });
    const sending = sensor.publishRange(0, 1000, 0, (seq) => (seq >= 200 && seq < 800 ? 500 : 10));
    await until(() => processed() >= 400, 20_000, 'first pipeline in the middle of the cramp');
    await first.stop();
    const second = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
    await sending;
    await until(() => processed() >= 1000, 30_000, 'every frame processed');
    await until(() => seen.some((e) => e.event === 'close'), 10_000, 'the app saw the close');
    await second.stop();
    await sensor.end();
    await app.endAsync();

    const id = `${device}-${NIGHT_START_MS + 200 * FRAME_MS}`;
    expect(seen.filter((e) => e.event !== 'update').map((e) => [e.event, e.id])).toEqual([
      ['open', id],
      ['close', id],
    ]);
    expect(new Set(seen.map((e) => e.id))).toEqual(new Set([id]));
    expect(seen.at(-1)).toMatchObject({ start: NIGHT_START_MS + 200 * FRAME_MS, end: NIGHT_START_MS + 800 * FRAME_MS, duration_s: 60 });
    const stored = readLocalStore(storeDir).episodes;
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set([id]));
    expect(stored.filter((e) => e.event === 'close')).toHaveLength(1);
  });
});
