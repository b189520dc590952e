// What the runner-level move tests (partition-handover, night-handover) share: one real
// nats-server with crampwatch's streams and buckets, records put into the streams as a
// partition's frame bridge would, a partition emptied between cases, and a new owner's take
// retried the way the next lease round would retry it.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { partitionOf } from '../../../src/adapters/nats/partition.ts';
import { FRAMES_STREAM, LEASE_TTL_MS, META_STREAM, PARTITIONS, ensureTopology, framesSubject, metaSubject, type Topology } from '../../../src/adapters/nats/topology.ts';
import { FencedError, checkpointKey } from '../../../src/app/nats/checkpoint.ts';
import type { PartitionRunner } from '../../../src/app/nats/partition-runner.ts';
import type { CaptureRecord } from '../../../src/ingest/capture-line.ts';
import { startNats } from '../../helpers/nats.ts';
import { bytesOf, deviceOf, isFrame } from './nights.ts';

export interface OneNode {
  nc: NatsConnection;
  js: JetStreamClient;
  topology: Topology;
  stop(): Promise<void>;
}

/** One nats-server on free ports, its streams (an hour, 256 MiB) and buckets made as a worker would. */
export async function startOneNode(): Promise<OneNode> {
  const nats = await startNats({ nodes: 1 });
  const nc = await connect({ servers: nats.url });
  const topology = await ensureTopology(nc, await jetstreamManager(nc), { replicas: 1, framesMaxBytes: 256 * 1024 ** 2, framesMaxAgeMs: 3600_000, leaseTtlMs: LEASE_TTL_MS });
  const stop = async () => {
    await nc.close();
    await nats.stop();
  };
  return { nc, js: jetstream(nc), topology, stop };
}

/** Publishes records into the streams as the frame bridge would; the last frame's stream sequence. */
export async function publishAsBridge(js: JetStreamClient, records: CaptureRecord[]): Promise<number> {
  let last = 0;
  for (const r of records) {
    const device = deviceOf(r);
    const partition = partitionOf(device, PARTITIONS);
    const subject = isFrame(r) ? framesSubject(partition, device) : metaSubject(partition, device, r.topic.split('/')[3]);
    const ack = await js.publish(subject, bytesOf(r));
    if (isFrame(r)) last = ack.seq;
  }
  return last;
}

/** Each case on its own: the streams emptied, the partition's checkpoint gone. */
export async function emptyPartition(nc: NatsConnection, topology: Topology, partition: number): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.purge(FRAMES_STREAM);
  await jsm.streams.purge(META_STREAM);
  await topology.checkpoints.purge(checkpointKey(partition));
}

/**
 * A crashed owner's last write may still land after the new owner read the checkpoint: then the
 * take is refused, and taken again (as the next lease round would), up to 3 times.
 */
export async function takeRetryingFenced(start: () => Promise<PartitionRunner>): Promise<PartitionRunner> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof FencedError) || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
