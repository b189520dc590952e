// Moves each sensor message from the MQTT listener's store into crampwatch's streams, so that a
// frame the sensor had acknowledged (PUBACK) survives the loss of any one NATS node. nats-server
// 2.9 sends the PUBACK once a QoS 1 message is in its replicated `$MQTT_msgs` stream; the copy
// a stream of ours would capture from the plain subject is asynchronous and lost with that
// stream's leader (docs/scale-out.md). So no stream captures the ingress subjects: the bridge
// reads `$MQTT_msgs` through its durable consumer (mqtt-store.ts), publishes each message to
// its partition's subject with a JetStream publish, waits for the stream's acknowledgement, and
// only then acknowledges the `$MQTT_msgs` message. The publish carries a Nats-Msg-Id made of
// the `$MQTT_msgs` sequence, so a message delivered again (a bridge that died, an ack lost with
// a node) is dropped by the stream as a duplicate.
//
// Order: one bridge at a time, whichever worker holds its lease (a KV entry beside the
// partition leases); within a fetched batch a device's messages are published one after the
// other (devices in parallel), and the next batch waits for the whole batch. A new holder whose
// predecessor left messages unacknowledged reads them back by sequence and publishes them before
// anything newer (the server would deliver them again only after the ack wait, behind newer
// ones); so does a holder that sees a delivery number skipped. QoS 0 messages are never in
// `$MQTT_msgs`: the holder takes them from the plain subject (at most once, as MQTT promises)
// through the same per-device order.
import type { ConsumerInfo, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from '../../log.ts';
import { BRIDGE_ACK_WAIT_MS, BRIDGE_CONSUMER, MQTT_MSGS_STREAM, subjectOfStored } from '../../adapters/nats/mqtt-store.ts';
import { LEASE_TTL_MS, ingressSubject, streamSubjectOf } from '../../adapters/nats/topology.ts';

const LEASE_KEY = 'bridge';
/** messages fetched at a time: enough to keep the stream busy across devices, few to redeliver after a loss */
const BATCH = 512;
const FETCH_EXPIRES_MS = 1_000;
const PUBLISH_TIMEOUT_MS = 5_000;
/** QoS 0 messages waiting for the stream at most; beyond it they are dropped, counted */
const QOS0_PENDING_MAX = 10_000;
/** the MQTT listener's header on what it delivers: the PUBLISH's QoS (server/mqtt.go, mqttNatsHeader) */
const MQTT_QOS_HEADER = 'Nmqtt-Pub';
const RETRY_LOG_EVERY_MS = 5_000;
/** a previous holder's unacknowledged range read back at most this long (max_ack_pending bounds what it held) */
const CATCH_UP_MAX = 50_000;
const CATCH_UP_CHUNK = 256;

/** The Nats-Msg-Id of a `$MQTT_msgs` message: the same however often it is delivered. */
const storedMsgId = (created: string, seq: number) => `mqtt-${created}-${seq}`;

export interface BridgeCounters {
  /** messages now in crampwatch's streams through this bridge (QoS 1 and QoS 0) */
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
  /** deliveries lost on their way (a server lost), their messages read back and published first */
  caughtUp: number;
}

export interface FrameBridgeOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  leases: KV;
  worker: string;
  logger: Logger;
  renewEveryMs: number;
  /** the bridge lease was taken or let go here */
  onLease?(event: 'acquired' | 'released' | 'lost'): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One holder's turn: ends when the lease is lost or the worker stops. */
interface Turn {
  /** publishing; false: whatever is under way is abandoned, unacknowledged */
  active: boolean;
  /** no new batch is fetched */
  stopping: boolean;
  /** the last publish of each device in this turn: the next one of that device waits for it */
  tails: Map<string, Promise<boolean>>;
  done: Promise<void>;
  subscription?: Subscription;
}

export class FrameBridge {
  readonly counters: BridgeCounters = { bridged: 0, qos0: 0, retried: 0, deduplicated: 0, refused: 0, qos0Dropped: 0, caughtUp: 0 };
  private revision: number | undefined;
  private renewedAtMs = 0;
  private turn: Turn | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private qos0Pending = 0;
  private lastRetryLogMs = 0;
  private readonly logger: Logger;

  constructor(private readonly options: FrameBridgeOptions) {
    this.logger = options.logger.child({ bridge: true });
  }

  /** Whether this worker is the bridge now. */
  holding(): boolean {
    return this.turn?.active ?? false;
  }

  start(): void {
    const next = () => {
      if (this.stopped) return;
      this.round = this.leaseRound().catch((error: Error) => this.logger.warn({ err: error.message }, 'bridge lease round failed; trying again'));
      void this.round.finally(() => {
        if (!this.stopped) this.timer = setTimeout(next, this.options.renewEveryMs);
      });
    };
    next();
  }

  /** Finishes the batch under way (at most PUBLISH_TIMEOUT_MS more) and lets the lease go. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    const turn = this.turn;
    if (!turn) return;
    await this.endTurn(turn, true);
    await this.options.leases.delete(LEASE_KEY, { previousSeq: this.revision }).catch(() => {});
    this.revision = undefined;
    this.options.onLease?.('released');
  }

  private async leaseRound(): Promise<void> {
    const value = JSON.stringify({ worker: this.options.worker, atMs: Date.now() });
    if (this.revision !== undefined) {
      try {
        this.revision = await this.options.leases.update(LEASE_KEY, value, this.revision);
        this.renewedAtMs = Date.now();
      } catch (error) {
        const message = (error as Error).message;
        // refused: another holds it now. Any other failure (a server lost, an election under
        // way) may pass: keep bridging while the lease cannot yet have expired for the others.
        const taken = /wrong last sequence/i.test(message);
        if (!taken && Date.now() - this.renewedAtMs < LEASE_TTL_MS - 2 * this.options.renewEveryMs) {
          this.logger.warn({ err: message }, 'bridge lease not renewed; trying again');
          return;
        }
        this.revision = undefined;
        this.logger.warn({ err: message }, 'bridge lease lost; another worker bridges');
        if (this.turn) await this.endTurn(this.turn, false);
        this.options.onLease?.('lost');
      }
      return;
    }
    // free when missing or deleted: a create is refused while another holds it
    const revision = await this.options.leases.create(LEASE_KEY, value).catch(() => undefined);
    if (revision === undefined) return;
    if (this.stopped) {
      await this.options.leases.delete(LEASE_KEY, { previousSeq: revision }).catch(() => {});
      return;
    }
    this.revision = revision;
    this.renewedAtMs = Date.now();
    this.logger.info('bridge lease taken; bridging MQTT messages into the streams');
    this.options.onLease?.('acquired');
    this.turn = this.beginTurn();
  }

  private beginTurn(): Turn {
    const turn: Turn = { active: true, stopping: false, tails: new Map(), done: Promise.resolve() };
    turn.done = this.run(turn);
    return turn;
  }

  /** `finish`: let the batch under way complete first (a hand-over), else abandon it (lease lost). */
  private async endTurn(turn: Turn, finish: boolean): Promise<void> {
    turn.subscription?.unsubscribe();
    turn.stopping = true;
    if (!finish) turn.active = false;
    const finished = await Promise.race([turn.done.then(() => true), sleep(PUBLISH_TIMEOUT_MS).then(() => false)]);
    turn.active = false;
    if (!finished) await turn.done;
    if (this.turn === turn) this.turn = undefined;
  }

  /** Bridges until the turn ends; a failure to reach the consumer (an election under way) is tried again. */
  private async run(turn: Turn): Promise<void> {
    while (turn.active && !turn.stopping) {
      try {
        await this.pump(turn);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'bridge cannot reach the MQTT store yet; trying again');
        await sleep(1_000);
      }
    }
  }

  private async pump(turn: Turn): Promise<void> {
    const { js, jsm } = this.options;
    const consumer = await js.consumers.get(MQTT_MSGS_STREAM, BRIDGE_CONSUMER);
    // the stream's creation time in the message id: a `$MQTT_msgs` made anew restarts its sequence
    const created = (await jsm.streams.info(MQTT_MSGS_STREAM)).created;
    await this.catchUp(turn, (await consumer.info()), created);
    turn.subscription ??= this.options.nc.subscribe(ingressSubject('*'), {
      callback: (_error, message) => {
        if (!turn.active || message.headers?.get(MQTT_QOS_HEADER) === '1') return;
        if (this.qos0Pending >= QOS0_PENDING_MAX) {
          this.counters.qos0Dropped++;
          return;
        }
        this.qos0Pending++;
        void this.forward(turn, message.subject, message.data, undefined).then((stored) => {
          this.qos0Pending--;
          if (stored) this.counters.qos0++;
        });
      },
    });
    // the consumer numbers every delivery (redeliveries too): a number skipped is a delivery lost
    // on its way (the consumer's leader lost with it), whose messages would come again only
    // after the ack wait, behind newer ones
    let lastDelivery = 0;
    while (turn.active && !turn.stopping) {
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
          forwarded.push(this.forwardStored(turn, message, created));
        }
        await Promise.all(forwarded);
        if (skipped) {
          this.counters.caughtUp++;
          const info = await consumer.info();
          this.logger.warn({ after: lastDelivery, delivered: info.delivered.consumer_seq }, 'a delivery from the MQTT store was lost; reading its messages back first');
          await this.catchUp(turn, info, created);
          lastDelivery = info.delivered.consumer_seq;
        }
      } catch (error) {
        if (!turn.active) break;
        this.logger.warn({ err: (error as Error).message }, 'fetching from the MQTT store failed; trying again');
        await sleep(500);
      }
    }
  }

  private async forwardStored(turn: Turn, message: JsMsg, created: string): Promise<void> {
    const stored = await this.forward(turn, subjectOfStored(message.subject), message.data, storedMsgId(created, message.seq));
    // not stored: the turn ended; left unacknowledged, it comes again to the next holder
    if (stored) message.ack();
  }

  /**
   * What a previous holder took and did not acknowledge (delivered, above the ack floor) is
   * delivered again only after the ack wait, behind newer messages of the same devices. So it is
   * read here first, by sequence, and published in order before anything newer; when it comes
   * again, the stream drops it as a duplicate and it is acknowledged. Beyond CATCH_UP_MAX
   * sequences (a floor stuck far behind), the ack wait is waited out instead.
   */
  private async catchUp(turn: Turn, info: ConsumerInfo, created: string): Promise<void> {
    if (info.num_ack_pending === 0) return;
    const from = info.ack_floor.stream_seq + 1;
    const to = info.delivered.stream_seq;
    this.logger.info({ unacknowledged: info.num_ack_pending, from, to }, 'publishing what the previous bridge had not acknowledged first');
    if (to - from + 1 > CATCH_UP_MAX) {
      const until = Date.now() + BRIDGE_ACK_WAIT_MS + FETCH_EXPIRES_MS;
      while (turn.active && !turn.stopping && Date.now() < until) await sleep(250);
      return;
    }
    const { jsm } = this.options;
    const ingress = /^\$MQTT\.msgs\.crampwatch\.in\./;
    for (let start = from; start <= to && turn.active; start += CATCH_UP_CHUNK) {
      const seqs = Array.from({ length: Math.min(CATCH_UP_CHUNK, to - start + 1) }, (_, i) => start + i);
      // gone (acknowledged, so removed) or another subject's: nothing to do
      const messages = await Promise.all(seqs.map((seq) => jsm.streams.getMessage(MQTT_MSGS_STREAM, { seq }).catch(() => null)));
      const published = messages.filter((m) => m !== null && ingress.test(m.subject)).map((m) => this.forward(turn, subjectOfStored(m!.subject), m!.data, storedMsgId(created, m!.seq)));
      await Promise.all(published);
    }
  }

  /** Publishes after the device's previous message; true once the stream has it (or refused it for good). */
  private forward(turn: Turn, ingress: string, data: Uint8Array, msgID: string | undefined): Promise<boolean> {
    const target = streamSubjectOf(ingress);
    if (!target) {
      this.counters.refused++;
      this.logger.warn({ subject: ingress }, 'not an ingress subject crampwatch knows; dropped');
      return Promise.resolve(true);
    }
    const device = ingress.split('.')[3];
    const previous = turn.tails.get(device) ?? Promise.resolve(true);
    const next = previous.then((ok) => ok && this.publishUntilStored(turn, target, data, msgID));
    turn.tails.set(device, next);
    void next.finally(() => {
      if (turn.tails.get(device) === next) turn.tails.delete(device);
    });
    return next;
  }

  private async publishUntilStored(turn: Turn, subject: string, data: Uint8Array, msgID: string | undefined): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      if (!turn.active) return false;
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
