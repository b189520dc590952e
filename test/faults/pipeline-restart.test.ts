// Fault 2 (issue 7): the pipeline is stopped and started again while a sensor keeps sending.
// QoS 1 frames it had not acknowledged are redelivered by the broker (persistent session); a
// frame it acknowledged was processed first. So across the restart every frame is processed
// exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { seqSummary } from '../helpers/counting-core.ts';
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
      const first = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
      const sensor = await connectSensor({ url: broker.url, device });

      // as fast as the sensor's client goes: the stop lands while frames are in flight
      const sending = sensor.publishRange(0, FRAMES, 0, (seq) => (seq >= 200 ? 500 : 10));
      await until(() => processed() >= 300, 20_000, 'first pipeline took frames');
      await first.stop();
      const takenByFirst = processed();
      const second = await startLivePipeline({ config, store, logger: silentLogger(), createCore: cores.factory });
      await sending;
      await until(() => sensor.acked === FRAMES, 30_000, 'broker acknowledged every frame');
      await until(() => processed() >= FRAMES, 30_000).catch(() => {});
      const counters = second.ingestor.counters(device);
      await second.stop();
      await sensor.end();

      const summary = seqSummary(cores.seqs.get(device)!);
      expect(takenByFirst).toBeLessThan(FRAMES);
      expect(summary.missing).toEqual([]);
      expect(summary).toMatchObject({ distinct: FRAMES, repeats: 0, upTo: FRAMES - 1 });
      expect(counters?.late ?? 0).toBe(0);
      console.log(`MQTT ${protocol}: first pipeline processed ${takenByFirst}, second ${processed() - takenByFirst}, duplicates dropped by the second ${counters?.duplicates}`);
    });
  }
});
