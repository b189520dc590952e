// A new owner's warm-up: the frames of a partition its previous owner had already processed,
// read back from the frames stream (checkpoint.ts: from `fromSeq` to `seq`), per device in
// sequence order, for the new detectors to see again with their output muted.
//
// Where the read ends is decided by stream sequences only: the checkpoint's `seq`, a frame the
// previous owner handled, so one on this partition's subject, which the stream still holds unless
// its size or age bound dropped it, and with it everything older (checked first, in the stream's
// unfiltered state). Never by counts the server gives for a subject filter: on a 3-node cluster
// (nats-server 2.9.10) a filtered ordered consumer made while the stream is being written
// reported num_pending 0 in 19 of 224 creations with hundreds pending, and a read that stopped at
// a message delivered with pending 0, or at the stream's last message on the subject as a
// last_by_subj get gave it, came back short or empty for about 1 in 20 reads
// (test/scale/warmup-read.test.ts; one server: none). An empty warm-up left the new owner's
// detector to start in the middle of the cramp: it never re-opened it, and the resumer closed the
// continued episode at the move, 62 s early (cluster-faults "a worker killed"), or, with too little
// night left for its wait, never (cluster-faults "a worker added").
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { SampleFrame } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { decodeMessage } from '../../protocol/decode.ts';
import { FRAMES_STREAM, framesSubject, topicOfSubject } from '../../adapters/nats/topology.ts';

/** A frame read back for a warm-up, with its frames stream sequence. */
export interface WarmupFrame {
  frame: SampleFrame;
  seq: number;
}

/** a warm-up read that delivers nothing this long has stalled */
const WARMUP_READ_IDLE_MS = 10_000;

/**
 * The frames from `fromSeq` to `toSeq` of a partition, per device in sequence order, duplicates
 * dropped: what the previous owner's detectors had seen, for the new ones to see again.
 */
export async function readWarmup(js: JetStreamClient, partition: number, fromSeq: number, toSeq: number, logger: Logger): Promise<Map<string, WarmupFrame[]>> {
  const byDevice = new Map<string, WarmupFrame[]>();
  const subject = framesSubject(partition);
  if (fromSeq > toSeq) return byDevice;
  // the bound drops the oldest first: toSeq gone means the whole range is gone (a stream loss the runner reports)
  const firstSeq = (await (await js.jetstreamManager(false)).streams.info(FRAMES_STREAM)).state.first_seq;
  if (firstSeq > toSeq) return byDevice;
  const consumer = await js.consumers.get(FRAMES_STREAM, { filter_subjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(1, fromSeq) });
  const messages = await consumer.consume({ max_messages: 1024, expires: 5000 });
  // a read whose consumer stops delivering (its node lost: delivery-watch.ts) would hold the
  // partition's start for ever: it fails instead, and the partition is given back and taken again
  let idle: NodeJS.Timeout | undefined;
  let stalled = false;
  const quiet = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      void messages.close().catch(() => {});
    }, WARMUP_READ_IDLE_MS);
  };
  quiet();
  let count = 0;
  for await (const m of messages) {
    quiet();
    if (m.seq > toSeq) break;
    const message = decodeMessage(topicOfSubject(m.subject), { bytes: m.data });
    if (message.ok && message.kind === 'frames') {
      let frames = byDevice.get(message.device);
      if (!frames) byDevice.set(message.device, (frames = []));
      frames.push({ frame: message.frame, seq: m.seq });
      count++;
    }
    if (m.seq >= toSeq) break;
  }
  clearTimeout(idle);
  await messages.close();
  void consumer.delete().catch(() => {});
  if (stalled) throw new Error(`partition ${partition}: the warm-up read from the stream delivered nothing for ${WARMUP_READ_IDLE_MS / 1000} s`);
  for (const [device, frames] of byDevice) {
    frames.sort((a, b) => a.frame.tMs - b.frame.tMs);
    byDevice.set(device, frames.filter((f, i) => i === 0 || f.frame.seq !== frames[i - 1].frame.seq));
  }
  logger.info({ partition, frames: count, devices: byDevice.size, fromSeq, toSeq }, 'warm-up read back from the stream');
  return byDevice;
}
