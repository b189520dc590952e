// Fault 1 end to end (issue 7): firmware-sim plays a night with a cramp to a real mosquitto,
// paced at 60× real time, and the broker restarts in the middle of it. The simulated sensor
// holds its frames while the broker is away (a bounded buffer, like a node's RAM); the pipeline
// reconnects with backoff and its persistent session resumes. Then the live pipeline, with the
// real detector, processed every frame once and reports the same episodes as a replay of the
// night with no broker at all.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nightMessages, randomNightSpec } from '../../firmware-sim/src/index.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { createDeviceCore } from '../../src/app/core-factory.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import type { DeviceCounters } from '../../src/ingest/ingestor.ts';
import { replayLines } from '../../src/ingest/replay.ts';
import { silentLogger } from '../../src/log.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-fault-sim-'));
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('firmware-sim night through a broker restart', () => {
  it('every frame processed once, the same episodes as a replay', async () => {
    const spec = randomNightSpec(501, { preset: 'cramp', emgFsHz: 1000, lsbUv: 0.25 });
    const messages = [...nightMessages(spec)];
    const frames = messages.filter((m) => m.topic.endsWith('/frames')).length;
    const reference = await replayLines(messages, { createCore: createDeviceCore });
    expect(reference.episodes.length).toBeGreaterThan(0);

    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-sim' });
    const closed: Episode[] = [];
    const ingested: DeviceCounters[] = [];
    const pipeline = await startLivePipeline({
      config,
      store: new LocalStore(join(dir, 'store')),
      logger: silentLogger(),
      createCore: createDeviceCore,
      onEpisode: (e) => e.event === 'close' && closed.push(e),
      onNightEnded: (_stats, counters) => ingested.push(counters),
    });
    const publishing = publishNight(spec, { url: broker.url, speed: 60, bufferFrames: 5000 });
    await until(() => pipeline.received() >= frames / 3, 60_000, 'a third of the night sent');
    await broker.restart();
    const result = await publishing;
    await until(() => pipeline.received() >= messages.length, 60_000).catch(() => {});
    const received = pipeline.received();
    await pipeline.stop();

    expect(result).toMatchObject({ dropped: 0, aborted: false });
    expect(result.late).toBeGreaterThan(0); // the sensor did hold frames while the broker was away
    const processed = ingested.reduce((n, c) => n + c.frames, 0);
    const duplicates = ingested.reduce((n, c) => n + c.duplicates, 0);
    expect(processed).toBe(frames);
    expect(ingested.map((c) => [c.missingFrames, c.late])).toEqual(ingested.map(() => [0, 0]));
    // every message taken from the broker is accounted for: a frame, a duplicate, or the
    // status/profile/context messages (the retained ones may come twice, after the reconnect)
    expect(received).toBeGreaterThanOrEqual(messages.length);
    const summary = (episodes: Episode[]) => episodes.map((e) => ({ id: e.id, start: e.start, end: e.end, muscle: e.muscle, severity: e.severity }));
    expect(summary(closed)).toEqual(summary(reference.episodes));
    console.log(`sim broker restart: ${frames} frames, ${result.late} sent late by the sensor, ${duplicates} duplicates dropped, ${received} messages taken; episodes ${closed.map((e) => e.id).join(', ')}`);
  });
});
