// Fault 2 with the real detector (issue 7): a recorded cramp (fixtures/clips/cramp, firmware-sim)
// is sent through a real mosquitto while the pipeline is stopped and started again in the middle
// of the cramp. The app must see that cramp once: one `open`, one `close`, one id, as an
// uninterrupted replay of the same capture reports it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLines } from '../../src/adapters/capture/read.ts';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { isRejection, parseCaptureLine, payloadOf, type CaptureRecord } from '../../src/ingest/capture-line.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { silentLogger } from '../../src/log.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const CLIP = resolve(import.meta.dirname, '../../fixtures/clips/cramp.ndjson.gz');
let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-detector-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function clipRecords(): Promise<CaptureRecord[]> {
  const records: CaptureRecord[] = [];
  for await (const line of readCaptureLines(CLIP)) {
    const record = parseCaptureLine(line);
    if (!isRejection(record)) records.push(record);
  }
  return records;
}

const bytesOf = (record: CaptureRecord): Buffer => {
  const payload = payloadOf(record);
  return 'bytes' in payload ? Buffer.from(payload.bytes) : Buffer.from(JSON.stringify(payload.json));
};

describe('the real detector across a pipeline restart in the middle of a cramp', () => {
  it('reports the cramp once, under one id, as an uninterrupted replay does', async () => {
    const records = await clipRecords();
    const reference = await replayLines(records, { createCore: createDeviceCore });
    const crampRef = reference.episodes[0];
    expect(reference.episodes).toHaveLength(1);

    // stop the pipeline 20 s into the cramp (device time)
    const stopAtMs = crampRef.start + 20_000;
    const cut = records.findIndex((r) => r.topic.endsWith('/frames') && (r.json as { t: number } | undefined)?.t !== undefined && (r.json as { t: number }).t >= stopAtMs);
    expect(cut).toBeGreaterThan(0);

    const app = await mqtt.connectAsync(broker.url, { clientId: 'app-detector' });
    const seen: Episode[] = [];
    app.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()) as Episode));
    await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });
    const sensor = await mqtt.connectAsync(broker.url, { clientId: 'sensor-detector', clean: false });
    const send = async (from: number, to: number) => {
      for (const record of records.slice(from, to)) await sensor.publishAsync(record.topic, bytesOf(record), { qos: 1 });
    };

    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-detector' });
    const store = new LocalStore(join(dir, 'store'));
    const first = await startLivePipeline({ config, store, logger: silentLogger(), createCore: createDeviceCore });
    await send(0, cut);
    await until(() => first.received() === cut, 30_000, 'first half processed');
    await until(() => seen.some((e) => e.event === 'open'), 10_000, 'the cramp was open before the stop');
    await first.stop();
    const second = await startLivePipeline({ config, store, logger: silentLogger(), createCore: createDeviceCore });
    await send(cut, records.length);
    await until(() => second.received() === records.length - cut, 30_000, 'second half processed');
    await until(() => seen.some((e) => e.event === 'close'), 10_000).catch(() => {});
    await second.stop();
    await Promise.all([sensor.endAsync(), app.endAsync()]);

    const notUpdates = seen.filter((e) => e.event !== 'update').map((e) => `${e.event} ${e.id}`);
    console.log(`real detector across a restart: ${notUpdates.join(', ')}; reference ${crampRef.id} ${crampRef.start}–${crampRef.end}; live close ${JSON.stringify(seen.filter((e) => e.event === 'close').map((e) => [e.start, e.end]))}`);
    expect(notUpdates).toEqual([`open ${crampRef.id}`, `close ${crampRef.id}`]);
    const close = seen.find((e) => e.event === 'close')!;
    expect(close.start).toBe(crampRef.start);
    // the second run's detector saw the end of the cramp itself: within 2 s of the reference
    expect(Math.abs(close.end! - crampRef.end!)).toBeLessThan(2000);
  });
});
