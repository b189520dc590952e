// NATS mode against faults, on a real 3-node nats-server cluster (streams and buckets with 3
// replicas) and real worker processes: a worker killed (SIGKILL) in the middle of a cramp, the
// owner of a cramping device's partition killed (its bridge of the MQTT listener's messages
// into the streams moves with the partition), a worker added in the
// middle of a cramp, a NATS node killed (the frames stream's leader; the MQTT store's leader),
// the whole cluster restarted. Each time every frame sent is processed (frames sent = processed
// + rejected; none rejected here) and each cramp is reported once, one `open`, one `close`, one
// id, as a replay of the same nights reports it (PROTOCOL §9).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type MsgRequest } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { MQTT_MSGS_STREAM, bridgeConsumer } from '../../src/adapters/nats/mqtt-store.ts';
import { FRAMES_STREAM, PARTITIONS, framesSubject, topicOfSubject } from '../../src/adapters/nats/topology.ts';
import type { Episode } from '../../src/core/types.ts';
import type { CaptureRecord } from '../../src/ingest/capture-line.ts';
import { decodeMessage } from '../../src/protocol/decode.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { until } from '../helpers/until.ts';
import { deviceOf, frameAccount, isFrame, processedFrames, replayEpisodes, Sensors, startWorker, ward, type WorkerProcess } from './support/nights.ts';

process.env.RENEW_EVERY_MS = '1000';
/** simulated seconds per real second */
const SPEED = 20;
/** each night from 90 s before its first cramp: the detector has settled, and the tests stay short */
const AROUND_CRAMPS_MS = 90_000;

let nats: NatsCluster;
let dir: string;
let nc: NatsConnection;
const workers: WorkerProcess[] = [];
const seen: Episode[] = [];

