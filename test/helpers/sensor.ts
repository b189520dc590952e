// A simulated sensor node: an MQTT.js client with a persistent session that publishes QoS 1
// frames at its own pace without waiting for the broker, as firmware does, and keeps what it
// could not send yet (MQTT.js holds unacknowledged QoS 1 publishes and resends them on reconnect).
import mqtt, { type MqttClient } from 'mqtt';
import { FRAME_MS, NIGHT_START_MS, frameJson, framesTopic, type FrameSpec } from './frames.ts';

export interface Sensor {
  device: string;
  client: MqttClient;
  /** frames handed to the client */
  readonly sent: number;
  /** frames the broker acknowledged (PUBACK) */
  readonly acked: number;
  /** publish errors (should stay empty) */
  readonly errors: string[];
  publish(frame: FrameSpec): void;
  /** publishes frames from..from+count-1, one every everyMs (0: as fast as the event loop lets) */
  publishRange(from: number, count: number, everyMs: number, amplitudeUv?: (seq: number) => number): Promise<void>;
  end(): Promise<void>;
}

export interface SensorOptions {
  url: string;
  device: string;
  username?: string;
  password?: string;
  protocolVersion?: 4 | 5;
  /** time of frame 0 (default NIGHT_START_MS); frame seq starts seq·100 ms later */
  startMs?: number;
}

export async function connectSensor(options: SensorOptions): Promise<Sensor> {
  const client = await mqtt.connectAsync(options.url, {
    clientId: `sensor-${options.device}`,
    username: options.username,
    password: options.password,
    protocolVersion: options.protocolVersion ?? 4,
    clean: false,
    reconnectPeriod: 200,
    connectTimeout: 5000,
  });
  client.on('error', () => {}); // reconnects are expected in fault tests
  let sent = 0;
  let acked = 0;
  const errors: string[] = [];
  const topic = framesTopic(options.device);
  const startMs = options.startMs ?? NIGHT_START_MS;
  const publish = (frame: FrameSpec) => {
    sent++;
    client.publish(topic, frameJson({ tMs: startMs + frame.seq * FRAME_MS, ...frame }), { qos: 1 }, (error) => {
      if (error) errors.push(error.message);
      else acked++;
    });
  };
  return {
    device: options.device,
    client,
    get sent() {
      return sent;
    },
    get acked() {
      return acked;
    },
    errors,
    publish,
    async publishRange(from, count, everyMs, amplitudeUv) {
      for (let seq = from; seq < from + count; seq++) {
        publish({ seq, amplitudeUv: amplitudeUv?.(seq) });
        await new Promise((r) => (everyMs > 0 ? setTimeout(r, everyMs) : setImmediate(r)));
      }
    },
    end: () => client.endAsync(),
  };
}
