// The MQTT listener's own store, as the frame bridge reads it. nats-server 2.9 acknowledges an
// MQTT QoS 1 PUBLISH (PUBACK) once the message is stored, under `$MQTT.msgs.` + its (mapped)
// subject, in the account's stream `$MQTT_msgs`: file storage, `mqtt.stream_replicas` copies,
// interest retention (server/mqtt.go, mqttProcessPub and the stream's creation). A message
// nobody is interested in is skipped at once (server/stream.go, "noInterest"), so a durable
// consumer filtered to crampwatch's ingress subjects is what keeps them until the bridge has
// them in crampwatch's streams. The consumer is ours: the server deletes only the consumers of
// MQTT sessions it made itself.
import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { ingressSubject } from './topology.ts';

export const MQTT_MSGS_STREAM = '$MQTT_msgs';
const MQTT_MSGS_PREFIX = '$MQTT.msgs.';
export const BRIDGE_CONSUMER = 'crampwatch_bridge';
/** A message delivered to a bridge that died is delivered again after this long. */
export const BRIDGE_ACK_WAIT_MS = 10_000;

/** The NATS subject a `$MQTT_msgs` message was published on. */
export const subjectOfStored = (stored: string) => (stored.startsWith(MQTT_MSGS_PREFIX) ? stored.slice(MQTT_MSGS_PREFIX.length) : stored);

/** As the server makes it when the first MQTT client of the account comes: it finds ours and uses it. */
function mqttMsgsStreamConfig(replicas: number): Partial<StreamConfig> & { name: string } {
  return { name: MQTT_MSGS_STREAM, subjects: [`${MQTT_MSGS_PREFIX}>`], storage: StorageType.File, retention: RetentionPolicy.Interest, num_replicas: replicas };
}

function bridgeConsumerConfig(replicas: number): Partial<ConsumerConfig> {
  return {
    durable_name: BRIDGE_CONSUMER,
    filter_subject: MQTT_MSGS_PREFIX + ingressSubject('*'),
    ack_policy: AckPolicy.Explicit,
    ack_wait: BRIDGE_ACK_WAIT_MS * 1_000_000,
    deliver_policy: DeliverPolicy.All,
    // bounds what one bridge holds unacknowledged; the bridge fetches far less at a time
    max_ack_pending: 20_000,
    num_replicas: replicas,
  };
}

/**
 * Makes `$MQTT_msgs` (if no MQTT client has yet) and the bridge's consumer on it. From then on
 * every QoS 1 message on an ingress subject stays until the bridge acknowledges it, also while
 * no worker runs: start a worker before the sensors of a new deployment.
 */
export async function ensureBridgeConsumer(jsm: JetStreamManager, replicas: number): Promise<void> {
  const stream = await jsm.streams.info(MQTT_MSGS_STREAM).catch(() => undefined);
  if (!stream) await jsm.streams.add(mqttMsgsStreamConfig(replicas)).catch((error: Error) => {
    if (!/already in use|exists/i.test(error.message)) throw error;
  });
  const consumer = await jsm.consumers.info(MQTT_MSGS_STREAM, BRIDGE_CONSUMER).catch(() => undefined);
  if (!consumer) await jsm.consumers.add(MQTT_MSGS_STREAM, bridgeConsumerConfig(replicas));
}
