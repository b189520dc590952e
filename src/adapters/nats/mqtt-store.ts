// The MQTT listener's own store, as the partitions' frame bridges read it. nats-server 2.9
// acknowledges an MQTT QoS 1 PUBLISH (PUBACK) once the message is stored, under `$MQTT.msgs.` +
// its (mapped) subject, in the account's stream `$MQTT_msgs`: file storage,
// `mqtt.stream_replicas` copies, interest retention (server/mqtt.go, mqttProcessPub and the
// stream's creation). A message nobody is interested in is skipped at once (server/stream.go,
// "noInterest"), so one durable consumer per partition, filtered to that partition's ingress
// subjects, is what keeps each message until its partition's bridge has it in crampwatch's
// streams. With interest retention a message is removed once every consumer whose filter
// matches it has acknowledged it (stream.go ackMsg → checkInterest → consumer.go needAck, which
// answers false for a consumer whose filter does not match): here, the one partition's
// consumer. The consumers are ours: the server deletes only the consumers of MQTT sessions it
// made itself.
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { ingressSubject } from './topology.ts';

export const MQTT_MSGS_STREAM = '$MQTT_msgs';
const MQTT_MSGS_PREFIX = '$MQTT.msgs.';
/** The one consumer of the single bridge before the bridge was split by partition (retired at start). */
export const SINGLE_BRIDGE_CONSUMER = 'crampwatch_bridge';
/** A message delivered to a bridge that died is delivered again after this long. */
export const BRIDGE_ACK_WAIT_MS = 10_000;
/** How many consumers are made or checked at once at a worker's start. */
const ENSURE_AT_ONCE = 8;

export const bridgeConsumer = (partition: number) => `crampwatch_bridge_${partition}`;
/** The `$MQTT_msgs` subjects of one partition's ingress messages. */
export const storedSubjects = (partition: number) => MQTT_MSGS_PREFIX + ingressSubject(partition);

/** The NATS subject a `$MQTT_msgs` message was published on. */
export const subjectOfStored = (stored: string) => (stored.startsWith(MQTT_MSGS_PREFIX) ? stored.slice(MQTT_MSGS_PREFIX.length) : stored);

/** As the server makes it when the first MQTT client of the account comes: it finds ours and uses it. */
function mqttMsgsStreamConfig(replicas: number): Partial<StreamConfig> & { name: string } {
  return { name: MQTT_MSGS_STREAM, subjects: [`${MQTT_MSGS_PREFIX}>`], storage: StorageType.File, retention: RetentionPolicy.Interest, num_replicas: replicas };
}

function bridgeConsumerConfig(partition: number, replicas: number): Partial<ConsumerConfig> {
  return {
    durable_name: bridgeConsumer(partition),
    filter_subject: storedSubjects(partition),
    ack_policy: AckPolicy.Explicit,
    ack_wait: BRIDGE_ACK_WAIT_MS * 1_000_000,
    deliver_policy: DeliverPolicy.All,
    // bounds what one partition's bridge holds unacknowledged; it fetches far less at a time
    max_ack_pending: 5_000,
    num_replicas: replicas,
  };
}

/**
 * Makes `$MQTT_msgs` (if no MQTT client has yet) and every partition's bridge consumer on it,
 * owned or not: from then on every QoS 1 message on an ingress subject stays until its
 * partition's bridge acknowledges it, also while no worker runs or while its partition moves.
 * Start a worker before the sensors of a new deployment.
 */
export async function ensureBridgeConsumers(jsm: JetStreamManager, replicas: number, partitions: number): Promise<void> {
  const stream = await jsm.streams.info(MQTT_MSGS_STREAM).catch(() => undefined);
  if (!stream) await jsm.streams.add(mqttMsgsStreamConfig(replicas)).catch((error: Error) => {
    if (!/already in use|exists/i.test(error.message)) throw error;
  });
  for (let first = 0; first < partitions; first += ENSURE_AT_ONCE) {
    const some = Array.from({ length: Math.min(ENSURE_AT_ONCE, partitions - first) }, (_, i) => first + i);
    await Promise.all(some.map(async (partition) => {
      const consumer = await jsm.consumers.info(MQTT_MSGS_STREAM, bridgeConsumer(partition)).catch(() => undefined);
      if (!consumer) await jsm.consumers.add(MQTT_MSGS_STREAM, bridgeConsumerConfig(partition, replicas));
    }));
  }
}

/**
 * Deletes the single bridge's consumer a previous version made, once every partition's consumer
 * exists. No message is lost by it: the partition consumers, made with DeliverPolicy.All, were
 * given everything still in `$MQTT_msgs`, which is all the single bridge had not acknowledged
 * (what it had acknowledged and no other consumer needed was removed). Deleting a consumer of an
 * interest stream removes the messages from its ack floor on that no other consumer needs
 * (server/consumer.go, stopWithFlags), so what the partitions' bridges acknowledged while it
 * existed goes then. A single bridge of an older worker still running publishes with the same
 * Nats-Msg-Id as the partitions' bridges: the frames stream drops the second copy. True when one
 * was found and deleted.
 */
export async function retireSingleBridgeConsumer(jsm: JetStreamManager): Promise<boolean> {
  const consumer = await jsm.consumers.info(MQTT_MSGS_STREAM, SINGLE_BRIDGE_CONSUMER).catch(() => undefined);
  if (!consumer) return false;
  return jsm.consumers.delete(MQTT_MSGS_STREAM, SINGLE_BRIDGE_CONSUMER).catch(() => false);
}
