// Plays a night to an MQTT broker the way the sensor's firmware would: one connection per device
// with an `offline` will on its retained status topic, retained `online` status and profile, the
// day's context, then frames paced by their receive times (real time × speed). While the broker is
// away, frames wait in a bounded buffer and go out late with their original t and seq; what does
// not fit is dropped and counted (a real node has only so much RAM).
import mqtt, { type MqttClient } from 'mqtt';
import { payloadOf, type CaptureLine } from './capture-line.ts';
import { nightMessages } from './night.ts';
import type { NightSpec } from './spec.ts';
import { FIRMWARE_VERSION, statusTopic } from './topics.ts';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PublishOptions {
  url: string;
  username?: string;
  password?: string;
  /** CA certificate(s), PEM, the broker's certificate must chain to (mqtts:// URLs) */
  ca?: Buffer;
  /** times real time; Infinity = as fast as the broker acknowledges (bounded in flight) */
  speed: number;
  binary?: boolean;
  /** send the wearer's diary after the night, as the app does (default true) */
  diary?: boolean;
  /** QoS for frames (status, profile and context always use 1) */
  qos?: 0 | 1;
  signal?: AbortSignal;
  /** frames kept while the broker is away, per device */
  bufferFrames?: number;
  /** unacknowledged QoS 1 messages allowed at once, per device */
  maxInFlight?: number;
  /** how long to wait for the broker before starting anyway (frames then wait in the buffer), ms */
  connectWaitMs?: number;
  clock?: Clock;
  onProgress?: (sent: number) => void;
}

export interface PublishResult {
  sent: number;
  /** frames that waited for the broker and went out late */
  late: number;
  /** frames dropped because the outage buffer was full */
  dropped: number;
  aborted: boolean;
  wallMs: number;
}

class DeviceLink {
  readonly client: MqttClient;
  readonly waiting: { topic: string; payload: Buffer; retain: boolean; qos: 0 | 1 }[] = [];
  inFlight = 0;
  private drainers: (() => void)[] = [];

  constructor(
    readonly id: string,
    options: PublishOptions,
    private readonly result: PublishResult,
  ) {
    this.client = mqtt.connect(options.url, {
      clientId: `crampwatch-sim-${id}-${Math.random().toString(16).slice(2, 8)}`,
      username: options.username,
      password: options.password,
      ca: options.ca,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      will: { topic: statusTopic(id), payload: Buffer.from(JSON.stringify({ v: 1, state: 'offline', fw: FIRMWARE_VERSION })), qos: 1, retain: true },
    });
    this.client.on('connect', () => this.flush());
    this.client.on('error', () => {
      // reconnects on its own; failures show up as frames waiting or dropped
    });
  }

  send(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean, bound: number): void {
    if (!this.client.connected || this.waiting.length > 0) {
      if (this.waiting.length >= bound) {
        this.waiting.shift();
        this.result.dropped++;
      }
      this.waiting.push({ topic, payload, retain, qos });
      return;
    }
    this.publishNow(topic, payload, qos, retain);
  }

  private publishNow(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean): void {
    this.inFlight++;
    this.result.sent++;
    this.client.publish(topic, payload, { qos, retain }, () => {
      this.inFlight--;
      const drainers = this.drainers;
      this.drainers = [];
      for (const resolve of drainers) resolve();
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.client.connected) {
      const message = this.waiting.shift()!;
      if (message.topic.endsWith('/frames')) this.result.late++;
      this.publishNow(message.topic, message.payload, message.qos, message.retain);
    }
  }

  /** Resolves once fewer than `limit` messages are unacknowledged. */
  async belowInFlight(limit: number): Promise<void> {
    while (this.inFlight >= limit) await new Promise<void>((resolve) => this.drainers.push(resolve));
  }

  async close(): Promise<void> {
    this.flush();
    if (!this.client.connected) {
      // never came back: what is still waiting is lost, as when a node's battery dies
      this.result.dropped += this.waiting.filter((m) => m.topic.endsWith('/frames')).length;
      this.waiting.length = 0;
      await this.client.endAsync(true);
      return;
    }
    await this.belowInFlight(1);
    await this.client.endAsync();
  }
}

function deviceOf(topic: string): string {
  return topic.split('/')[2];
}

export async function publishNight(spec: NightSpec, options: PublishOptions): Promise<PublishResult> {
  const clock = options.clock ?? realClock;
  const result: PublishResult = { sent: 0, late: 0, dropped: 0, aborted: false, wallMs: 0 };
  const links = new Map(spec.devices.map((d) => [d.id, new DeviceLink(d.id, options, result)]));
  const bound = options.bufferFrames ?? 2000;
  const maxInFlight = options.maxInFlight ?? 100;
  const qos = options.qos ?? 1;
  const started = clock.now();
  let firstRx: number | undefined;
  let lines = 0;
  try {
    // Wait a while for the broker; a sensor whose broker is away still samples, and buffers.
    const waitMs = options.connectWaitMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...links.values()].map((link) => new Promise<void>((resolve) => {
        if (link.client.connected) return resolve();
        link.client.once('connect', () => resolve());
        options.signal?.addEventListener('abort', () => resolve(), { once: true });
      }))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
    for (const line of nightMessages(spec, { binary: options.binary, diary: options.diary })) {
      if (options.signal?.aborted) {
        result.aborted = true;
        break;
      }
      firstRx ??= line.rx;
      if (Number.isFinite(options.speed)) {
        const dueMs = (line.rx - firstRx) / options.speed - (clock.now() - started);
        if (dueMs > 1) await clock.sleep(dueMs);
      }
      const link = links.get(deviceOf(line.topic));
      if (!link) continue;
      const isFrame = line.topic.endsWith('/frames');
      const retain = line.topic.endsWith('/status') || line.topic.endsWith('/profile');
      link.send(line.topic, payloadOf(line as CaptureLine), isFrame ? qos : 1, retain, bound);
      await link.belowInFlight(maxInFlight);
      if (++lines % 500 === 0) options.onProgress?.(result.sent);
    }
  } finally {
    await Promise.all([...links.values()].map((link) => link.close()));
    result.wallMs = clock.now() - started;
  }
  return result;
}
