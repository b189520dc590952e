// Nobody in (issue 7): the shipped broker configuration (deploy/mosquitto), run for real with the
// password file and ACL its write-auth.sh writes from the environment. A sensor publishes only as
// itself and reads nothing; a wearer's app reads its own devices' episodes and night summaries,
// never another wearer's, never frames; anonymous clients and wrong passwords are refused; the
// pipeline's own user can do its job through the live pipeline (frames in, episodes and the
// retained summary out), and cannot publish as a device named like it.
//
// "Cannot read" is shown without sleeping: mosquitto handles one client's packets in order and
// fans a message out to every subscriber as it arrives, so once an allowed subscriber got
// message X, a denied client that then completes a QoS 1 round trip of its own would already
// have received X had it been allowed to.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { startLivePipeline, type LivePipeline } from '../../src/app/live.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { silentLogger } from '../../src/log.ts';
import { topicFor } from '../../src/protocol/topics.ts';
import { shippedBrokerSettings, startShippedMosquitto, type BrokerUsers } from '../helpers/deploy-mosquitto.ts';
import { frameJson, framesTopic } from '../helpers/frames.ts';
import type { Mosquitto } from '../helpers/mosquitto.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { until } from '../helpers/until.ts';

// wearer w-017 wears leg-01 and leg-02, wearer w-018 wears leg-03; each has an app user
const PASSWORDS = {
  pipeline: 'pipeline-secret',
  'leg-01': 'sensor-1-secret',
  'leg-02': 'sensor-2-secret',
  'leg-03': 'sensor-3-secret',
  'app-w017': 'app-w017-secret',
  'app-w018': 'app-w018-secret',
};
const USERS: BrokerUsers = {
  pipelinePassword: PASSWORDS.pipeline,
  sensors: { 'leg-01': PASSWORDS['leg-01'], 'leg-02': PASSWORDS['leg-02'], 'leg-03': PASSWORDS['leg-03'] },
  apps: [
    { username: 'app-w017', password: PASSWORDS['app-w017'], devices: ['leg-01', 'leg-02'] },
    { username: 'app-w018', password: PASSWORDS['app-w018'], devices: ['leg-03'] },
  ],
};
let broker: Mosquitto;
let dir: string;
let pipeline: LivePipeline;
const cores = scriptedCores();
const clients: MqttClient[] = [];

async function connectAs(username: keyof typeof PASSWORDS, protocolVersion: 4 | 5 = 5): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { username, password: PASSWORDS[username], protocolVersion, reconnectPeriod: 0, clientId: `${username}-${clients.length}` });
  clients.push(client);
  return client;
}

function collect(client: MqttClient): { topic: string; text: string }[] {
  const got: { topic: string; text: string }[] = [];
  client.on('message', (topic, payload) => got.push({ topic, text: payload.toString() }));
  return got;
}

const processedSeqs = (device: string) => cores.seqs.get(device) ?? [];
/** devices whose diary reached the pipeline */
const diaries: string[] = [];
/** the seq after the device's last: a later one would wait out the sequencer's hold for the gap (2 s) */
const nextSeq = (device: string) => Math.max(-1, ...processedSeqs(device)) + 1;

