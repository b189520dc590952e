// Child process of the live benchmark: many simulated sensors, one MQTT connection each,
// publishing a binary frame every 100 ms at QoS 1 without waiting for the broker, as firmware
// does. Each frame's time is stamped when it is published (its last sample is "now"), so the
// pipeline's delay from a frame's end to its processing is the delay the benchmark reports.
// Talks to the parent over IPC: ← {start: Plan}; → {ready}; ← {go}; → {done, …}; ← {end}.
import mqtt, { type MqttClient } from 'mqtt';
import { cpuMs } from './cpu-time.ts';
import { payloadTemplates, stampedPayload } from './live-payloads.ts';

export interface SensorPlan {
  url: string;
  devices: string[];
  seconds: number;
  /** how long to wait for outstanding acknowledgements after the last publish */
  settleMs: number;
}

export interface SensorReport {
  sent: number;
  acked: number;
  errors: number;
  firstError?: string;
  connectMs: number;
  /** frames each sensor should have sent in the time it ran, all sensors together */
  due: number;
  cpuMs: number;
  wallMs: number;
}

type FromParent = { start: SensorPlan } | { go: true } | { end: true };

const templates = payloadTemplates(2);
const clients: MqttClient[] = [];
const timers: NodeJS.Timeout[] = [];
let sent = 0;
let acked = 0;
let errors = 0;
let firstError: string | undefined;

async function connectAll(plan: SensorPlan): Promise<number> {
  const started = performance.now();
  // a few at a time: a thousand CONNECTs at once only time each other out
  for (let i = 0; i < plan.devices.length; i += 50) {
    const batch = plan.devices.slice(i, i + 50).map((device) =>
      mqtt.connectAsync(plan.url, { clientId: `bench-sensor-${device}`, clean: true, protocolVersion: 4, reconnectPeriod: 1000, connectTimeout: 30_000, keepalive: 60 }),
    );
    clients.push(...(await Promise.all(batch)));
  }
  for (const client of clients) client.on('error', (error) => note(error.message));
  return performance.now() - started;
}

function note(message: string): void {
  errors++;
  firstError ??= message;
}

function publishAll(plan: SensorPlan): Promise<{ due: number; wallMs: number }> {
  const started = Date.now();
  const frameMs = templates.frameMs;
  plan.devices.forEach((device, d) => {
    const client = clients[d];
    const topic = `crampwatch/v1/${device}/frames`;
    let seq = 0;
    const publish = () => {
      const nowMs = Date.now();
      const payload = stampedPayload(templates, seq, seq, nowMs - frameMs);
      seq++;
      sent++;
      client.publish(topic, payload, { qos: 1 }, (error) => (error ? note(error.message) : acked++));
    };
    // spread the sensors over the frame period, as independent devices would be
    const offset = setTimeout(() => timers.push(setInterval(publish, frameMs)), (d * frameMs) / plan.devices.length);
    timers.push(offset);
  });
  return new Promise((resolve) =>
    setTimeout(() => {
      for (const timer of timers) clearTimeout(timer);
      const wallMs = Date.now() - started;
      resolve({ due: Math.floor(wallMs / frameMs) * plan.devices.length, wallMs });
    }, plan.seconds * 1000),
  );
}

async function settle(plan: SensorPlan): Promise<void> {
  const deadline = Date.now() + plan.settleMs;
  while (acked + errors < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

let plan: SensorPlan | undefined;
process.on('message', async (message: FromParent) => {
  if ('start' in message) {
    plan = message.start;
    const connectMs = await connectAll(plan);
    process.send!({ ready: true, connectMs });
  } else if ('go' in message && plan) {
    const cpu0 = cpuMs();
    const { due, wallMs } = await publishAll(plan);
    await settle(plan);
    const report: SensorReport = { sent, acked, errors, firstError, connectMs: 0, due, cpuMs: cpuMs() - cpu0, wallMs };
    process.send!({ done: report });
  } else if ('end' in message) {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    process.disconnect();
  }
});
process.send!({ loaded: true });
