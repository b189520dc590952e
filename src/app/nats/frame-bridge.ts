// One partition's frame bridge: moves the partition's sensor messages from the MQTT listener's
// store into crampwatch's streams, so that a frame the sensor had acknowledged (PUBACK) survives
// the loss of any one NATS node. nats-server 2.9 sends the PUBACK once a QoS 1 message is in its
// replicated `$MQTT_msgs` stream; the copy a stream of ours would capture from the plain subject
// is asynchronous and lost with that stream's leader (docs/scale-out.md). So no stream captures
// the ingress subjects: the bridge reads `$MQTT_msgs` through its partition's durable consumer
// (mqtt-store.ts), publishes each message to its partition's subject with a JetStream publish,
// waits for the stream's acknowledgement, and only then acknowledges the `$MQTT_msgs` message.
// The publish carries a Nats-Msg-Id made of the `$MQTT_msgs` sequence, so a message delivered
// again (a bridge that died, an ack lost with a node) is dropped by the stream as a duplicate.
//
// Who runs it: the worker holding the partition's lease (partition-leases.ts), for as long as it
// runs the partition (worker.ts), so the bridges scale with the workers and move with their
// partitions, fenced by the same lease. Order: within a fetched batch a device's messages are
// published one after the other (devices in parallel), and the next batch waits for the whole
// batch. A bridge whose predecessor left messages unacknowledged reads them back by sequence and
// publishes them before anything newer (the server would deliver them again only after the ack
// wait, behind newer ones); so does a bridge that sees a delivery number skipped. QoS 0
// messages are never in `$MQTT_msgs`: the bridge takes them from the partition's plain subject
// (at most once, as MQTT promises) through the same per-device order.
import type { ConsumerInfo, JetStreamClient, JetStreamManager, JsMsg, MsgRequest } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from '../../log.ts';
import { MQTT_MSGS_STREAM, bridgeConsumer, storedSubjects, subjectOfStored } from '../../adapters/nats/mqtt-store.ts';
import { ingressSubject, streamSubjectOf } from '../../adapters/nats/topology.ts';

/** messages fetched at a time: enough to keep the stream busy across a partition's devices, few to redeliver after a loss */
const BATCH = 256;
const FETCH_EXPIRES_MS = 1_000;
const PUBLISH_TIMEOUT_MS = 5_000;
/** a partition's QoS 0 messages waiting for the stream at most; beyond it they are dropped, counted */
const QOS0_PENDING_MAX = 2_000;
/** the MQTT listener's header on what it delivers: the PUBLISH's QoS (server/mqtt.go, mqttNatsHeader) */
const MQTT_QOS_HEADER = 'Nmqtt-Pub';
const RETRY_LOG_EVERY_MS = 5_000;

/** The Nats-Msg-Id of a `$MQTT_msgs` message: the same however often it is delivered. */
const storedMsgId = (created: string, seq: number) => `mqtt-${created}-${seq}`;

export interface BridgeCounters {
  /** messages now in crampwatch's streams through these bridges (QoS 1 and QoS 0) */
  bridged: number;
  /** of them QoS 0, from the plain subject */
  qos0: number;
  /** JetStream publishes tried again (no stream leader, a timeout) */
  retried: number;
  /** delivered again and already in the stream: dropped there by their Nats-Msg-Id */
  deduplicated: number;
  /** refused by the stream for good (too large, an unknown kind): acknowledged and dropped, logged */
  refused: number;
  /** QoS 0 messages dropped because QOS0_PENDING_MAX were waiting for the stream */
  qos0Dropped: number;
  /** bridges that read back what their predecessor (or a lost delivery) had left unacknowledged */
  caughtUp: number;
}

export const noBridgeCounters = (): BridgeCounters => ({ bridged: 0, qos0: 0, retried: 0, deduplicated: 0, refused: 0, qos0Dropped: 0, caughtUp: 0 });

