// Nobody in, on the NATS path: a real nats-server with the users and rights the shipped
// deploy/nats/write-auth.sh writes from the environment (as start.sh does), its MQTT listener,
// and one crampwatch worker on its own login. A sensor publishes only as itself (its frames and
// status flow, a frame or status sent under another id is refused), reads nothing, and cannot
// log in as a plain NATS client; a wearer's app reads its own devices' episodes, never another
// wearer's, and sends only its devices' profile; anonymous clients and wrong passwords are refused.
//
// "Refused" is shown without sleeping, as in mosquitto-acl.test.ts: nats-server handles one
// connection's messages in order and delivers each to every subscriber as it arrives, so once an
// observer (or an app) got a message published after the refused one, the refused one would
// already be there had it been allowed.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/adapters/local-store.ts';
import { PARTITIONS } from '../../src/adapters/nats/topology.ts';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { startNatsWorker, type NatsWorker } from '../../src/app/nats/worker.ts';
import { loadConfig } from '../../src/config.ts';
import type { Episode } from '../../src/core/types.ts';
import { silentLogger } from '../../src/log.ts';
import { topicFor } from '../../src/protocol/topics.ts';
import { frameJson } from '../helpers/frames.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { scriptedCores } from '../helpers/scripted-core.ts';
import { until } from '../helpers/until.ts';

const WRITE_AUTH = resolve(import.meta.dirname, '../../deploy/nats/write-auth.sh');
// wearer w-017 wears leg-01 and leg-02, wearer w-018 wears leg-03; each has an app user
const PASSWORDS = {
  worker: 'worker-secret',
  'leg-01': 'sensor-1-secret',
  'leg-02': 'sensor-2-secret',
  'leg-03': 'sensor-3-secret',
  'app-w017': 'app-w017-secret',
  'app-w018': 'app-w018-secret',
};
const ENV = {
  NATS_WORKER_PASSWORD: PASSWORDS.worker,
  MQTT_SENSORS: `leg-01:${PASSWORDS['leg-01']} leg-02:${PASSWORDS['leg-02']} leg-03:${PASSWORDS['leg-03']}`,
  MQTT_APPS: `app-w017:${PASSWORDS['app-w017']}:leg-01,leg-02 app-w018:${PASSWORDS['app-w018']}:leg-03`,
};

let nats: NatsCluster;
let dir: string;
let worker: NatsWorker;
let observer: NatsConnection;
/** every subject the observer (the workers' login) saw under crampwatch. */
const seen: string[] = [];
const profiles: string[] = [];
const cores = scriptedCores();
const clients: MqttClient[] = [];

async function connectAs(username: keyof typeof PASSWORDS, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(nats.nodes[0].mqttUrl, { username, password: PASSWORDS[username], reconnectPeriod: 0, clientId: `${username}-${clients.length}`, ...options });
  clients.push(client);
  return client;
}

function episodesOf(client: MqttClient): { topic: string; episode: Episode }[] {
  const got: { topic: string; episode: Episode }[] = [];
  client.on('message', (topic, payload) => got.push({ topic, episode: JSON.parse(payload.toString()) as Episode }));
  return got;
}

const processed = (device: string) => cores.seqs.get(device) ?? [];
const nextSeq = (device: string) => Math.max(-1, ...processed(device)) + 1;