beforeAll(async () => {
  nats = await startNats({ nodes: 3 });
  dir = await mkdtemp(join(tmpdir(), 'crampwatch-scale-cluster-'));
  nc = await connect({ servers: nats.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  nc.subscribe('crampwatch.v1.*.episodes', { callback: (_err, m) => void seen.push(m.json<Episode>()) });
});
afterAll(async () => {
  for (const w of workers) await w.kill();
  await nc?.close();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function worker(name: string, framesFile: string): Promise<WorkerProcess> {
  const w = await startWorker(nats.url, dir, framesFile, name, 3);
  workers.push(w);
  return w;
}

async function stopAll(): Promise<void> {
  for (const w of workers.splice(0)) await w.stop();
}

// a test that fails before its own stopAll must not leave its workers holding the partitions the
// next test's workers wait for
afterEach(async () => {
  for (const w of workers.splice(0)) await w.kill();
});

const ownerOf = (device: string, among: WorkerProcess[]) => among.find((w) => w.owned().includes(partitionOf(device, PARTITIONS)));
const allOwned = (among: WorkerProcess[]) => among.reduce((n, w) => n + w.owned().length, 0) === PARTITIONS;

/** Episodes of these nights' devices, checked against the replay: one open, one close, one id each. */
async function expectReplayEpisodes(records: CaptureRecord[], label: string, endToleranceMs = 2000): Promise<void> {
  const devices = new Set(records.map(deviceOf));
  const reference = await replayEpisodes(records);
  const mine = () => seen.filter((e) => devices.has(e.device));
  await until(() => mine().filter((e) => e.event === 'close').length >= reference.length, 20_000).catch(() => {});
  const closes = mine().filter((e) => e.event === 'close');
  console.log(`${label}: live ${closes.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}; replay ${reference.map((e) => `${e.id} ${e.start}–${e.end}`).join(', ')}`);
  const ids = (kind: string) => mine().filter((e) => e.event === kind).map((e) => e.id).sort();
  const referenceIds = reference.map((e) => e.id).sort();
  expect(reference.length).toBeGreaterThan(0);
  expect(ids('open')).toEqual(referenceIds);
  expect(ids('close')).toEqual(referenceIds);
  for (const ref of reference) {
    const close = closes.find((e) => e.id === ref.id)!;
    expect(close.start).toBe(ref.start);
    expect(close.muscle).toBe(ref.muscle);
    // after a move the new owner's detector sees the end itself: within 2 s of the replay's
    expect(Math.abs(close.end! - ref.end!)).toBeLessThan(endToleranceMs);
  }
}

/**
 * How many of these nights' frames each device has in the frames stream, each `seq` once: a sensor
 * that resends a frame whose PUBACK it lost with the node has it stored twice. Read message by
 * message from the stream's leader (STREAM.MSG.GET, the next one on the device's subject), not
 * through a consumer: a consumer made while a node is dead may be placed on it and never deliver.
 */
async function readFramesInStream(records: CaptureRecord[]): Promise<Map<string, number>> {
  const jsm = await jetstreamManager(nc, { timeout: 5000 });
  const counts = new Map<string, number>();
  for (const device of new Set(records.filter(isFrame).map(deviceOf))) {
    const seqs = new Set<number>();
    // the server (2.9) takes `next_by_subj` on this API too; the client types it for direct get only
    const next = (seq: number) => jsm.streams.getMessage(FRAMES_STREAM, { seq, next_by_subj: framesSubject('*', device) } as unknown as MsgRequest);
    for (let stored = await next(1); stored; stored = await next(stored.seq + 1)) {
      const message = decodeMessage(topicOfSubject(stored.subject), { bytes: stored.data });
      if (message.ok && message.kind === 'frames') seqs.add(message.frame.seq);
    }
    counts.set(device, seqs.size);
  }
  return counts;
}

/** readFramesInStream, tried again while the cluster does not answer (no stream leader elected yet). */
async function framesInStream(records: CaptureRecord[]): Promise<Map<string, number>> {
  let counts: Map<string, number> | undefined;
  let lastError = '';
  const read = () => readFramesInStream(records).then(
    (read) => ((counts = read), true),
    (error: Error) => {
      if (error.message !== lastError) console.log(`reading the frames stream back: ${(lastError = error.message)}; trying again`);
      return false;
    },
  );
  await until(read, 60_000, 'the frames stream read back');
  return counts!;
}

/**
 * Every frame sent is processed (frames sent = processed + rejected; none rejected here). When
 * some are not, how many of each device reached the frames stream is printed: lost before the
 * stream, or not yet taken from it.
 */
async function expectEveryFrame(records: CaptureRecord[], framesFile: string, label: string, waitMs = 40_000): Promise<void> {
  const settled = () => {
    const account = frameAccount(records, framesFile);
    return account.distinct >= account.sent;
  };
  await until(settled, waitMs, `${label}: every frame processed`).catch(() => {});
  const account = frameAccount(records, framesFile);
  console.log(`${label}: ${account.sent} frames sent, ${account.distinct} processed, ${account.repeats} of them twice, ${account.missing.length} not processed`);
  if (account.missing.length > 0) {
    for (const [device, count] of await framesInStream(records)) console.log(`${label}: ${device}: ${records.filter((r) => isFrame(r) && deviceOf(r) === device).length} sent and acknowledged, ${count} in the frames stream`);
  }
  expect(account.missing.slice(0, 10)).toEqual([]);
  expect(account.distinct).toBe(account.sent);
}

/** Asks a stream's leader to step down: another replica takes over. */
async function stepDown(stream: string): Promise<void> {
  await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, '', { timeout: 5000 }).catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** Sends the nights; `during` runs once the first cramp of `device` is 10 s under way. */
async function sendWithFault(records: CaptureRecord[], sensors: Sensors, device: string, during: () => Promise<void>): Promise<void> {
  const reference = (await replayEpisodes(records)).filter((e) => e.device === device);
  expect(reference.length).toBeGreaterThan(0);
  const sending = sensors.send(records, SPEED);
  await until(() => seen.some((e) => e.device === device && e.event === 'update' && (e.end ?? 0) >= reference[0].start + 10_000), 60_000, 'the cramp under way');
  await during();
  await sending;
}

describe('NATS workers on a 3-node cluster', () => {
  it('a worker killed in the middle of a cramp: another takes its partitions within 15 s, nothing lost or reported twice', async () => {
    const framesFile = join(dir, 'frames-kill.txt');
    const records = ward([
      ['cramp', 501, 'k1'],
      ['blanket-cramp', 509, 'k2'],
      ['two-legs', 510, 'k3'],
    ], { aroundCrampsMs: AROUND_CRAMPS_MS });
    const [w1, w2] = [await worker('kill-1', framesFile), await worker('kill-2', framesFile)];
    await until(() => allOwned([w1, w2]) && w1.owned().length > 0 && w2.owned().length > 0, 30_000, 'partitions shared');
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    let takeoverS = NaN;
    await sendWithFault(records, sensors, 'k1-0', async () => {
      const victim = ownerOf('k1-0', [w1, w2])!;
      const survivor = victim === w1 ? w2 : w1;
      const before = processedFrames(framesFile).length;
      const killedAt = Date.now();
      await victim.kill();
      await until(() => survivor.owned().includes(partitionOf('k1-0', PARTITIONS)), 20_000, 'partition taken over');
      await until(() => processedFrames(framesFile).slice(before).some(([d]) => d === 'k1-0'), 20_000, 'the device processed again');
      takeoverS = (Date.now() - killedAt) / 1000;
      await until(() => survivor.owned().length === PARTITIONS, 20_000, 'all partitions on the survivor');
    });
    await sensors.end();
    console.log(`kill: the killed worker's device processed again ${takeoverS.toFixed(1)} s after the SIGKILL`);
    expect(takeoverS).toBeLessThan(15);
    await expectEveryFrame(records, framesFile, 'kill');
    await expectReplayEpisodes(records, 'kill');
    await stopAll();
  });

  it('the owner of a cramping device\'s partition killed: the partition\'s bridge moves with it, every acknowledged frame processed, in order', async () => {
    const framesFile = join(dir, 'frames-bridge.txt');
    const records = ward([
      ['cramp', 501, 'b1'],
      ['two-legs', 510, 'b3'],
    ], { aroundCrampsMs: AROUND_CRAMPS_MS });
    const [w1, w2] = [await worker('bridge-1', framesFile), await worker('bridge-2', framesFile)];
    await until(() => allOwned([w1, w2]) && [w1, w2].every((w) => (w.bridge()?.partitions ?? 0) > 0), 30_000, 'partitions shared, both workers bridging theirs');
    const sensors = new Sensors(nats.nodes[2].mqttUrl);
    const partition = partitionOf('b1-0', PARTITIONS);
    let takeoverS = NaN;
    let caughtUpBefore = 0;
    await sendWithFault(records, sensors, 'b1-0', async () => {
      const victim = ownerOf('b1-0', [w1, w2])!;
      const survivor = victim === w1 ? w2 : w1;
      caughtUpBefore = survivor.bridge()!.caughtUp;
      const inStream = async () => (await framesInStream(records.filter((r) => deviceOf(r) === 'b1-0'))).get('b1-0') ?? 0;
      const killedAt = Date.now();
      await victim.kill();
      const before = await inStream();
      // its lease expires; the survivor's bridge of it publishes first what the victim had not acknowledged
      await until(() => survivor.owned().includes(partition), 30_000, 'the partition taken over');
      await until(async () => (await inStream()) > before, 30_000, 'the device\'s frames bridged again');
      takeoverS = (Date.now() - killedAt) / 1000;
    });
    await sensors.end();
    console.log(`bridge: the device's frames reached the stream again ${takeoverS.toFixed(1)} s after the SIGKILL; ${[w1, w2].map((w) => `${w.name}${w.child.signalCode ? ' (killed, its last report)' : ''} ${JSON.stringify(w.bridge())}`).join('; ')}; the survivor read back a predecessor's unacknowledged messages ${(w1.child.signalCode ? w2 : w1).bridge()!.caughtUp - caughtUpBefore} time(s)`);
    // how soon is a figure (docs/scale-out.md), not asserted: the survivor takes all the dead
    // worker's partitions at the same moment, on 2 shared cores
    expect(Number.isFinite(takeoverS)).toBe(true);
    await expectEveryFrame(records, framesFile, 'bridge');
    // unacknowledged messages came before newer ones: the cramps are those of the replay
    await expectReplayEpisodes(records, 'bridge');
    await stopAll();
  });

  it('a worker added in the middle of a cramp: about half the partitions move to it, each device handed over once', async () => {
    const framesFile = join(dir, 'frames-add.txt');
    const records = ward([
      ['cramp', 501, 'a1'],
      ['blanket-cramp', 509, 'a2'],
      ['two-legs', 510, 'a3'],
    ], { aroundCrampsMs: AROUND_CRAMPS_MS });
    const w1 = await worker('add-1', framesFile);
    await until(() => w1.owned().length === PARTITIONS, 30_000, 'one worker owns all');
    const sensors = new Sensors(nats.nodes[1].mqttUrl);
    let moved = 0;
    await sendWithFault(records, sensors, 'a1-0', async () => {
      const w2 = await worker('add-2', framesFile);
      // settled: every partition owned, the new worker's share the same for 3 s
      let last = -1;
      let sameSince = Date.now();
      await until(() => {
        const now = w2.owned().length;
        if (now !== last || !allOwned([w1, w2])) [last, sameSince] = [now, Date.now()];
        return now > 0 && Date.now() - sameSince >= 3000;
      }, 40_000, 'partitions moved to the new worker');
      moved = w2.owned().length;
    });
    await sensors.end();
    console.log(`add: ${moved} of ${PARTITIONS} partitions moved to the new worker`);
    expect(moved).toBeGreaterThan(PARTITIONS / 4);
    expect(moved).toBeLessThan((PARTITIONS * 3) / 4);
    await expectEveryFrame(records, framesFile, 'add');
    // a hand-over writes its checkpoint before it lets go: no frame is processed twice
    expect(frameAccount(records, framesFile).repeats).toBe(0);
    // the move can take a1-0's partition in the middle of its cramp: the new owner continues it
    await expectReplayEpisodes(records, 'add');
    await stopAll();
  });

  // Consumers placed on the killed node stop delivering; a worker whose connection was on that node
  // gets no sign from the client library at all (delivery-watch.ts): the stream is what tells.
  //
  // Two nodes to lose: the frames stream's leader (before the frame bridge, the frames a sensor
  // had acknowledged while it was re-elected never reached the stream: 251-254 of 1,609 in two
  // runs of three) and the leader of the MQTT listener's store `$MQTT_msgs`, from which the
  // bridge takes them. The other stream's leader is moved off the victim first, so each test
  // loses only the one it names.
  for (const [target, other] of [[FRAMES_STREAM, MQTT_MSGS_STREAM], [MQTT_MSGS_STREAM, FRAMES_STREAM]]) {
    const tag = target === FRAMES_STREAM ? 'f' : 'm';
    it(`a NATS node killed (the ${target} leader) mid-night: every frame a sensor had acknowledged is processed`, async () => {
      const label = `node ${target}`;
      const framesFile = join(dir, `frames-node-${tag}.txt`);
      const records = ward([
        ['cramp', 501, `n${tag}1`],
        ['two-legs', 510, `n${tag}3`],
      ], { aroundCrampsMs: AROUND_CRAMPS_MS });
      const [w1, w2] = [await worker(`node-${tag}1`, framesFile), await worker(`node-${tag}2`, framesFile)];
      await until(() => allOwned([w1, w2]), 30_000, 'partitions owned');
      const jsm = await jetstreamManager(nc);
      // $MQTT_msgs exists once a worker made it (or an MQTT client came): the workers are up
      const leaderOf = async (stream: string) => (await jsm.streams.info(stream)).cluster?.leader;
      const leader = await leaderOf(target);
      await until(async () => (await leaderOf(other)) !== leader || (await stepDown(other), false), 30_000, `${other} led by another node than ${target}`);
      const victim = nats.nodes.find((n) => n.name === leader)!;
      const consumerLeader = (await jsm.consumers.info(MQTT_MSGS_STREAM, bridgeConsumer(partitionOf(`n${tag}1-0`, PARTITIONS)))).cluster?.leader;
      // sensors on another node's MQTT listener (a sensor moving to another node when its own goes
      // is the sensor's business: MQTT.js `servers`, tried by hand, took ~40 s to find one that answered)
      const sensors = new Sensors(nats.nodes.find((n) => n !== victim)!.mqttUrl);
      try {
        await sendWithFault(records, sensors, `n${tag}1-0`, async () => {
          console.log(`${label}: killing ${victim.name} (leads ${target}; ${other} on ${await leaderOf(other)}; the cramping device's partition's bridge consumer on ${consumerLeader})`);
          await victim.kill();
        });
        await sensors.end();
        console.log(`${label}: all sent and acknowledged (${sensors.acked} messages); ${target} now led by ${await leaderOf(target).catch(() => '?')}`);
        // the bridge's promise: every frame a sensor had acknowledged reaches the frames stream
        const sentOf = (device: string) => records.filter((r) => isFrame(r) && deviceOf(r) === device).length;
        const whole = async () => [...(await framesInStream(records))].every(([device, count]) => count >= sentOf(device));
        await until(whole, 60_000, `${label}: every acknowledged frame in the frames stream`).catch(() => {});
        const bridges = [w1, w2].map((w) => `${w.name} ${JSON.stringify(w.bridge())}`);
        console.log(`${label}: bridges ${bridges.join('; ')}`);
        for (const [device, count] of await framesInStream(records)) expect(count, `${device}'s frames in the stream`).toBeGreaterThanOrEqual(sentOf(device));
        // and the workers' (the stream's frames all processed)
        await expectEveryFrame(records, framesFile, label, 120_000);
        await expectReplayEpisodes(records, label);
      } finally {
        if (!victim.running()) await victim.start();
        await stopAll();
      }
    }, 330_000);
  }

  it('the whole cluster restarted mid-night: workers and sensors come back, nothing lost', async () => {
    const framesFile = join(dir, 'frames-restart.txt');
    const records = ward([
      ['cramp', 501, 'r1'],
      ['two-legs', 510, 'r3'],
    ], { aroundCrampsMs: AROUND_CRAMPS_MS });
    const [w1, w2] = [await worker('restart-1', framesFile), await worker('restart-2', framesFile)];
    await until(() => allOwned([w1, w2]), 30_000, 'partitions owned');
    const sensors = new Sensors(nats.nodes.map((n) => n.mqttUrl));
    await sendWithFault(records, sensors, 'r1-0', async () => {
      await Promise.all(nats.nodes.map((n) => n.kill()));
      await Promise.all(nats.nodes.map((n) => n.start()));
      await nats.ready();
    });
    await sensors.end();
    await expectEveryFrame(records, framesFile, 'restart');
    // each cramp once, under the replay's id; its end may come early: the new owner may close the
    // cramp open at the restart where the old one last saw it (see docs/scale-out.md, "Known limits")
    await expectReplayEpisodes(records, 'restart', 60_000);
    await stopAll();
    // its own waits (ownership, the cramp under way, the cluster ready again, every frame, the
    // episodes) add up to far more than the suite's 120 s; it took 79-90 s, and once over 120 s in CI
  }, 300_000);
});
