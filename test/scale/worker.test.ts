// NATS mode, the plain path: sensors speak MQTT to a real nats-server's MQTT listener, its
// mappings put each device's frames into one partition of the frames stream, one worker process
// (crampwatch's NATS worker, the real detector) takes every partition, and the episodes it
// publishes are those of replaying the same night (PROTOCOL §9); every frame sent is processed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MQTT_MSGS_STREAM, SINGLE_BRIDGE_CONSUMER } from '../../src/adapters/nats/mqtt-store.ts';
import type { Episode } from '../../src/core/types.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { until } from '../helpers/until.ts';
import { frameAccount, replayEpisodes, Sensors, startWorker, ward, type WorkerProcess } from './support/nights.ts';

let nats: NatsCluster;
let dir: string;
let nc: NatsConnection;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  nats = await startNats({ nodes: 1 });
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-scale-'));
  nc = await connect({ servers: nats.url });
});
afterAll(async () => {
  for (const w of workers) await w.kill();
  await nc?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Messages the MQTT listener's store `$MQTT_msgs` still holds. */
async function inMqttStore(): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(MQTT_MSGS_STREAM)).state.messages;
}

describe('one worker on one NATS server', () => {
  it('takes frames sent over MQTT to NATS, and reports the episodes a replay of the night reports', async () => {
    const records = ward([
      ['cramp', 501, 'a'],
      ['two-legs', 510, 'b'],
    ]);
    const reference = await replayEpisodes(records);
    expect(reference.length).toBeGreaterThan(1);
    const seen: Episode[] = [];
    const sub = nc.subscribe('crampwatch.v1.*.episodes', { callback: (_err, m) => void seen.push(m.json<Episode>()) });
    // an MQTT app receives them too
    const app = await mqtt.connectAsync(nats.nodes[0].mqttUrl, { clientId: 'app' });
    const appSeen: Episode[] = [];
    app.on('message', (_topic, payload) => appSeen.push(JSON.parse(payload.toString()) as Episode));
    await app.subscribeAsync('crampwatch/v1/+/episodes', { qos: 1 });

    const framesFile = join(dir, 'frames-plain.txt');
    workers.push(await startWorker(nats.url, dir, framesFile, 'w1', 1));
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    await sensors.send(records);
    const account = () => frameAccount(records, framesFile);
    await until(() => account().distinct === account().sent, 60_000, 'every frame processed');
    await until(() => seen.filter((e) => e.event === 'close').length >= reference.length, 15_000).catch(() => {});
    await sensors.end();
    await app.endAsync();
    sub.unsubscribe();

    const closes = seen.filter((e) => e.event === 'close');
    console.log(`plain: ${account().sent} frames sent, ${account().distinct} processed; live ${closes.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}; replay ${reference.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}`);
    expect(account().missing).toEqual([]);
    expect(account().repeats).toBe(0);
    const ids = (events: Episode[], kind: string) => events.filter((e) => e.event === kind).map((e) => e.id).sort();
    const referenceIds = reference.map((e) => e.id).sort();
    expect(ids(seen, 'open')).toEqual(referenceIds);
    expect(ids(seen, 'close')).toEqual(referenceIds);
    expect(closes.map(({ event: _e, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id))).toEqual(reference.map(({ event: _e, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id)));
    expect(ids(appSeen, 'close')).toEqual(referenceIds);
    // interest retention with one filtered consumer per partition: a message goes once its own
    // partition's bridge acknowledged it, so the store does not grow over a night
    await until(async () => (await inMqttStore()) === 0, 30_000, '$MQTT_msgs emptied').catch(() => {});
    expect(await inMqttStore()).toBe(0);
  });

  it('takes frames sent with QoS 0 too (never in the MQTT store $MQTT_msgs: the bridge takes them from the plain subject)', async () => {
    const records = ward([['cramp', 502, 'q']], { aroundCrampsMs: 60_000 });
    // the worker of the test before, when it ran (it writes where it was told at start)
    const framesFile = join(dir, 'frames-plain.txt');
    if (workers.length === 0) workers.push(await startWorker(nats.url, dir, framesFile, 'w1', 1));
    const w = workers[0];
    await until(() => w.bridge()?.holding === true, 30_000, 'the worker bridges');
    const before = w.bridge()!.qos0;
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    // paced as a sensor sends (20× a night's pace), so the plain subscription is not outrun
    await sensors.send(records, 20, undefined, { framesQos: 0 });
    const account = () => frameAccount(records, framesFile);
    await until(() => account().distinct === account().sent, 60_000, 'every frame processed').catch(() => {});
    await sensors.end();
    console.log(`qos0: ${account().sent} frames sent with QoS 0, ${account().distinct} processed; bridge ${JSON.stringify(w.bridge())}`);
    expect(account().missing).toEqual([]);
    expect(w.bridge()!.qos0 - before).toBeGreaterThanOrEqual(account().sent);
  });

  it('a single-bridge consumer an older version left on $MQTT_msgs is deleted by a worker\'s start, nothing lost, and the store empties', async () => {
    const framesFile = join(dir, 'frames-plain.txt');
    if (workers.length === 0) workers.push(await startWorker(nats.url, dir, framesFile, 'w1', 1));
    const jsm = await jetstreamManager(nc);
    // as the single bridge's version made it: every ingress subject, never acknowledged here
    await jsm.consumers.add(MQTT_MSGS_STREAM, { durable_name: SINGLE_BRIDGE_CONSUMER, filter_subject: '$MQTT.msgs.crampwatch.in.*.*.*', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const records = ward([['cramp', 503, 'm']], { aroundCrampsMs: 30_000 });
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    await sensors.send(records);
    await sensors.end();
    const account = () => frameAccount(records, framesFile);
    await until(() => account().distinct === account().sent, 60_000, 'every frame processed');
    // the partitions' bridges acknowledged them all, the old consumer none: the store keeps them,
    // unless the running worker's periodic check (RETIRE_CHECK_MS) has retired the consumer already
    const kept = await inMqttStore();
    const oldConsumerLeft = await jsm.consumers.info(MQTT_MSGS_STREAM, SINGLE_BRIDGE_CONSUMER).then(() => true, () => false);
    if (oldConsumerLeft) expect(kept).toBeGreaterThanOrEqual(account().sent);
    workers.push(await startWorker(nats.url, dir, framesFile, 'w2', 1));
    await until(async () => !(await jsm.consumers.info(MQTT_MSGS_STREAM, SINGLE_BRIDGE_CONSUMER).then(() => true, () => false)), 30_000, 'the old consumer deleted');
    await until(async () => (await inMqttStore()) === 0, 30_000, '$MQTT_msgs emptied').catch(() => {});
    console.log(`migration: ${account().sent} frames sent, ${account().distinct} processed, ${account().repeats} twice; $MQTT_msgs held ${kept} with the old consumer, ${await inMqttStore()} after it was deleted`);
    expect(await inMqttStore()).toBe(0);
    expect(account().missing).toEqual([]);
    expect(account().repeats).toBe(0);
  });
});
