// A new owner's warm-up: the frames of a partition its previous owner had already processed,
// read back from the frames stream (checkpoint.ts: from `fromSeq` to `seq`), per device in
// sequence order, for the new detectors to see again with their output muted.
//
// Where the read begins and ends is decided by stream sequences only: `fromSeq` and `seq` are
// frames the previous owner handled, so on this partition's subject, which the stream still holds
// unless its size or age bound dropped them, oldest first (checked first, in the stream's
// unfiltered state). Never by counts the server gives for a subject filter: on a 3-node cluster
// (nats-server 2.9.10) a filtered ordered consumer made while the stream is being written
// reported num_pending 0 in 19 of 224 creations with hundreds pending, and delivered messages
// with pending 0 before the end of the range; a read that trusted them came back short or empty
// for 7-11 of 192 reads (test/scale/warmup-read.test.ts; one server: none). An empty warm-up left
// the new owner's detector to start in the middle of the cramp: it never re-opened it, and the
// resumer closed the continued episode at the move, 62 s early (cluster-faults "a worker
// killed"), or, with too little night left for its wait, never (cluster-faults "a worker added").
// A read that does not deliver both ends, or whose consumer is made too late, is made again
// (readWarmup).
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { TimeoutError } from '@nats-io/transport-node';
import type { SampleFrame } from '../../core/types.ts';
import type { Logger } from '../../log.ts';
import { decodeMessage } from '../../protocol/decode.ts';
import { FRAMES_STREAM, framesSubject, topicOfSubject } from '../../adapters/nats/topology.ts';

/** A frame read back for a warm-up, with its frames stream sequence. */
export interface WarmupFrame {
  frame: SampleFrame;
  seq: number;
}

/** a warm-up read whose consumer delivers nothing this long has stalled */
const WARMUP_READ_IDLE_MS = 10_000;
/** reads of a range that came back incomplete before the take is given up (and tried again later) */
const READ_ATTEMPTS = 5;

/**
 * The frames from `fromSeq` to `toSeq` of a partition, per device in sequence order, duplicates
 * dropped: what the previous owner's detectors had seen, for the new ones to see again.
 */
export async function readWarmup(js: JetStreamClient, partition: number, fromSeq: number, toSeq: number, logger: Logger): Promise<Map<string, WarmupFrame[]>> {
  if (fromSeq > toSeq) return new Map();
  // the bound drops the oldest first: toSeq gone means the whole range is gone (a stream loss the runner reports)
  const firstSeq = (await (await js.jetstreamManager(false)).streams.info(FRAMES_STREAM)).state.first_seq;
  if (firstSeq > toSeq) return new Map();
  // Both ends of the range are frames the previous owner handled, so on the partition's subject:
  // a read is whole only if it delivers fromSeq (unless the bound dropped it) first and toSeq
  // last. On the loaded cluster a consumer's read now and then came back without one of them (it
  // began later, or ended early with no error): such a read is made again with a new consumer.
  const start = Math.max(1, fromSeq, firstSeq);
  // fromSeq dropped by the bound meanwhile: the read begins at whatever comes first from there
  const startOnSubject = start === fromSeq;
  for (let attempt = 1; ; attempt++) {
    const read = await readOnce(js, partition, start, toSeq, startOnSubject).catch((error: unknown) => {
      // the loaded cluster answered the consumer's creation too late (seen in CI beside other
      // heavy work): nothing was read, so it is made again like a read that came back short
      if (error instanceof TimeoutError) return undefined;
      throw error;
    });
    if (read?.whole) {
      logger.info({ partition, frames: read.count, devices: read.byDevice.size, fromSeq, toSeq, attempt }, 'warm-up read back from the stream');
      return read.byDevice;
    }
    logger.warn({ partition, fromSeq: start, toSeq, firstRead: read?.first, lastRead: read?.last, stalled: read?.stalled, timedOut: !read, attempt }, 'warm-up read came back incomplete; reading it again');
    // given up: the partition is given back and taken again at a later lease round
    if (attempt >= READ_ATTEMPTS) throw new Error(`partition ${partition}: the warm-up read of ${start}..${toSeq} came back incomplete ${READ_ATTEMPTS} times`);
  }
}

/** One consumer's read of start..toSeq: the frames per device, and whether it began at start and reached toSeq. */
async function readOnce(js: JetStreamClient, partition: number, start: number, toSeq: number, startOnSubject: boolean): Promise<{ byDevice: Map<string, WarmupFrame[]>; count: number; first: number; last: number; stalled: boolean; whole: boolean }> {
  const byDevice = new Map<string, WarmupFrame[]>();
  const subject = framesSubject(partition);
  const consumer = await js.consumers.get(FRAMES_STREAM, { filter_subjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
  const messages = await consumer.consume({ max_messages: 1024, expires: 5000 });
  // a read whose consumer stops delivering (its node lost: delivery-watch.ts) would hold the
  // partition's start for ever: it ends, incomplete, and is made again with a new consumer
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
  let first = 0;
  let last = 0;
  for await (const m of messages) {
    quiet();
    if (first === 0) first = m.seq;
    last = m.seq;
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
  await messages.close().catch(() => {});
  void consumer.delete().catch(() => {});
  for (const [device, frames] of byDevice) {
    frames.sort((a, b) => a.frame.tMs - b.frame.tMs);
    byDevice.set(device, frames.filter((f, i) => i === 0 || f.frame.seq !== frames[i - 1].frame.seq));
  }
  return { byDevice, count, first, last, stalled, whole: !stalled && (startOnSubject ? first === start : first >= start) && last === toSeq };
}
