// One partition, while this worker owns it: its devices' messages from the streams, in stream
// order, through an Ingestor and the per-device cores, out to the sink. It starts where the
// partition's checkpoint says (checkpoint.ts): detectors warmed up on the frames the previous
// owner had already processed (read back from the stream, output muted), the previous owner's
// open episodes continued under their ids (episode-resume.ts), live frames from the next
// sequence. The checkpoint is its acknowledgement: written at least every second and after every
// episode event; a crash repeats at most the frames since the last one.
import { DeliverPolicy, type Consumer, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { DeviceCore, DeviceCoreFactory, NightStats } from '../../core/device-core.ts';
import type { CoreSink, Episode, SampleFrame } from '../../core/types.ts';
import { Ingestor, type DeviceCounters, type IngestEvents } from '../../ingest/ingestor.ts';
import { frameEndMs } from '../../ingest/sequencer.ts';
import type { Logger } from '../../log.ts';
import { FRAMES_STREAM, META_STREAM, framesSubject, metaSubject, topicOfSubject } from '../../adapters/nats/topology.ts';
import { EpisodeResumer, type ResumeStore } from '../episode-resume.ts';
import { CheckpointWriter, type PartitionCheckpoint } from './checkpoint.ts';
import { DeliveryWatch, remakeDelayMs } from './delivery-watch.ts';
import { NightCarry, carriedNightsOf } from './night-carry.ts';
import { StreamPositions } from './stream-positions.ts';
import { readWarmup, type WarmupFrame } from './warmup-read.ts';

export interface RunnerOptions {
  js: JetStreamClient;
  checkpoints: KV;
  worker: string;
  partition: number;
  /** the lease's epoch: fences the checkpoint */
  epoch: number;
  createCore: DeviceCoreFactory;
  sink: CoreSink;
  events: RunnerEvents;
  logger: Logger;
  /** the partition was taken from us (a checkpoint write refused): stop without writing */
  onFenced(partition: number): void;
  /** every frame handed to a core, with its stream sequence (tests count with it) */
  onFrame?(device: string, seq: number, streamSeq: number): void;
  /** frames the stream no longer held when we needed them (its size or age bound) */
  onStreamLoss?(partition: number, fromSeq: number, toSeq: number): void;
  clock?: () => number;
  /**
   * history a new owner's detectors are warmed up on: before the oldest open episode's start, or
   * before the last frame when nothing is open (default WARMUP_MS)
   */
  warmupMs?: number;
  maxHistoryMs?: number;
}

/** The ingest events, a night's end with the night's closed episodes (carried across owners: night-carry.ts). */
export type RunnerEvents = Omit<IngestEvents, 'nightEnded'> & {
  nightEnded?(stats: NightStats, counters: DeviceCounters, episodes: Episode[]): void;
};

const COMMIT_EVERY_MS = 1000;
/** how often a quiet consumer's delivery is checked against the stream (delivery-watch.ts) */
const WATCH_EVERY_MS = 1000;
/** how long a stop waits for the consumers to end before it goes on without them */
const STOP_WAIT_MS = 5000;
/**
 * 120 s: a detector's adaptive state (resting levels, the mains-hum notch) settles over its first
 * ~90 s, so one started on less places some onsets elsewhere than an uninterrupted run: on the
 * firmware-sim blanket-cramp night (seed 509) any start 20-70 s before the cramp puts its onset
 * 0.9 s early, 90 s and more on time (10 s, the single process's warm-up, confirmed it 6.6 s
 * late; 60 s made the cluster-faults kill test fail about half its runs). The stream holds the
 * frames anyway: the longer warm-up costs only CPU at a move (~1,200 frames a device) and 16
 * bytes a frame of positions.
 */
const WARMUP_MS = 120_000;

export class PartitionRunner {
  readonly ingestor: Ingestor;
  readonly resumer: EpisodeResumer;
  /** each device's night so far, carried in the checkpoint for the next owner's summary */
  private readonly nights: NightCarry;
  private readonly sink: CoreSink;
  /** frames stream sequence handed to the ingestor through */
  private seq: number;
  private journal: Episode[];
  private journalDirty = false;
  private lastCommitMs = 0;
  private readonly consuming: { meta?: ConsumerMessages; frames?: ConsumerMessages } = {};
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;
  /** while handing over, a night is not over: its summary is not written */
  private handingOver = false;
  private readonly positions: StreamPositions;
  private currentStreamSeq = 0;
  private readonly startedAtMs: number;
  private absentClosed = false;
  private jsm: Promise<JetStreamManager> | undefined;
  /** the pauses between a consumer's remakes, ended early by a stop */
  private readonly pauses = new Set<() => void>();

  private constructor(
    private readonly options: RunnerOptions,
    private readonly writer: CheckpointWriter,
    previous: PartitionCheckpoint | undefined,
    warmups: Map<string, WarmupFrame[]>,
  ) {
    const clock = options.clock ?? Date.now;
    this.startedAtMs = clock();
    this.seq = previous?.seq ?? 0;
    this.journal = previous?.episodes ?? [];
    const warmupMs = options.warmupMs ?? WARMUP_MS;
    const maxHistoryMs = options.maxHistoryMs ?? 15 * 60_000;
    this.positions = new StreamPositions(warmupMs, maxHistoryMs);
    this.positions.setOpenEpisodes(this.journal);
    // The warm-up frames go to the detectors inside the resumer, not through pushFrame below, so
    // their positions are noted here: without them a partition moved on again before its cramp
    // ended would hand on a warm-up that starts at this owner's first live frame, after the onset.
    for (const [device, frames] of warmups) for (const { frame, seq } of frames) this.positions.add(device, frameEndMs(frame), seq);
    const store: ResumeStore = {
      keepsFrames: false,
      load: () => previous?.episodes ?? [],
      save: (episodes) => {
        this.journal = episodes;
        this.journalDirty = true;
        this.positions.setOpenEpisodes(episodes);
      },
      takeWarmup: (device) => {
        const frames = warmups.get(device);
        warmups.delete(device);
        return frames?.map((f) => f.frame);
      },
      keepWarmup: () => {},
      dropWarmup: () => {},
    };
    this.nights = new NightCarry(carriedNightsOf(previous?.nights));
    this.sink = this.nights.tap(options.sink);
    this.resumer = new EpisodeResumer(this.nights.wrap(options.createCore), store, { warmupMs, maxHistoryMs });
    const factory: DeviceCoreFactory = (device, sink) => {
      const core = this.resumer.factory(device, sink);
      const tapped: DeviceCore = {
        ...core,
        device,
        setProfile: (p) => core.setProfile(p),
        addContext: (c) => core.addContext(c),
        pushFrame: (frame) => {
          this.positions.add(device, frameEndMs(frame), this.currentStreamSeq);
          options.onFrame?.(device, frame.seq, this.currentStreamSeq);
          core.pushFrame(frame);
        },
        markGap: (fromMs, toMs) => core.markGap(fromMs, toMs),
        finish: () => {
          core.finish();
          // A night that ended needs no warm-up. A hand-over's finish is not a night's end: the
          // checkpoint written after it (stop()) takes its `fromSeq` from these positions, and
          // forgetting them here made it `seq + 1`, an empty warm-up. The new owner's detector
          // then started in the middle of the cramp, took it for the resting level, never saw it
          // end, and the continued episode was closed only by the resumer's wait, at the moment
          // of the move (a SIGKILL's last checkpoint was written before any finish, so it kept them).
          if (!this.handingOver) this.positions.forget(device);
        },
        nightStats: () => core.nightStats(),
      };
      return tapped;
    };
    this.ingestor = new Ingestor(factory, this.sink, {
      rejected: (...args) => options.events.rejected(...args),
      message: (message) => options.events.message?.(message),
      nightEnded: (stats, counters) => {
        if (!this.handingOver) this.nightEnded(stats, counters);
      },
    });
  }

  /** Takes the partition over: fences its checkpoint, reads its devices' messages and the warm-up, then consumes. */
  static async start(options: RunnerOptions): Promise<PartitionRunner> {
    let runner: PartitionRunner | undefined;
    const { writer, previous } = await CheckpointWriter.takeOver(options.checkpoints, options.partition, options.worker, options.epoch, () => {
      options.logger.warn({ partition: options.partition }, 'partition checkpoint written by another worker: stopping it here');
      void runner?.stop('fenced').finally(() => options.onFenced(options.partition));
    });
    const warmups = previous && previous.seq > 0 ? await readWarmup(options.js, options.partition, previous.fromSeq, previous.seq, options.logger) : new Map<string, WarmupFrame[]>();
    runner = new PartitionRunner(options, writer, previous, warmups);
    await runner.begin();
    return runner;
  }

  get partition(): number {
    return this.options.partition;
  }

  /** Devices with a night going on here. */
  deviceIds(): string[] {
    return this.ingestor.deviceIds();
  }

  /** Declares overdue gaps, ends idle nights, closes what absent devices had open. */
  tick(nowMs: number, nightIdleMs: number): void {
    this.ingestor.tick(nowMs);
    for (const device of this.ingestor.idleDevices(nowMs - nightIdleMs)) this.ingestor.endNight(device);
    if (!this.absentClosed && nowMs - this.startedAtMs >= nightIdleMs) {
      this.absentClosed = true;
      this.resumer.closeAbsent(this.sink);
      // a night that came with the partition from a device that sent nothing since ended before
      for (const device of this.nights.absentDevices()) this.nightEnded(this.nights.stats(device)!, { frames: 0, duplicates: 0, late: 0, gaps: 0, missingFrames: 0, missingMs: 0, reordered: 0 });
    }
    if (nowMs - this.lastCommitMs >= COMMIT_EVERY_MS) this.commit(nowMs);
  }

  /**
   * 'handover' and 'shutdown': stop taking messages, keep open episodes for the next owner, write
   * the last checkpoint. 'fenced' (another worker owns it now): stop, write nothing.
   */
  async stop(how: 'handover' | 'shutdown' | 'fenced'): Promise<void> {
    if (this.stopping) return this.loop;
    this.stopping = true;
    for (const wake of [...this.pauses]) wake();
    // a consumer whose server is gone may not answer its close: the loops end at the next message anyway
    const closing = Promise.all([this.consuming.frames?.close(), this.consuming.meta?.close()]).catch(() => {});
    await Promise.race([closing.then(() => this.loop), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS))]);
    if (how === 'fenced') return;
    // handingOver before finish(): the cores' finish keeps their stream positions, so the last
    // checkpoint's fromSeq still reaches back to the warm-up the next owner needs (see factory)
    this.handingOver = true;
    this.resumer.suspend();
    this.ingestor.finish();
    this.commit(Date.now());
    await this.writer.flush();
  }

  private async begin(): Promise<void> {
    const { js, partition } = this.options;
    // the devices' profiles, context logs and status first, so their cores have them from the first frame
    const meta = await js.consumers.get(META_STREAM, { filter_subjects: metaSubject(partition) });
    const metaPending = (await meta.info()).num_pending;
    let metaCaughtUp: () => void = () => {};
    const metaReady = metaPending === 0 ? Promise.resolve() : new Promise<void>((resolve) => (metaCaughtUp = resolve));
    let metaSeq = 0;
    const metaLoop = this.consumeLoop('meta', META_STREAM, metaSubject(partition), () => metaSeq + 1, (m) => {
      metaSeq = m.seq;
      this.ingestor.handle(topicOfSubject(m.subject), { bytes: m.data }, this.now());
      if (m.info.pending === 0) metaCaughtUp();
    }, meta);
    await Promise.race([metaReady, metaLoop]);

    const startSeq = this.seq + 1;
    let first = true;
    const framesLoop = this.consumeLoop('frames', FRAMES_STREAM, framesSubject(partition), () => this.seq + 1, (m) => {
      if (first) {
        first = false;
        if (m.seq > startSeq && this.seq > 0) this.noteStreamLoss(startSeq, m.seq);
      }
      this.handleFrame(m);
    });
    this.loop = Promise.all([metaLoop, framesLoop]).then(() => {});
  }

  /**
   * Consumes a partition's subject in stream order from `from()` for as long as this runner runs.
   * An ordered consumer that ends, fails, or stops delivering while the stream holds messages past
   * its position (its node lost, no answer while the cluster elects its leaders: see
   * delivery-watch.ts) is made again from the next sequence not yet handled, after a back-off
   * that grows while remade consumers deliver nothing.
   */
  private async consumeLoop(what: 'meta' | 'frames', stream: string, subject: string, from: () => number, handle: (m: JsMsg) => void, first?: Consumer): Promise<void> {
    let consumer = first;
    let failures = 0;
    while (!this.stopping) {
      let watching: NodeJS.Timeout | undefined;
      let delivered = 0;
      try {
        consumer ??= await this.options.js.consumers.get(stream, { filter_subjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from() });
        // short pulls: a pull lost with a node is noticed (missed heartbeats) within seconds, not 30 s
        const messages = await consumer.consume({ max_messages: 512, expires: 5000 });
        this.consuming[what] = messages;
        if (this.stopping) break;
        let remaking = false;
        const remake = (reason: string, details: Record<string, unknown> = {}) => {
          if (remaking) return;
          remaking = true;
          this.options.logger.warn({ partition: this.partition, stream, reason, position: from() - 1, ...details }, 'consumer stopped delivering; making it again from the next sequence not handled');
          void messages.close().catch(() => {});
        };
        // the quick signs: the consumer's node is gone (three missed heartbeats), the consumer or its stream deleted
        void (async () => {
          for await (const status of messages.status()) {
            if ((status.type === 'heartbeats_missed' && status.count >= 3) || status.type === 'consumer_deleted' || status.type === 'stream_not_found') {
              remake(status.type);
              break;
            }
          }
        })().catch(() => {});
        // the sure sign: the stream's leader holds messages past what this consumer delivered
        const watch = new DeliveryWatch(from() - 1, Date.now());
        watching = this.watchDelivery(watch, stream, subject, remake);
        for await (const m of messages) {
          if (this.stopping) break;
          // a remade consumer starts after the last message handled; anything older is a repeat
          if (m.seq < from()) continue;
          handle(m);
          watch.delivered(m.seq, Date.now());
          delivered++;
        }
      } catch (error) {
        if (!this.stopping) this.options.logger.warn({ partition: this.partition, stream, err: (error as Error).message }, 'consumer failed; making it again');
      }
      clearInterval(watching);
      failures = delivered > 0 ? 0 : failures + 1;
      // the consumer is ephemeral: deleted now rather than left on its server for 5 minutes
      void consumer?.delete().catch(() => {});
      consumer = undefined;
      await this.consuming[what]?.close().catch(() => {});
      this.consuming[what] = undefined;
      if (!this.stopping) await this.pause(remakeDelayMs(failures - 1));
    }
  }

  /** Waits `ms`, or less if the runner stops meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pauses.add(done);
    });
  }

  /** While the consumer is quiet, asks the stream's leader how far the stream goes on its subject. */
  private watchDelivery(watch: DeliveryWatch, stream: string, subject: string, remake: (reason: string, details?: Record<string, unknown>) => void): NodeJS.Timeout {
    let asking = false;
    return setInterval(() => {
      if (asking || this.stopping || !watch.due(Date.now())) return;
      asking = true;
      this.streamLastSeq(stream, subject)
        .then((last) => {
          if (watch.observe(last, Date.now()) === 'stalled') remake('the stream holds messages past the position', { streamLastSeq: last });
        }, () => {}) // no answer (no stream leader yet): asked again next time
        .finally(() => (asking = false));
    }, WATCH_EVERY_MS);
  }

  /** The stream's last sequence on a (wildcard) subject, 0 if it holds none: its leader answers. */
  private async streamLastSeq(stream: string, subject: string): Promise<number> {
    this.jsm ??= this.options.js.jetstreamManager(false);
    const last = await (await this.jsm).streams.getMessage(stream, { last_by_subj: subject });
    return last?.seq ?? 0;
  }

  private handleFrame(m: JsMsg): void {
    this.currentStreamSeq = m.seq;
    this.ingestor.handle(topicOfSubject(m.subject), { bytes: m.data }, this.now());
    this.seq = m.seq;
    const now = this.now();
    if (this.journalDirty || now - this.lastCommitMs >= COMMIT_EVERY_MS) this.commit(now);
  }

  /**
   * The first frame after the checkpoint came later than the next sequence. Other partitions'
   * frames sit between, so this is not proof of loss; the stream's first sequence is.
   */
  private noteStreamLoss(expectedSeq: number, gotSeq: number): void {
    void this.options.js.jetstreamManager().then(async (jsm) => {
      const info = await jsm.streams.info(FRAMES_STREAM);
      if (info.state.first_seq > expectedSeq) {
        this.options.logger.error({ partition: this.partition, fromSeq: expectedSeq, toSeq: Math.min(gotSeq, info.state.first_seq) - 1 }, 'frames were dropped by the frames stream\'s size or age bound before they were processed: the devices\' gaps count them; raise CRAMPWATCH_NATS_FRAMES_MAX_BYTES or bring workers back sooner');
        this.options.onStreamLoss?.(this.partition, expectedSeq, Math.min(gotSeq, info.state.first_seq) - 1);
      }
    }).catch(() => {});
  }

  private nightEnded(stats: NightStats, counters: DeviceCounters): void {
    this.options.events.nightEnded?.(stats, counters, this.nights.nightEnded(stats.device));
    // the next checkpoint no longer carries it: written soon, so a crash does not summarise it twice
    this.journalDirty = true;
  }

  private commit(nowMs: number): void {
    this.lastCommitMs = nowMs;
    this.journalDirty = false;
    this.writer.write({
      v: 1,
      partition: this.partition,
      worker: this.options.worker,
      epoch: this.options.epoch,
      seq: this.seq,
      fromSeq: this.positions.fromSeq(this.seq + 1),
      episodes: this.journal,
      nights: this.nights.snapshot(),
      atMs: nowMs,
    });
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}
