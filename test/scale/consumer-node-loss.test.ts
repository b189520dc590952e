// A partition's consumer whose NATS node is SIGKILLed while the worker's own connection is on that
// node: the one case where @nats-io/jetstream gives no sign at all (no missed heartbeats, no
// error; delivery-watch.ts). The runner notices from the stream that it holds frames past the
// consumer's position, makes the consumer again on a surviving node, and every frame is processed,
// each once. Real 3-node cluster; the consumer's placement is the server's choice, so the runner is
// started again until its consumer sits on the node its connection is on.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { FRAMES_STREAM, LEASE_TTL_MS, PARTITIONS, ensureTopology, framesSubject, type Topology } from '../../src/adapters/nats/topology.ts';
import { PartitionRunner } from '../../src/app/nats/partition-runner.ts';
import { countingCores } from '../helpers/counting-core.ts';
import { frameJson } from '../helpers/frames.ts';
import { capturingLogger } from '../helpers/log-lines.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { until } from '../helpers/until.ts';

const DEVICE = 'cn-0';
const PARTITION = partitionOf(DEVICE, PARTITIONS);

let nats: NatsCluster;
let admin: NatsConnection;
let topology: Topology;

beforeAll(async () => {
  nats = await startNats({ nodes: 3 });
  admin = await connect({ servers: nats.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  topology = await ensureTopology(admin, await jetstreamManager(admin), { replicas: 3, framesMaxBytes: 256 * 1024 * 1024, framesMaxAgeMs: 3600_000, leaseTtlMs: LEASE_TTL_MS });
});
afterAll(async () => {
  await admin?.close();
  await nats?.stop();
});

/** Frames `from`..`to` of the device, each stored (acknowledged by the stream) before the next; retried while the cluster elects. */
async function publishFrames(js: JetStreamClient, from: number, to: number): Promise<void> {
  for (let seq = from; seq <= to; seq++) {
    await until(() => js.publish(framesSubject(PARTITION, DEVICE), frameJson({ seq }), { timeout: 2000 }).then(() => true, () => false), 60_000, `frame ${seq} stored`);
  }
}

/** The server that holds the frames consumer made on the partition's subject since `sinceMs`, once there is one. */
async function framesConsumerNode(sinceMs: number): Promise<string> {
  const jsm = await jetstreamManager(admin);
  let node: string | undefined;
  await until(async () => {
    const consumers = await jsm.consumers.list(FRAMES_STREAM).next();
    const mine = consumers.filter((c) => c.config.filter_subject === framesSubject(PARTITION) && Date.parse(`${c.created.slice(0, 23)}Z`) >= sinceMs - 1000);
    node = mine.at(-1)?.cluster?.leader;
    return node !== undefined;
  }, 30_000, 'the runner\'s frames consumer');
  return node!;
}

describe('a consumer whose node dies under the worker\'s own connection', () => {
  it('is noticed from the stream and made again on a survivor: every frame processed once', async () => {
    const js = jetstream(admin);
    await publishFrames(js, 1, 20);
    const { factory } = countingCores();
    // what the runner hands its cores live (the warm-up after each hand-over is not counted)
    const seqs: number[] = [];
    const { logger, records } = capturingLogger('warn');
    let runner: PartitionRunner | undefined;
    let nc: NatsConnection | undefined;
    let victim: NatsCluster['nodes'][number] | undefined;
    try {
      for (let attempt = 1; attempt <= 20 && !victim; attempt++) {
        // the connection on one node, in turn; the consumer where the cluster puts it
        const first = nats.nodes[attempt % 3];
        const startedMs = Date.now();
        nc = await connect({ servers: [first.url, ...nats.nodes.filter((n) => n !== first).map((n) => n.url)], noRandomize: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
        runner = await PartitionRunner.start({
          js: jetstream(nc, { timeout: 10_000 }),
          checkpoints: topology.checkpoints,
          worker: 'w',
          partition: PARTITION,
          epoch: attempt,
          createCore: factory,
          sink: { episode: () => {}, signal: () => {}, limbMovement: () => {} },
          events: { rejected: () => {} },
          logger,
          onFenced: () => {},
          onFrame: (device, seq) => {
            if (device === DEVICE) seqs.push(seq);
          },
        });
        await until(() => seqs.length >= 20, 30_000, 'the first frames processed');
        const node = await framesConsumerNode(startedMs);
        if (node === first.name && nc.info?.server_name === first.name) victim = first;
        else {
          await runner.stop('handover');
          await nc.close();
        }
      }
      expect(victim, 'a runner whose consumer sits on its connection\'s node').toBeDefined();
      await victim!.kill();
      await publishFrames(js, 21, 60);
      await until(() => new Set(seqs).size >= 60, 90_000, 'every frame processed').catch(() => {});
      expect([...new Set(seqs)].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      // each once: a remade consumer starts after the last frame handled (hand-overs between
      // attempts write their checkpoint first)
      expect(seqs.length).toBe(60);
      // Which path brought the frames is printed, not asserted: in most runs the consumer is
      // silent and the watch remakes it (without the watch the runner stays at the 20 frames
      // before the kill), but in some (first seen 2026-12-02) the client's pull outlived the kill
      // and delivery went on by itself. Either way every frame is processed once (above).
      const remade = records().filter((r) => r.msg === 'consumer stopped delivering; making it again from the next sequence not handled' && r.stream === FRAMES_STREAM);
      console.log(`node loss under the worker's connection: ${remade.length > 0 ? `the frames consumer remade (${remade.map((r) => r.reason).join(', ')})` : 'delivery went on by itself, no remake needed'}`);
    } finally {
      await runner?.stop('shutdown').catch(() => {});
      await nc?.close().catch(() => {});
      if (victim && !victim.running()) await victim.start();
    }
  }, 240_000);
});
