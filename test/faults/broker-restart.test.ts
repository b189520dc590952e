// Fault 1 (issue 7): the broker restarts in the middle of the night. The sensor keeps sampling
// and its MQTT client holds what it cannot send; the pipeline reconnects with jittered backoff;
// mosquitto's persistence keeps the pipeline's session (subscriptions and queued QoS 1 frames).
// Then every frame the sensor sent is processed exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { countingCores, seqSummary } from '../helpers/counting-core.ts';
import { capturingLogger } from '../helpers/log-lines.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { connectSensor } from '../helpers/sensor.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-broker-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('broker restart mid-night', () => {
  it('loses no frame: sensor and pipeline reconnect, the persistent session resumes', async () => {
    const FRAMES = 400;
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-broker-restart' });
    const cores = countingCores();
    const log = capturingLogger();
    const pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, 'store')), logger: log.logger, createCore: cores.factory });
    const sensor = await connectSensor({ url: broker.url, device: 'leg-01' });

    const sending = sensor.publishRange(0, FRAMES, 4);
    await until(() => sensor.sent >= 120, 10_000, 'first frames sent');
    await broker.restart(); // SIGTERM (mosquitto saves its persistence file) and start again
    await sending;
    await until(() => sensor.acked === FRAMES, 30_000, 'sensor frames acknowledged by the broker');
    // a wait that gives up quietly: the expectations below then say what is missing
    await until(() => (cores.byDevice.get('leg-01')?.seqs.length ?? 0) >= FRAMES, 30_000).catch(() => {});
    const counters = pipeline.ingestor.counters('leg-01')!;
    const received = pipeline.received();
    await sensor.end();
    await pipeline.stop();

    const summary = seqSummary(cores.byDevice.get('leg-01')!.seqs);
    expect(sensor.errors).toEqual([]);
    expect(summary).toMatchObject({ distinct: FRAMES, repeats: 0, missing: [], upTo: FRAMES - 1 });
    // every message taken from the broker is accounted for: processed, or dropped as a duplicate
    expect(counters.frames).toBe(FRAMES);
    expect(counters.late).toBe(0);
    expect(counters.gaps).toBe(0);
    expect(received).toBe(counters.frames + counters.duplicates + pipeline.ingestor.totalRejects());
    // the pipeline did lose its broker, and came back
    const messages = log.records().map((r) => r.msg);
    expect(messages).toContain('broker unreachable; reconnecting with backoff');
    expect(log.records().find((r) => r.msg === 'reconnected to the broker')?.sessionPresent).toBe(true);
    console.log(`broker restart: ${FRAMES} frames sent, ${received} messages received, ${counters.duplicates} duplicates dropped`);
  });
});
