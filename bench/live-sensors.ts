// Child process of the live benchmark: many simulated sensors, one MQTT connection each,
// publishing a binary or JSON frame every 100 ms at QoS 1 without waiting for the broker, as firmware
// does. A frame's time is that of its samples (it ends when it is due), so the pipeline's delay
// from a frame's end to its processing, the figure reported, includes any lateness here.
// Talks to the parent over IPC: ← {start: Plan}; → {ready}; ← {go}; → {done, …}; ← {end}.
import mqtt, { type MqttClient } from 'mqtt';
import { cpuMs } from './cpu-time.ts';
import { DelayHistogram } from './delay-histogram.ts';
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
  /** frames due in the time the sensors ran, all together (all are sent, late if need be) */
  due: number;
  /** how late frames left the sensor process after their last sample, ms */
  lagMs: { p50: number; p99: number; max: number };
  cpuMs: number;
  wallMs: number;
}

type FromParent = { start: SensorPlan } | { go: true } | { end: true };

// the parent says which encoding in the environment: the templates are made before the plan comes
const templates = payloadTemplates(2, process.env.CRAMPWATCH_BENCH_PAYLOAD === 'json' ? 'json' : 'binary');
const clients: MqttClient[] = [];
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

/**
 * Publishes every sensor's frames at their times, on one 10 ms ticker: a frame is due when its
 * last sample is taken, and a process that fell behind (a busy machine) catches up by sending
 * what is due at once, as firmware with a send buffer does. So the offered load is the nominal
 * one whatever the machine, and how late frames left is measured (lag), not hidden.
 */
function publishAll(plan: SensorPlan): Promise<{ due: number; wallMs: number; lagMs: { p50: number; p99: number; max: number } }> {
  const frameMs = templates.frameMs;
  const startMs = Date.now();
  const endMs = startMs + plan.seconds * 1000;
  const count = plan.devices.length;
  const topics = plan.devices.map((device) => `crampwatch/v1/${device}/frames`);
  // spread the sensors over the frame period, as independent devices would be
  const nextDueMs = new Float64Array(count).map((_, d) => startMs + frameMs + (d * frameMs) / count);
  const seqs = new Uint32Array(count);
  const lag = new DelayHistogram();
  const onAck = (error?: Error) => (error ? note(error.message) : acked++);
  return new Promise((resolve) => {
    const tick = () => {
      const nowMs = Date.now();
      for (let d = 0; d < count; d++) {
        while (nextDueMs[d] <= nowMs && nextDueMs[d] <= endMs) {
          const dueMs = nextDueMs[d];
          const seq = seqs[d]++;
          sent++;
          lag.add(nowMs - dueMs);
          clients[d].publish(topics[d], stampedPayload(templates, seq, seq, dueMs - frameMs), { qos: 1 }, onAck);
          nextDueMs[d] = dueMs + frameMs;
        }
      }
      if (nowMs < endMs) return;
      clearInterval(timer);
      resolve({ due: sent, wallMs: nowMs - startMs, lagMs: { p50: lag.quantile(0.5), p99: lag.quantile(0.99), max: lag.max } });
    };
    const timer = setInterval(tick, 10);
  });
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
    const { due, wallMs, lagMs } = await publishAll(plan);
    await settle(plan);
    const report: SensorReport = { sent, acked, errors, firstError, due, lagMs, cpuMs: cpuMs() - cpu0, wallMs };
    process.send!({ done: report });
  } else if ('end' in message) {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    process.disconnect();
  }
});
process.send!({ loaded: true });
