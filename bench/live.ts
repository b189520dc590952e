// Live throughput: N simulated sensors (1 kHz × 2 channels, 100 ms binary frames, QoS 1) from
// two child processes, through a real mosquitto, into one ingester process (this one:
// startLivePipeline with the InfluxDB store on a real influxd), stepping N up. Per step: frames
// sent vs processed + rejected (loss), and the delay from a frame's last sample to the detector
// having taken it (an episode event is emitted inside that same call, so it is the delay from
// frame arrival to episode event), as percentiles over every frame of the step.
// Target (issue 6): ≥ 1,000 sensors, zero frames lost, p99 ≤ 1 s.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInfluxStore } from '../src/adapters/influx/influx-store.ts';
import { startLivePipeline } from '../src/app/live.ts';
import { loadConfig } from '../src/config.ts';
import type { DeviceCoreFactory } from '../src/core/device-core.ts';
import { frameEndMs } from '../src/ingest/sequencer.ts';
import { silentLogger } from '../src/log.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startMosquitto } from '../test/helpers/mosquitto.ts';
import { cpuMs } from './cpu-time.ts';
import { pidWithCommandLine, processCpuMs } from './proc-cpu.ts';
import { loadDetector } from './detector.ts';
import { DelayHistogram } from './delay-histogram.ts';
import type { LivePayload } from './live-payloads.ts';
import type { SensorPlan, SensorReport } from './live-sensors.ts';

export interface LiveStep {
  sensors: number;
  /** the frames the sensors sent */
  payload: LivePayload;
  seconds: number;
  /** frames the sensors published, and what the broker acknowledged */
  sent: number;
  acked: number;
  /** frames due in that time, all together (the sensors send late rather than skip) */
  due: number;
  /** how late the sensor processes sent frames (a busy machine), worst of the processes, ms */
  sensorLagMs: { p50: number; p99: number; max: number };
  processed: number;
  duplicates: number;
  rejected: number;
  lost: number;
  /** steady state: frames that ended after the first 3 s (or third) of the step */
  delayMs: { p50: number; p99: number; max: number };
  /** every frame of the step, start included */
  wholeDelayMs: { p99: number; max: number };
  /** the worst device's p99 as the Ingestor tracks it (receive time − frame end) */
  ingestorWorstP99Ms: number;
  /** how long the pipeline needed after the last publish to take every frame */
  drainMs: number;
  /** this process's CPU while publishing, % of one core */
  pipelineCpuPct: number;
  sensorCpuPct: number;
  brokerCpuPct: number;
  influxdCpuPct: number;
  /** CPU spent per frame taken, publishing and drain together, µs: what a free core could carry */
  pipelineCpuUsPerFrame: number;
  brokerCpuUsPerFrame: number;
  influx: { written: number; dropped: number; spooled: number };
  sensorErrors: number;
  firstError?: string;
}

export interface LiveResult {
  detector: string;
  steps: LiveStep[];
}

const CHILDREN = 2;
/**
 * The test helper's broker, with the one setting where deploy/mosquitto/mosquitto.conf differs
 * in a way that costs CPU: the helper saves its whole database every second (its restart tests
 * need that), the deployed broker every 10 s. Under a queue, a save a second grows with it.
 */
export const BROKER_AS_DEPLOYED = ['autosave_interval 10'];
const WARMUP_MS = 3000;