export interface PartitionBridgeOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  partition: number;
  logger: Logger;
  /** shared by all the worker's bridges: what they did so far */
  counters: BridgeCounters;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PartitionBridge {
  /** publishing; false: whatever is under way is abandoned, unacknowledged */
  private active = true;
  /** no new batch is fetched */
  private stopping = false;
  /** the last publish of each device: the next one of that device waits for it */
  private readonly tails = new Map<string, Promise<boolean>>();
  private readonly done: Promise<void>;
  private subscription?: Subscription;
  private qos0Pending = 0;
  private lastRetryLogMs = 0;
  private readonly logger: Logger;
  private readonly counters: BridgeCounters;

  /** Bridges the partition from now until stop(). */
  constructor(private readonly options: PartitionBridgeOptions) {
    this.logger = options.logger.child({ bridge: options.partition });
    this.counters = options.counters;
    this.done = this.run();
  }

  get partition(): number {
    return this.options.partition;
  }

  /**
   * `finish` (a hand-over): let the batch under way complete (at most PUBLISH_TIMEOUT_MS more);
   * else (the lease lost) abandon it, unacknowledged, for the next owner to read back.
   */
  async stop(finish: boolean): Promise<void> {
    this.subscription?.unsubscribe();
    this.stopping = true;
    if (!finish) this.active = false;
    const finished = await Promise.race([this.done.then(() => true), sleep(PUBLISH_TIMEOUT_MS).then(() => false)]);
    this.active = false;
    if (!finished) await this.done;
  }

  /** Bridges until stopped; a failure to reach the consumer (an election under way) is tried again. */
  private async run(): Promise<void> {
    while (this.active && !this.stopping) {
      try {
        await this.pump();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'bridge cannot reach the MQTT store yet; trying again');
        await sleep(1_000);
      }
    }
  }

  private async pump(): Promise<void> {
    const { js, jsm, partition } = this.options;
    const consumer = await js.consumers.get(MQTT_MSGS_STREAM, bridgeConsumer(partition));
    // the stream's creation time in the message id: a `$MQTT_msgs` made anew restarts its sequence
    const created = (await jsm.streams.info(MQTT_MSGS_STREAM)).created;
    await this.catchUp(await consumer.info(), created);
    this.subscription ??= this.options.nc.subscribe(ingressSubject(partition), {
      callback: (_error, message) => {
        if (!this.active || message.headers?.get(MQTT_QOS_HEADER) === '1') return;
        if (this.qos0Pending >= QOS0_PENDING_MAX) {
          this.counters.qos0Dropped++;
          return;
        }
        this.qos0Pending++;
        void this.forward(message.subject, message.data, undefined).then((stored) => {
          this.qos0Pending--;
          if (stored) this.counters.qos0++;
        });
      },
    });
    // the consumer numbers every delivery (redeliveries too): a number skipped is a delivery lost
    // on its way (the consumer's leader lost with it), whose messages would come again only
    // after the ack wait, behind newer ones
    let lastDelivery = 0;
    while (this.active && !this.stopping) {
      try {
        const batch = await consumer.fetch({ max_messages: BATCH, expires: FETCH_EXPIRES_MS });
        const forwarded: Promise<void>[] = [];
        let skipped = false;
        for await (const message of batch) {
          const delivery = message.info.deliverySequence;
          if (lastDelivery > 0 && delivery > lastDelivery + 1) {
            skipped = true;
            break;
          }
          lastDelivery = Math.max(lastDelivery, delivery);
          forwarded.push(this.forwardStored(message, created));
        }
        await Promise.all(forwarded);
        if (skipped) {
          const info = await consumer.info();
          this.logger.warn({ after: lastDelivery, delivered: info.delivered.consumer_seq }, 'a delivery from the MQTT store was lost; reading its messages back first');
          await this.catchUp(info, created);
          lastDelivery = info.delivered.consumer_seq;
        }
      } catch (error) {
        if (!this.active) break;
        this.logger.warn({ err: (error as Error).message }, 'fetching from the MQTT store failed; trying again');
        await sleep(500);
      }
    }
  }

  private async forwardStored(message: JsMsg, created: string): Promise<void> {
    const stored = await this.forward(subjectOfStored(message.subject), message.data, storedMsgId(created, message.seq));
    // not stored: the bridge was stopped; left unacknowledged, it comes again to the next owner
    if (stored) message.ack();
  }

  /**
   * What a previous owner took and did not acknowledge (delivered, above the ack floor) is
   * delivered again only after the ack wait, behind newer messages of the same devices. So it is
   * read here first, in sequence order, only this partition's subjects (a direct get of the next
   * message on them from a sequence), and published before anything newer; when it comes again,
   * the stream drops it as a duplicate and it is acknowledged. The consumer's max_ack_pending
   * bounds how many there can be.
   */
  private async catchUp(info: ConsumerInfo, created: string): Promise<void> {
    if (info.num_ack_pending === 0) return;
    this.counters.caughtUp++;
    const { jsm, partition } = this.options;
    const to = info.delivered.stream_seq;
    this.logger.info({ unacknowledged: info.num_ack_pending, from: info.ack_floor.stream_seq + 1, to }, 'publishing what the previous owner had not acknowledged first');
    const published: Promise<boolean>[] = [];
    for (let seq = info.ack_floor.stream_seq + 1; seq <= to && this.active; ) {
      // null: none left on the partition's subjects from there. A failure (an election) throws:
      // the bridge starts over, read-back first, before anything newer is published
      // next_by_subj: served by 2.9's STREAM.MSG.GET (jetstream_api.go, NextFor), missing from the client's type
      const message = await jsm.streams.getMessage(MQTT_MSGS_STREAM, { seq, next_by_subj: storedSubjects(partition) } as unknown as MsgRequest);
      if (!message || message.seq > to) break;
      published.push(this.forward(subjectOfStored(message.subject), message.data, storedMsgId(created, message.seq)));
      seq = message.seq + 1;
    }
    await Promise.all(published);
  }

  /** Publishes after the device's previous message; true once the stream has it (or refused it for good). */
  private forward(ingress: string, data: Uint8Array, msgID: string | undefined): Promise<boolean> {
    const target = streamSubjectOf(ingress);
    if (!target) {
      this.counters.refused++;
      this.logger.warn({ subject: ingress }, 'not an ingress subject crampwatch knows; dropped');
      return Promise.resolve(true);
    }
    const device = ingress.split('.')[3];
    const previous = this.tails.get(device) ?? Promise.resolve(true);
    const next = previous.then((ok) => ok && this.publishUntilStored(target, data, msgID));
    this.tails.set(device, next);
    void next.finally(() => {
      if (this.tails.get(device) === next) this.tails.delete(device);
    });
    return next;
  }

  private async publishUntilStored(subject: string, data: Uint8Array, msgID: string | undefined): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      if (!this.active) return false;
      try {
        const ack = await this.options.js.publish(subject, data, { timeout: PUBLISH_TIMEOUT_MS, ...(msgID ? { msgID } : {}) });
        if (ack.duplicate) this.counters.deduplicated++;
        else this.counters.bridged++;
        return true;
      } catch (error) {
        const message = (error as Error).message;
        if (/maximum|exceeds|too large/i.test(message)) {
          this.counters.refused++;
          this.logger.error({ subject, bytes: data.length, err: message }, 'the stream refused a message; dropped');
          return true;
        }
        this.counters.retried++;
        const now = Date.now();
        if (now - this.lastRetryLogMs >= RETRY_LOG_EVERY_MS) {
          this.lastRetryLogMs = now;
          this.logger.warn({ subject, err: message, retried: this.counters.retried }, 'JetStream publish failed; trying again');
        }
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
    }
  }
}
