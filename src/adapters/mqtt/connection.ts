// An MQTT connection that keeps coming back: exponential backoff with full jitter between
// reconnects (so a thousand sensors do not return in lockstep after a broker restart), and a
// persistent session so QoS 1 messages queued while we were away are delivered when we return.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../../log.ts';
import { redactedUrl } from '../../redacted-url.ts';

export interface MqttConnectionOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** CA certificate(s), PEM, that the broker's TLS certificate must chain to (mqtts:// URLs) */
  ca?: Buffer;
  /** 5 where the broker speaks it; 4 (3.1.1) for brokers that do not */
  protocolVersion: 4 | 5;
  /** keep the session (subscriptions and queued QoS 1 messages) across disconnects */
  persistentSession: boolean;
  will?: IClientOptions['will'];
  logger: Logger;
  backoff?: { minMs: number; maxMs: number };
  /** acknowledge a QoS 1 message only when this calls back (MQTT.js customHandleAcks) */
  handleAck?: IClientOptions['customHandleAcks'];
}

/** 7 days: a pipeline down over a long weekend still finds its frames queued. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;

/** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelayMs(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** attempt);
  return Math.round(minMs + random() * (ceiling - minMs));
}

export function connectMqtt(options: MqttConnectionOptions): MqttClient {
  const backoff = options.backoff ?? { minMs: 500, maxMs: 30_000 };
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    ca: options.ca,
    protocolVersion: options.protocolVersion,
    clean: !options.persistentSession,
    properties: options.protocolVersion === 5 && options.persistentSession ? { sessionExpiryInterval: SESSION_EXPIRY_S } : undefined,
    reconnectPeriod: backoff.minMs,
    connectTimeout: 10_000,
    will: options.will,
    customHandleAcks: options.handleAck,
  });
  let attempt = 0;
  const log = options.logger.child({ mqtt: options.clientId });
  client.on('connect', (connack) => {
    if (attempt > 0) log.info({ attempts: attempt, sessionPresent: connack.sessionPresent }, 'reconnected to the broker');
    attempt = 0;
    client.options.reconnectPeriod = backoff.minMs;
  });
  client.on('reconnect', () => {
    attempt++;
    client.options.reconnectPeriod = backoffDelayMs(attempt, backoff.minMs, backoff.maxMs);
  });
  client.on('offline', () => log.warn({ url: redactedUrl(options.url) }, 'broker unreachable; reconnecting with backoff'));
  client.on('error', (error) => log.error({ err: error.message, url: redactedUrl(options.url) }, 'mqtt error'));
  return client;
}

export async function waitForConnect(client: MqttClient, timeoutMs: number, url: string): Promise<void> {
  if (client.connected) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('connect', onConnect);
      reject(new Error(`could not connect to the MQTT broker at ${redactedUrl(url)} within ${timeoutMs / 1000} s: is it running, and are the URL and credentials right?`));
    }, timeoutMs);
    const onConnect = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('connect', onConnect);
  });
}

/**
 * A gate on taking messages. While open, a QoS 1 message is handed to the 'message' listeners
 * and then acknowledged (MQTT.js sends PUBACK only after `handleMessage` calls back, its
 * documented backpressure hook). Once closed, the listeners must ignore messages (`taking()` is
 * false) and nothing more is acknowledged: the broker keeps those messages in the persistent
 * session and delivers them again on the next connection. Without it, messages arriving while
 * the client ends (waiting for its own QoS 1 publishes to be acknowledged) would be acknowledged
 * and never processed: lost.
 */
export function ackGate(client: MqttClient): { taking(): boolean; close(): void } {
  let open = true;
  const notTaken = new Error('pipeline stopping: left unacknowledged for redelivery');
  client.handleMessage = (_packet, callback) => (open ? callback() : callback(notTaken));
  return {
    taking: () => open,
    close: () => {
      open = false;
    },
  };
}
