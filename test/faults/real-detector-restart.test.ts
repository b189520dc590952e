// Fault 2 with the real detector (issue 7): firmware-sim nights with cramps (the presets the
// fixtures' clips are made from) are sent through a real mosquitto while the pipeline is stopped
// and started again 20 s into a cramp. The app must see each cramp once: one `open`, one
// `close`, one id, as an uninterrupted replay of the same night reports it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { payloadOf, type CaptureRecord } from '../../src/ingest/capture-line.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { silentLogger } from '../../src/log.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

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

/** A firmware-sim night of a preset, as the messages that cross the broker (clean transport). */
function nightRecords(preset: string, seed: number): CaptureRecord[] {
  const spec = randomNightSpec(seed, { preset, emgFsHz: 1000, lsbUv: 0.25 });
  return [...nightMessages(spec)].filter((line): line is CaptureRecord => typeof (line as CaptureRecord).topic === 'string');
}

const bytesOf = (record: CaptureRecord): Buffer => {
  const payload = payloadOf(record);
  return 'bytes' in payload ? Buffer.from(payload.bytes) : Buffer.from(JSON.stringify(payload.json));
};

describe('the real detector across a pipeline restart in the middle of a cramp', () => {
  // one cramp; a cramp under electric-blanket hum (the notch must settle again); two legs
  const nights: [string, number][] = [
    ['cramp', 501],
    ['blanket-cramp', 509],
    ['two-legs', 510],
  ];
  for (const [clip, seed] of nights) {
    it(`${clip}: reports each cramp once, under its id, as an uninterrupted replay does`, async () => {
      const records = nightRecords(clip, seed);
      const reference = await replayLines(records, { createCore: createDeviceCore });
      expect(reference.episodes.length).toBeGreaterThan(0);
      const first = reference.episodes.reduce((a, b) => (a.start <= b.start ? a : b));

      // stop the pipeline 20 s into the first cramp (device time)
      const stopAtMs = first.start + 20_000;
      const cut = records.findIndex((r) => r.topic.endsWith('/frames') && typeof (r.json as { t?: number } | undefined)?.t === 'number' && (r.json as { t: number }).t >= stopAtMs);
      expect(cut).toBeGreaterThan(0);

      const app = await mqtt.connectAsync(broker.url, { clientId: `app-${clip}` });
      const seen: Episode[] = [];
      app.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()) as Episode));
      await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });
      const sensor = await mqtt.connectAsync(broker.url, { clientId: `sensor-${clip}`, clean: false });
      const send = async (from: number, to: number) => {
        // one connection keeps them in order; all in flight at once
        await Promise.all(records.slice(from, to).map((record) => sensor.publishAsync(record.topic, bytesOf(record), { qos: 1 })));
      };

      const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, clip, 'data'), mqttClientId: `pipeline-${clip}` });
      const store = new LocalStore(join(dir, clip, 'store'));
      const before = await startLivePipeline({ config, store, logger: silentLogger(), createCore: createDeviceCore });
      await send(0, cut);
      await until(() => before.received() === cut, 30_000, 'first part processed');
      await until(() => seen.some((e) => e.event === 'open' && e.device === first.device), 10_000, 'the cramp was open before the stop');
      await before.stop();
      const after = await startLivePipeline({ config, store, logger: silentLogger(), createCore: createDeviceCore });
      await send(cut, records.length);
      await until(() => after.received() === records.length - cut, 30_000, 'second part processed');
      await until(() => seen.filter((e) => e.event === 'close').length >= reference.episodes.length, 10_000).catch(() => {});
      await after.stop();
      await Promise.all([sensor.endAsync(), app.endAsync()]);

      const ids = (event: string) => seen.filter((e) => e.event === event).map((e) => e.id).sort();
      const referenceIds = reference.episodes.map((e) => e.id).sort();
      const closes = seen.filter((e) => e.event === 'close');
      console.log(`${clip} across a restart: live ${closes.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}; replay ${reference.episodes.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}`);
      expect(ids('open')).toEqual(referenceIds);
      expect(ids('close')).toEqual(referenceIds);
      expect(new Set(seen.map((e) => e.id))).toEqual(new Set(referenceIds));
      for (const ref of reference.episodes) {
        const close = closes.find((e) => e.id === ref.id)!;
        expect(close.start).toBe(ref.start);
        // the second run's detector saw the end itself: within 2 s of the replay's
        expect(Math.abs(close.end! - ref.end!)).toBeLessThan(2000);
      }
    });
  }
});
