// A new owner's warm-up read (src/app/nats/warmup-read.ts) on a real 3-node cluster while frames
// are being written, as when a partition is taken with its sensors sending (a hand-over, or a
// SIGKILLed owner's backlog bridged at once): every read returns every frame of the range it was
// asked for. A read that trusted the consumer's num_pending came back empty for about 1 in 12 of
// these (nats-server 2.9.10 reports 0 for a filtered ordered consumer made on a cluster while the
// stream grows), and the new owner's detector then started in the middle of the cramp.
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionOf } from '../../src/adapters/nats/partition.ts';
import { LEASE_TTL_MS, PARTITIONS, ensureTopology, framesSubject } from '../../src/adapters/nats/topology.ts';
import { readWarmup } from '../../src/app/nats/warmup-read.ts';
import { silentLogger } from '../../src/log.ts';
import { startNats, type NatsCluster } from '../helpers/nats.ts';
import { bytesOf, deviceOf, isFrame, ward } from './support/nights.ts';

let nats: NatsCluster;
let nc: NatsConnection;
let js: JetStreamClient;

beforeAll(async () => {
  nats = await startNats({ nodes: 3 });
  nc = await connect({ servers: nats.url.split(','), maxReconnectAttempts: -1 });
  js = jetstream(nc, { timeout: 10_000 });
  await ensureTopology(nc, await jetstreamManager(nc), { replicas: 3, framesMaxBytes: 256 * 1024 ** 2, framesMaxAgeMs: 3600_000, leaseTtlMs: LEASE_TTL_MS });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe('a warm-up read while the frames stream is being written', () => {
  it('returns every frame of its range, read after read', async () => {
    const frames = ward([['cramp', 501, 'wr1'], ['two-legs', 510, 'wr3'], ['blanket-cramp', 509, 'wr2']], { aroundCrampsMs: 90_000 }).filter(isFrame);
    const publish = async (batch: typeof frames) => {
      const stored: { partition: number; seq: number }[] = [];
      for (let i = 0; i < batch.length; i += 200) {
        const acks = await Promise.all(batch.slice(i, i + 200).map((r) => {
          const partition = partitionOf(deviceOf(r), PARTITIONS);
          return js.publish(framesSubject(partition, deviceOf(r)), bytesOf(r)).then((ack) => ({ partition, seq: ack.seq }));
        }));
        stored.push(...acks);
      }
      return stored;
    };
    // a stream of several blocks: other sensors' messages (undecodable here, skipped by the read) between the frames
    const filler = new Uint8Array(2000);
    const devicePartitions = [...new Set(frames.map((r) => partitionOf(deviceOf(r), PARTITIONS)))];
    for (let i = 0; i < 6000; i += 200) await Promise.all(Array.from({ length: 200 }, (_, k) => js.publish(framesSubject(devicePartitions[(i + k) % devicePartitions.length], 'other'), filler)));
    // what the previous owners had processed: the first 3/4 of the nights
    const processed = await publish(frames.slice(0, Math.floor(frames.length * 0.75)));
    const partitions = [...new Set(processed.map((s) => s.partition))];
    const seqsOf = (partition: number) => processed.filter((s) => s.partition === partition).map((s) => s.seq).sort((a, b) => a - b);
    // the rest keeps coming meanwhile, over and over (frames sent again land after the checkpoints)
    let writing = true;
    const rest = frames.slice(Math.floor(frames.length * 0.75));
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        // only load: a publish the loaded cluster answers too late is not the read's failure
        await Promise.all([publish(rest.slice(0, 100)), ...Array.from({ length: 100 }, (_, k) => js.publish(framesSubject((n * 100 + k) % PARTITIONS, 'filler'), filler))]).catch(() => {});
      }
    })();
    const short: string[] = [];
    let reads = 0;
    try {
      for (let round = 0; round < 8; round++) {
        await Promise.all(Array.from({ length: 24 }, async (_, i) => {
          const partition = partitions[i % partitions.length];
          const seqs = seqsOf(partition);
          const fromSeq = seqs[Math.floor(((round * 24 + i) * 0.37 % 1) * seqs.length * 0.8)];
          const toSeq = seqs[seqs.length - 1];
          const expected = seqs.filter((s) => s >= fromSeq).length;
          const read = await readWarmup(js, partition, fromSeq, toSeq, silentLogger());
          const got = [...read.values()].reduce((n, list) => n + list.length, 0);
          reads++;
          if (got !== expected) short.push(`partition ${partition} ${fromSeq}..${toSeq}: ${got} of ${expected}`);
        }));
      }
    } finally {
      writing = false;
      await writer;
    }
    console.log(`warm-up reads: ${reads}, short: ${short.length}${short.length ? ` (${short.slice(0, 5).join('; ')})` : ''}`);
    expect(short).toEqual([]);
  }, 120_000);
});