beforeAll(async () => {
  broker = await startShippedMosquitto(USERS);
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-acl-'));
  const config = loadConfig({}, { mqttUrl: broker.url, mqttUsername: 'pipeline', mqttPassword: PASSWORDS.pipeline, dataDir: join(dir, 'data'), mqttClientId: 'pipeline-acl' });
  pipeline = await startLivePipeline({ config, store: new LocalStore(join(dir, 'store')), logger: silentLogger(), createCore: cores.factory, onMessage: (m) => m.kind === 'diary' && diaries.push(m.device) });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await pipeline?.stop();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the shipped broker configuration', () => {
  it('is the shipped one: no anonymous clients, bounded queues', () => {
    const settings = shippedBrokerSettings();
    expect(settings).toContain('allow_anonymous false');
    expect(settings.some((line) => /^max_queued_messages [1-9]\d*$/.test(line) || line === 'max_queued_messages 0')).toBe(true);
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    for (const protocolVersion of [4, 5] as const) {
      await expect(mqtt.connectAsync(broker.url, { protocolVersion, reconnectPeriod: 0 })).rejects.toThrow(/not authori[sz]ed/i);
      await expect(mqtt.connectAsync(broker.url, { protocolVersion, reconnectPeriod: 0, username: 'leg-01', password: 'guess' })).rejects.toThrow(/not authori[sz]ed|bad user name or password/i);
      await expect(mqtt.connectAsync(broker.url, { protocolVersion, reconnectPeriod: 0, username: 'nobody', password: 'x' })).rejects.toThrow(/not authori[sz]ed|bad user name or password/i);
      // there is no shared app user that reads every wearer
      await expect(mqtt.connectAsync(broker.url, { protocolVersion, reconnectPeriod: 0, username: 'app', password: 'app-secret' })).rejects.toThrow(/not authori[sz]ed|bad user name or password/i);
    }
  });

  it('lets a sensor publish its own frames, never as another device (MQTT 5 and 3.1.1)', async () => {
    for (const protocolVersion of [5, 4] as const) {
      const sensor = await connectAs('leg-01', protocolVersion);
      const before = processedSeqs('leg-02').length;
      const forged = sensor.publishAsync(framesTopic('leg-02'), frameJson({ seq: 9 }), { qos: 1 });
      // MQTT 5 says so (PUBACK "not authorized"); 3.1.1 has no way to, and drops it silently
      if (protocolVersion === 5) await expect(forged).rejects.toThrow(/not authori[sz]ed/i);
      else await forged;
      const seq = protocolVersion === 5 ? 1 : 2; // in order: an older seq would be dropped as late
      await sensor.publishAsync(framesTopic('leg-01'), frameJson({ seq }), { qos: 1 });
      await until(() => processedSeqs('leg-01').includes(seq), 10_000, 'own frame reached the pipeline');
      expect(processedSeqs('leg-02').length).toBe(before);
    }
    expect(cores.seqs.has('leg-02')).toBe(false);
  });

  it("does not let a sensor read another device's frames, nor any episodes, nor forge episodes or profiles", async () => {
    const spy = await connectAs('leg-01');
    const got = collect(spy);
    await spy.subscribeAsync(['crampwatch/v1/#', '#'], { qos: 1 });
    const app = await connectAs('app-w017');
    const appGot = collect(app);
    await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });

    // leg-02's frames (processed by the pipeline, so they did cross the broker)
    const other = await connectAs('leg-02');
    await other.publishAsync(framesTopic('leg-02'), frameJson({ seq: 0 }), { qos: 1 });
    await until(() => processedSeqs('leg-02').includes(0), 10_000, "leg-02's frame reached the pipeline");
    // a forged episode and profile from the sensor
    await expect(spy.publishAsync('crampwatch/v1/leg-01/episodes', JSON.stringify({ v: 1, event: 'open', id: 'forged' }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await expect(spy.publishAsync('crampwatch/v1/leg-01/profile', JSON.stringify({ v: 1, wearer: 'forged' }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await expect(spy.publishAsync('crampwatch/v1/leg-01/diary', JSON.stringify({ v: 1, t: 1, night: '2026-11-26', cramps: [] }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    // round trips after the fact: anything the broker meant to deliver has arrived by now
    await spy.publishAsync(framesTopic('leg-01'), frameJson({ seq: 3 }), { qos: 1 });
    await app.publishAsync('crampwatch/v1/leg-01/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });
    expect(got).toEqual([]);
    expect(appGot.filter((m) => m.text.includes('forged'))).toEqual([]);
    expect(pipeline.ingestor.profile('leg-01')).toBeUndefined();
  });

  it("lets a wearer's app read its device's episodes and send its profile, never read frames or send them", async () => {
    const app = await connectAs('app-w017');
    const got = collect(app);
    await app.subscribeAsync(['crampwatch/v1/+/frames', 'crampwatch/v1/+/episodes'], { qos: 1 });
    await app.publishAsync('crampwatch/v1/leg-01/profile', JSON.stringify({ v: 1, wearer: 'w-017', leg: 'left' }), { qos: 1 });
    await until(() => pipeline.ingestor.profile('leg-01')?.wearer === 'w-017', 10_000, 'profile reached the pipeline');
    await app.publishAsync('crampwatch/v1/leg-01/diary', JSON.stringify({ v: 1, t: Date.now(), night: '2026-11-26', cramps: [] }), { qos: 1 });
    await until(() => diaries.includes('leg-01'), 10_000, 'the diary reached the pipeline');
    await expect(app.publishAsync(framesTopic('leg-01'), frameJson({ seq: 50 }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);

    // a cramp on leg-01: the pipeline (user "pipeline") publishes its episode events
    const sensor = await connectAs('leg-01');
    for (let seq = 4; seq < 24; seq++) await sensor.publishAsync(framesTopic('leg-01'), frameJson({ seq, amplitudeUv: seq < 14 ? 500 : 10 }), { qos: 1 });
    await until(() => got.some((m) => m.topic.endsWith('/episodes') && (JSON.parse(m.text) as Episode).event === 'close'), 10_000, 'episode close reached the app');
    await app.publishAsync('crampwatch/v1/leg-01/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });
    expect(got.filter((m) => m.topic.endsWith('/frames'))).toEqual([]);
    expect(processedSeqs('leg-01')).not.toContain(50);
    expect(got.map((m) => JSON.parse(m.text) as Episode).find((e) => e.event === 'open')).toMatchObject({ device: 'leg-01', wearer: 'w-017' });
  });

  it("lets a wearer's app read its own devices' episodes only: never another wearer's, nor write for another wearer's device", async () => {
    const appA = await connectAs('app-w017');
    const gotA = collect(appA);
    await appA.subscribeAsync(['crampwatch/v1/+/episodes', 'crampwatch/v1/leg-03/episodes', 'crampwatch/v1/+/frames', '#'], { qos: 1 });
    const appB = await connectAs('app-w018');
    const gotB = collect(appB);
    await appB.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });

    // A may not speak for B's device, nor pass itself off as a sensor named like it
    await expect(appA.publishAsync('crampwatch/v1/leg-03/profile', JSON.stringify({ v: 1, wearer: 'forged', leg: 'left' }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await expect(appA.publishAsync('crampwatch/v1/leg-03/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await expect(appA.publishAsync(framesTopic('app-w017'), frameJson({ seq: 0 }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await appB.publishAsync('crampwatch/v1/leg-03/profile', JSON.stringify({ v: 1, wearer: 'w-018', leg: 'left' }), { qos: 1 });
    await until(() => pipeline.ingestor.profile('leg-03')?.wearer === 'w-018', 10_000, "B's profile reached the pipeline");

    // a cramp on each wearer: leg-02 (A's other leg) and leg-03 (B)
    const legA = await connectAs('leg-02');
    const legB = await connectAs('leg-03');
    for (let seq = 1; seq < 21; seq++) await legA.publishAsync(framesTopic('leg-02'), frameJson({ seq, amplitudeUv: seq < 11 ? 500 : 10 }), { qos: 1 });
    for (let seq = 0; seq < 20; seq++) await legB.publishAsync(framesTopic('leg-03'), frameJson({ seq, amplitudeUv: seq < 10 ? 500 : 10 }), { qos: 1 });
    const closed = (got: { topic: string; text: string }[], device: string) =>
      got.some((m) => m.topic === `crampwatch/v1/${device}/episodes` && (JSON.parse(m.text) as Episode).event === 'close');
    await until(() => closed(gotA, 'leg-02'), 10_000, "leg-02's episode reached A's app");
    await until(() => closed(gotB, 'leg-03'), 10_000, "leg-03's episode reached B's app");
    // round trips after the fact: anything the broker meant to deliver to either app has arrived
    await appA.publishAsync('crampwatch/v1/leg-02/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });
    await appB.publishAsync('crampwatch/v1/leg-03/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });

    expect(new Set(gotA.map((m) => m.topic))).toEqual(new Set(['crampwatch/v1/leg-02/episodes']));
    expect(new Set(gotB.map((m) => m.topic))).toEqual(new Set(['crampwatch/v1/leg-03/episodes']));
    expect(pipeline.ingestor.profile('leg-03')?.wearer).toBe('w-018');
    expect(cores.seqs.has('app-w017')).toBe(false);
  });

  it('lets the pipeline publish as itself only: not frames as a device named "pipeline"', async () => {
    const sensor = await connectAs('leg-03');
    const roundTrip = async () => {
      const seq = nextSeq('leg-03');
      await sensor.publishAsync(framesTopic('leg-03'), frameJson({ seq }), { qos: 1 });
      await until(() => processedSeqs('leg-03').includes(seq), 10_000, "leg-03's frame reached the pipeline");
    };
    // first, whatever earlier tests sent the pipeline (their apps' context logs) has arrived
    await roundTrip();
    const before = pipeline.received();
    await expect(pipeline.client.publishAsync(framesTopic('pipeline'), frameJson({ seq: 0 }), { qos: 1 })).rejects.toThrow(/not authori[sz]ed/i);
    await roundTrip();
    expect(pipeline.received()).toBe(before + 1);
    expect(cores.seqs.has('pipeline')).toBe(false);
  });

  // last: the retained summaries stay on the broker for every later subscriber
  it("lets the pipeline publish each night's summary, retained, and each wearer's app read its own devices' only", async () => {
    const before = { received: pipeline.received(), rejects: pipeline.ingestor.totalRejects() };
    // as `crampwatch run` does (src/cli/run.ts): QoS 1, retained, from the pipeline's client;
    // MQTT 5 puts a refusal in the PUBACK, so this would throw under an ACL without the topic
    const summary = (device: string, cramps: number) => JSON.stringify({ v: 1, device, cramps, doctor: { flag: cramps > 1 } });
    await pipeline.client.publishAsync(topicFor.summary('leg-01'), summary('leg-01', 2), { qos: 1, retain: true });
    await pipeline.client.publishAsync(topicFor.summary('leg-03'), summary('leg-03', 0), { qos: 1, retain: true });

    // the apps come later, in the morning: the broker hands them the retained summaries
    const appA = await connectAs('app-w017');
    const gotA = collect(appA);
    await appA.subscribeAsync(['crampwatch/v1/+/summary', 'crampwatch/v1/leg-03/summary', '#'], { qos: 1 });
    const appB = await connectAs('app-w018');
    const gotB = collect(appB);
    await appB.subscribeAsync('crampwatch/v1/+/summary', { qos: 1 });
    await until(() => gotA.some((m) => m.topic === topicFor.summary('leg-01')), 10_000, "leg-01's summary reached A's app");
    await until(() => gotB.some((m) => m.topic === topicFor.summary('leg-03')), 10_000, "leg-03's summary reached B's app");
    // round trips after the fact: a sensor frame through the pipeline, a context from each app
    const sensor = await connectAs('leg-01');
    const seq = nextSeq('leg-01');
    await sensor.publishAsync(framesTopic('leg-01'), frameJson({ seq }), { qos: 1 });
    await until(() => processedSeqs('leg-01').includes(seq), 10_000, "leg-01's frame reached the pipeline");
    await appA.publishAsync('crampwatch/v1/leg-01/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });
    await appB.publishAsync('crampwatch/v1/leg-03/context', JSON.stringify({ v: 1, t: Date.now() }), { qos: 1 });

    // (retained messages come once for each matching subscription: a set of topics)
    expect(new Set(gotA.map((m) => m.topic))).toEqual(new Set([topicFor.summary('leg-01')]));
    expect(JSON.parse(gotA[0].text)).toMatchObject({ device: 'leg-01', cramps: 2, doctor: { flag: true } });
    expect(new Set(gotB.map((m) => m.topic))).toEqual(new Set([topicFor.summary('leg-03')]));
    // the pipeline does not take its own summaries back as input (nor reject them as bad topics):
    // it subscribes to what sensors and apps send only, and the ACL lets it read no more
    await until(() => pipeline.received() === before.received + 3, 10_000, 'the frame and both contexts reached the pipeline');
    expect(pipeline.received()).toBe(before.received + 3);
    expect(pipeline.ingestor.totalRejects()).toBe(before.rejects);
  });
});
