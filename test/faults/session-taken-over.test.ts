// A second single-process `crampwatch run` on the same broker by mistake (issue 10, item 4): on a
// real mosquitto, the newcomer is told "session taken over" (MQTT 5, 0x8E) once the first takes
// its session back, stops at once with an error that says what to do, and the first goes on
// taking frames; neither flaps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { countingCores } from '../helpers/counting-core.ts';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.ts';
import { connectSensor } from '../helpers/sensor.ts';
import { until } from '../helpers/until.ts';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await startMosquitto();
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-session-'));
});
afterAll(async () => {
  await broker?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two single-process pipelines on one broker session', () => {
  it('the second stops at once with an error naming the cause and the way to run several; the first goes on', async () => {
    const config = (name: string) => loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, name) });
    const fatal: { first?: Error; second?: Error } = {};
    const cores = countingCores();
    const first = await startLivePipeline({ config: config('first'), store: new LocalStore(join(dir, 'first-store')), logger: silentLogger(), createCore: cores.factory, sessionNewcomerMs: 4000, onFatal: (e) => (fatal.first = e) });
    let firstConnects = 0;
    first.client.on('connect', () => firstConnects++);
    await new Promise((r) => setTimeout(r, 4500)); // the first is no newcomer any more
    const startedSecond = Date.now();
    const second = await startLivePipeline({ config: config('second'), store: new LocalStore(join(dir, 'second-store')), logger: silentLogger(), createCore: countingCores().factory, sessionNewcomerMs: 4000, onFatal: (e) => (fatal.second = e) });
    await until(() => fatal.second !== undefined, 10_000, 'the second pipeline stopped');
    const stoppedAfterS = (Date.now() - startedSecond) / 1000;
    // no flapping: over the next 5 s the first reconnects no more
    const connectsAfter = firstConnects;
    await new Promise((r) => setTimeout(r, 5000));
    expect(firstConnects).toBe(connectsAfter);
    expect(firstConnects).toBeLessThanOrEqual(3);
    expect(fatal.first).toBeUndefined();
    expect(second.client.connected).toBe(false);
    expect(fatal.second!.message).toMatch(/another crampwatch pipeline holds the MQTT session "crampwatch-pipeline"/);
    expect(fatal.second!.message).toMatch(/session taken over/);
    expect(stoppedAfterS).toBeLessThan(5);
    expect(fatal.second!.message).toMatch(/CRAMPWATCH_NATS_URL/);
    console.log(`session: the second pipeline stopped ${stoppedAfterS.toFixed(1)} s after it started: ${fatal.second!.message}`);

    // the first still takes frames
    const sensor = await connectSensor({ url: broker.url, device: 'leg-01' });
    await sensor.publishRange(0, 20, 0);
    await until(() => first.received() >= 20, 10_000, 'the first pipeline still takes frames');
    await sensor.end();
    await second.stop();
    await first.stop();
  });

  it('a pipeline that stops itself says nothing of a takeover (its own end closes the connection, not the broker)', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const config = loadConfig({}, { mqttUrl: broker.url, dataDir: join(dir, 'alone'), mqttClientId: 'crampwatch-alone' });
    const pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, 'alone-store')), logger, createCore: countingCores().factory, sessionNewcomerMs: 300 });
    await until(() => pipeline.client.connected, 5000, 'the pipeline connected');
    await new Promise((r) => setTimeout(r, 600)); // no newcomer any more: a takeover would be taken back, with a warning
    await pipeline.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings.filter((line) => /session/.test(line))).toEqual([]);
  });
});
