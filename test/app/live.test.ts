// The live edge against a real mosquitto: validation, counting, dead letters, ordering, and a
// persistent session that delivers what was published while the pipeline was down.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { recordingCores } from '../helpers/recording-core.ts';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-live-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

function frame(seq: number) {
  return JSON.stringify({
    v: 1,
    seq,
    t: 1764201600000 + seq * 100,
    emg: { fs: 1000, ch: ['gastrocnemius'], uv: [Array.from({ length: 100 }, (_, i) => Math.sin(i))] },
  });
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live pipeline on a real mosquitto', () => {
  it('counts valid frames, drops duplicates, rejects and keeps garbage, and carries on', async () => {
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'a'), mqttClientId: 'pipeline-a' });
    const cores = recordingCores();
    const pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, 'a', 'store')), logger: silentLogger(), createCore: cores.factory, healthEveryMs: 100 });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'sensor-a' });
    const topic = 'crampwatch/v1/leg-01/frames';
    await sensor.publishAsync(topic, frame(0), { qos: 1 });
    await sensor.publishAsync(topic, frame(1), { qos: 1 });
    await sensor.publishAsync(topic, frame(1), { qos: 1 }); // duplicate
    await sensor.publishAsync(topic, '{"v":1, nope', { qos: 1 });
    await sensor.publishAsync(topic, JSON.stringify({ v: 1, seq: 9 }), { qos: 1 });
    await sensor.publishAsync('crampwatch/v1/bad id!/frames', frame(3), { qos: 1 });
    await sensor.publishAsync(topic, frame(2), { qos: 1 });
    await until(() => pipeline.received() === 7);
    await sensor.endAsync();
    const counters = pipeline.ingestor.counters('leg-01');
    await pipeline.stop();

    const recorded = cores.byDevice.get('leg-01')!;
    expect(recorded.frames.map((f) => f.seq)).toEqual([0, 1, 2]);
    expect(recorded.finished).toBe(true);
    expect(counters).toMatchObject({ frames: 3, duplicates: 1 });
    expect(Object.fromEntries(pipeline.ingestor.rejects)).toEqual({ bad_json: 1, bad_schema: 1, bad_device_id: 1 });
    expect(cores.byDevice.has('bad id!')).toBe(false);
    const deadLetters = (await readFile(join(dir, 'a', 'dead-letter.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(deadLetters.map((d) => d.code).sort()).toEqual(['bad_device_id', 'bad_json', 'bad_schema']);
    expect(Buffer.from(deadLetters.find((d) => d.code === 'bad_json').b64, 'base64').toString()).toBe('{"v":1, nope');
  });

  it('receives frames published while it was down (persistent session, QoS 1)', async () => {
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'b'), mqttClientId: 'pipeline-b' });
    const first = recordingCores();
    const store = new LocalStore(join(dir, 'b', 'store'));
    const before = await startLivePipeline({ config, store, logger: silentLogger(), createCore: first.factory });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'sensor-b' });
    const topic = 'crampwatch/v1/leg-02/frames';
    await sensor.publishAsync(topic, frame(0), { qos: 1 });
    await until(() => before.received() === 1);
    await before.stop();

    for (let seq = 1; seq <= 50; seq++) await sensor.publishAsync(topic, frame(seq), { qos: 1 });

    const second = recordingCores();
    const after = await startLivePipeline({ config, store, logger: silentLogger(), createCore: second.factory });
    await until(() => after.received() === 50);
    await after.stop();
    await sensor.endAsync();
    expect(second.byDevice.get('leg-02')!.frames.map((f) => f.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  // night.cwcap: the compact capture (docs/compact-capture.md), chosen by the name
  it.each(['night.ndjson.gz', 'night.cwcap'])('records live traffic as a capture that replays the same frames (%s)', async (name) => {
    const { replayLines } = await import('../../src/ingest/replay.ts');
    const { readCaptureLines } = await import('../../src/adapters/capture/read.ts');
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, `c-${name}`), mqttClientId: `pipeline-c-${name.replace(/\W/g, '_')}` });
    const live = recordingCores();
    const recordPath = join(dir, `c-${name}`, name);
    const pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, `c-${name}`, 'store')), logger: silentLogger(), createCore: live.factory, recordPath });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: `sensor-c-${name.replace(/\W/g, '_')}` });
    for (let seq = 0; seq < 20; seq++) await sensor.publishAsync('crampwatch/v1/leg-03/frames', frame(seq), { qos: 1 });
    await sensor.publishAsync('crampwatch/v1/leg-03/frames', Buffer.from([0x43, 0x57, 9]), { qos: 1 });
    await until(() => pipeline.received() === 21);
    await sensor.endAsync();
    await pipeline.stop();

    const replayed = recordingCores();
    const result = await replayLines(readCaptureLines(recordPath), { createCore: replayed.factory });
    expect(result.lines).toBe(21);
    expect(result.rejects).toEqual({ bad_binary: 1 });
    const seqs = (r: ReturnType<typeof recordingCores>) => r.byDevice.get('leg-03')!.frames.map((f) => f.seq);
    expect(seqs(replayed)).toEqual(seqs(live));
    expect(Array.from(replayed.byDevice.get('leg-03')!.frames[5].emgUv[0])).toEqual(Array.from(live.byDevice.get('leg-03')!.frames[5].emgUv[0]));
  });
});
