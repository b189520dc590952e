// What the runner-level move tests (partition-handover, night-handover) share: records put into
// the streams as a partition's frame bridge would, a partition emptied between cases, and a new
// owner's take retried the way the next lease round would retry it.
import { jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { partitionOf } from '../../../src/adapters/nats/partition.ts';
import { FRAMES_STREAM, META_STREAM, PARTITIONS, framesSubject, metaSubject, type Topology } from '../../../src/adapters/nats/topology.ts';
import { FencedError, checkpointKey } from '../../../src/app/nats/checkpoint.ts';
import type { PartitionRunner } from '../../../src/app/nats/partition-runner.ts';
import type { CaptureRecord } from '../../../src/ingest/capture-line.ts';
import { bytesOf, deviceOf, isFrame } from './nights.ts';

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