async function startSensors(url: string, devices: string[], seconds: number, payload: LivePayload): Promise<{ children: ChildProcess[]; reports: Promise<SensorReport[]> }> {
  const children: ChildProcess[] = [];
  const readies: Promise<unknown>[] = [];
  for (let c = 0; c < CHILDREN; c++) {
    const mine = devices.filter((_, d) => d % CHILDREN === c);
    const child = fork(new URL('./live-sensors.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, CRAMPWATCH_BENCH_PAYLOAD: payload } });
    children.push(child);
    await waitFor(child, 'loaded');
    const plan: SensorPlan = { url, devices: mine, seconds, settleMs: 15_000 };
    child.send({ start: plan });
    readies.push(waitFor(child, 'ready'));
  }
  await Promise.all(readies);
  const reports = Promise.all(children.map((child) => waitFor(child, 'done').then((m) => (m as { done: SensorReport }).done)));
  for (const child of children) child.send({ go: true });
  return { children, reports };
}

function waitFor(child: ChildProcess, key: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => reject(new Error(`sensor process exited (${code}) before "${key}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function endSensors(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ end: true });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

interface StepSetup {
  sensors: number;
  payload: LivePayload;
  seconds: number;
  brokerUrl: string;
  influxUrl: string;
  dir: string;
  factory: DeviceCoreFactory;
  brokerPid?: number;
  influxdPid?: number;
}

async function runStep(step: StepSetup): Promise<LiveStep> {
  // steady state: frames that ended after the first seconds (connections, JIT and the first
  // signal writes settle); every frame goes into `whole`
  const histogram = new DelayHistogram();
  const whole = new DelayHistogram();
  let steadyFromMs = Infinity;
  let processed = 0;
  // counts and times every frame the detector takes, around the real core
  const factory: DeviceCoreFactory = (device, sink) => {
    const core = step.factory(device, sink);
    const pushFrame = core.pushFrame.bind(core);
    core.pushFrame = (frame) => {
      pushFrame(frame);
      processed++;
      const endMs = frameEndMs(frame);
      const delayMs = Date.now() - endMs;
      whole.add(delayMs);
      if (endMs >= steadyFromMs) histogram.add(delayMs);
    };
    return core;
  };
  const stepDir = join(step.dir, `step-${step.sensors}`);
  const logger = silentLogger();
  const store = await openInfluxStore({ url: step.influxUrl, database: 'crampwatch_bench', spoolDir: join(stepDir, 'spool'), logger });
  const config = loadConfig({}, { mqttUrl: step.brokerUrl, dataDir: stepDir, mqttClientId: `bench-pipeline-${step.sensors}` });
  const pipeline = await startLivePipeline({ config, store, logger, createCore: factory, healthEveryMs: 5000 });
  const devices = Array.from({ length: step.sensors }, (_, d) => `bench-${step.sensors}-${String(d).padStart(4, '0')}`);
  const sensors = await startSensors(step.brokerUrl, devices, step.seconds, step.payload);
  steadyFromMs = Date.now() + Math.min(WARMUP_MS, (step.seconds * 1000) / 3);
  const cpu0 = cpuMs();
  const broker0 = processCpuMs(step.brokerPid);
  const influxd0 = processCpuMs(step.influxdPid);
  const wall0 = performance.now();
  const reports = await sensors.reports;
  const cpuWhilePublishing = cpuMs() - cpu0;
  const brokerWhilePublishing = processCpuMs(step.brokerPid) - broker0;
  const influxdWhilePublishing = processCpuMs(step.influxdPid) - influxd0;
  const wallWhilePublishing = performance.now() - wall0;
  const sent = reports.reduce((a, r) => a + r.sent, 0);
  // wait for the pipeline to take what is still queued at the broker
  const drainStart = performance.now();
  const ingest = () => {
    let duplicates = 0;
    let late = 0;
    for (const device of pipeline.ingestor.deviceIds()) {
      const counters = pipeline.ingestor.counters(device)!;
      duplicates += counters.duplicates;
      late += counters.late;
    }
    return { duplicates, late, rejected: pipeline.ingestor.totalRejects() };
  };
  let lastReceived = -1;
  let stableSince = performance.now();
  while (performance.now() - drainStart < 60_000) {
    const received = pipeline.received();
    if (received >= sent) break;
    if (received !== lastReceived) {
      lastReceived = received;
      stableSince = performance.now();
    } else if (performance.now() - stableSince > 5000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const drainMs = performance.now() - drainStart;
  const pipelineCpuMs = cpuMs() - cpu0;
  const brokerCpuMs = processCpuMs(step.brokerPid) - broker0;
  let ingestorWorstP99Ms = 0;
  for (const device of pipeline.ingestor.deviceIds()) ingestorWorstP99Ms = Math.max(ingestorWorstP99Ms, pipeline.ingestor.delayPercentiles(device)?.p99 ?? 0);
  const { duplicates, late, rejected } = ingest();
  await endSensors(sensors.children);
  await pipeline.stop();
  await store.close();
  const influx = store.stats();
  const sensorCpu = reports.reduce((a, r) => a + r.cpuMs, 0);
  const sensorWall = Math.max(...reports.map((r) => r.wallMs));
  return {
    sensors: step.sensors,
    payload: step.payload,
    seconds: step.seconds,
    sent,
    acked: reports.reduce((a, r) => a + r.acked, 0),
    due: reports.reduce((a, r) => a + r.due, 0),
    sensorLagMs: {
      p50: Math.max(...reports.map((r) => r.lagMs.p50)),
      p99: Math.max(...reports.map((r) => r.lagMs.p99)),
      max: Math.max(...reports.map((r) => r.lagMs.max)),
    },
    processed,
    duplicates: duplicates + late,
    rejected,
    lost: sent - processed - rejected,
    delayMs: { p50: histogram.quantile(0.5), p99: histogram.quantile(0.99), max: histogram.max },
    wholeDelayMs: { p99: whole.quantile(0.99), max: whole.max },
    ingestorWorstP99Ms,
    drainMs,
    pipelineCpuPct: (100 * cpuWhilePublishing) / wallWhilePublishing,
    sensorCpuPct: (100 * sensorCpu) / sensorWall,
    brokerCpuPct: (100 * brokerWhilePublishing) / wallWhilePublishing,
    influxdCpuPct: (100 * influxdWhilePublishing) / wallWhilePublishing,
    pipelineCpuUsPerFrame: (1000 * pipelineCpuMs) / Math.max(1, processed),
    brokerCpuUsPerFrame: (1000 * brokerCpuMs) / Math.max(1, processed),
    influx: { written: influx.written, dropped: influx.dropped, spooled: influx.spooled },
    sensorErrors: reports.reduce((a, r) => a + r.errors, 0),
    firstError: reports.find((r) => r.firstError)?.firstError,
  };
}

export async function runLiveBench(options: { sensors: number[]; seconds: number; payload?: LivePayload; onStep?(step: LiveStep): void }): Promise<LiveResult> {
  const detector = await loadDetector();
  const broker = await startMosquitto({ extraConfig: BROKER_AS_DEPLOYED });
  const influxd = await startInfluxd();
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-bench-live-'));
  const steps: LiveStep[] = [];
  try {
    for (const sensors of options.sensors) {
      const step = await runStep({
        sensors,
        payload: options.payload ?? 'json',
        seconds: options.seconds,
        brokerUrl: broker.url,
        influxUrl: influxd.url,
        dir,
        factory: detector.factory,
        brokerPid: pidWithCommandLine(broker.dir),
        influxdPid: pidWithCommandLine(influxd.dir),
      });
      steps.push(step);
      options.onStep?.(step);
      // a step that lost frames or ran seconds behind says what a bigger one would
      if (step.lost > 0 || step.delayMs.p99 > 10_000) break;
    }
  } finally {
    await broker.stop();
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return { detector: detector.name, steps };
}