/** A cramp as the scripted core sees one: loud frames, then a quiet one that closes it. */
async function sendCramp(sensor: MqttClient, device: string): Promise<void> {
  const from = nextSeq(device);
  for (let i = 0; i < 4; i++) await sensor.publishAsync(topicFor.frames(device), frameJson({ seq: from + i, amplitudeUv: i < 3 ? 800 : 10 }), { qos: 1 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-nats-auth-'));
  const written = spawnSync('sh', [WRITE_AUTH, join(dir, 'auth')], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...ENV }, encoding: 'utf8' });
  expect(written.stderr).toBe('');
  const authConf = await readFile(join(dir, 'auth', 'auth.conf'), 'utf8');
  nats = await startNats({ nodes: 1, authConf, login: { user: 'worker', pass: PASSWORDS.worker } });
  const config = loadConfig({}, { natsUrl: nats.url, natsUsername: 'worker', natsPassword: PASSWORDS.worker, dataDir: join(dir, 'data'), natsWorker: 'auth-1', natsReplicas: '1', natsFramesMaxBytes: String(64 * 1024 * 1024) });
  worker = await startNatsWorker({ config, store: new LocalStore(join(dir, 'store')), logger: silentLogger(), createCore: cores.factory, renewEveryMs: 500, onMessage: (m) => m.kind === 'profile' && profiles.push(m.device) });
  observer = await connect({ servers: nats.url, user: 'worker', pass: PASSWORDS.worker });
  observer.subscribe('crampwatch.>', { callback: (_error, m) => void seen.push(m.subject) });
  await observer.flush();
  await until(() => worker.owned().length === PARTITIONS, 30_000, 'the worker owns every partition');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
  await observer?.close();
  await worker?.stop();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('per-device rights on the NATS path (deploy/nats/write-auth.sh)', () => {
  it('refuses anonymous clients, wrong passwords, and sensors or apps as plain NATS clients', async () => {
    await expect(mqtt.connectAsync(nats.nodes[0].mqttUrl, { reconnectPeriod: 0, clientId: 'anonymous' })).rejects.toThrow(/Not authorized/);
    await expect(mqtt.connectAsync(nats.nodes[0].mqttUrl, { username: 'leg-01', password: 'guess', reconnectPeriod: 0, clientId: 'guess' })).rejects.toThrow(/Not authorized/);
    await expect(connect({ servers: nats.url, user: 'leg-01', pass: PASSWORDS['leg-01'], reconnect: false })).rejects.toThrow(/Authorization Violation/);
    await expect(connect({ servers: nats.url, user: 'app-w017', pass: PASSWORDS['app-w017'], reconnect: false })).rejects.toThrow(/Authorization Violation/);
  });

  it('a sensor publishes only as itself: its frames and status flow, another device\'s are refused', async () => {
    const sensor = await connectAs('leg-01', { will: { topic: topicFor.status('leg-01'), payload: Buffer.from('{"v":1,"state":"offline","t":0}'), qos: 1, retain: true } });
    await sensor.publishAsync(topicFor.status('leg-01'), JSON.stringify({ v: 1, state: 'online', fw: '1.4.2', t: Date.now() }), { qos: 1, retain: true });
    // as leg-03, with QoS 1 and 0, and what only an app may send
    await sensor.publishAsync(topicFor.frames('leg-03'), frameJson({ seq: 0, amplitudeUv: 800 }), { qos: 1 });
    await sensor.publishAsync(topicFor.frames('leg-03'), frameJson({ seq: 1, amplitudeUv: 800 }), { qos: 0 });
    await sensor.publishAsync(topicFor.status('leg-03'), JSON.stringify({ v: 1, state: 'online', t: Date.now() }), { qos: 1 });
    await sensor.publishAsync(topicFor.profile('leg-01'), JSON.stringify({ v: 1, wearer: 'w-evil' }), { qos: 1 });
    for (let seq = 0; seq < 10; seq++) await sensor.publishAsync(topicFor.frames('leg-01'), frameJson({ seq }), { qos: 1 });
    const own = `crampwatch.in.${partitionOf('leg-01', PARTITIONS)}.leg-01.frames`;
    await until(() => seen.filter((s) => s === own).length >= 10, 15_000, 'leg-01\'s frames on its ingress subject');
    await until(() => processed('leg-01').length >= 10, 30_000, 'leg-01\'s frames processed');

    expect(processed('leg-01')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seen).toContain(`crampwatch.in.${partitionOf('leg-01', PARTITIONS)}.leg-01.status`);
    expect(seen.filter((s) => s.includes('.leg-03.'))).toEqual([]);
    expect(seen.filter((s) => s.endsWith('.profile'))).toEqual([]);
    expect(processed('leg-03')).toEqual([]);
    expect(nats.nodes[0].log()).toContain(`Publish Violation - User "leg-01", Subject "crampwatch.in.${partitionOf('leg-03', PARTITIONS)}.leg-03.frames"`);

    // its will, when its connection breaks, goes out on its own status subject too
    const status = `crampwatch.in.${partitionOf('leg-01', PARTITIONS)}.leg-01.status`;
    const statusesBefore = seen.filter((s) => s === status).length;
    sensor.stream.destroy();
    await until(() => seen.filter((s) => s === status).length > statusesBefore, 15_000, 'leg-01\'s will published');
  });

  it('an app reads only its own wearer\'s episodes and sends only its devices\' profile; a sensor reads nothing', async () => {
    const appW017 = await connectAs('app-w017');
    const appW018 = await connectAs('app-w018');
    const gotW017 = episodesOf(appW017);
    const gotW018 = episodesOf(appW018);
    expect(await appW017.subscribeAsync(topicFor.episodes('leg-01'), { qos: 1 })).toEqual([{ topic: topicFor.episodes('leg-01'), qos: 1 }]);
    await expect(appW017.subscribeAsync(topicFor.episodes('leg-03'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(appW017.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    // QoS 1 deliveries go through $MQTT.sub.<random>, which an app may read: not by subscribing to it
    await expect(appW017.subscribeAsync('$MQTT/sub/#', { qos: 0 })).rejects.toThrow(/Subscribe error/);
    expect(await appW018.subscribeAsync(topicFor.episodes('leg-03'), { qos: 1 })).toEqual([{ topic: topicFor.episodes('leg-03'), qos: 1 }]);
    const sensor01 = await connectAs('leg-01');
    await expect(sensor01.subscribeAsync(topicFor.episodes('leg-01'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const sensor03 = await connectAs('leg-03');

    // leg-03's cramp first, then leg-01's: the worker publishes both on one connection, in order
    await sendCramp(sensor03, 'leg-03');
    await until(() => gotW018.some((m) => m.episode.event === 'close'), 30_000, 'w-018\'s app got leg-03\'s cramp');
    await sendCramp(sensor01, 'leg-01');
    await until(() => gotW017.some((m) => m.episode.event === 'close'), 30_000, 'w-017\'s app got leg-01\'s cramp');
    expect(gotW017.map((m) => `${m.topic} ${m.episode.event}`)).toEqual([`${topicFor.episodes('leg-01')} open`, `${topicFor.episodes('leg-01')} close`]);
    expect(gotW018.map((m) => m.episode.device)).toEqual(['leg-03', 'leg-03']);

    // another wearer's profile refused, its own taken
    await appW017.publishAsync(topicFor.profile('leg-03'), JSON.stringify({ v: 1, wearer: 'w-017' }), { qos: 1 });
    await appW017.publishAsync(topicFor.frames('leg-01'), frameJson({ seq: nextSeq('leg-01'), amplitudeUv: 800 }), { qos: 1 });
    await appW017.publishAsync(topicFor.profile('leg-01'), JSON.stringify({ v: 1, wearer: 'w-017', leg: 'left' }), { qos: 1 });
    await until(() => profiles.includes('leg-01'), 30_000, 'leg-01\'s profile taken');
    expect(profiles).toEqual(['leg-01']);
    expect(seen.filter((s) => s.includes('.leg-03.profile'))).toEqual([]);
    expect(seen.filter((s) => s.startsWith('crampwatch.in.') && s.endsWith('.leg-01.frames')).length).toBe(processed('leg-01').length);
  });
});
