// The partitions' frame bridges' throughput (src/app/nats/frame-bridge.ts) on a running NATS
// cluster, as 1, 2 or 3 workers would run them: frames are sent over MQTT (QoS 1) while no
// bridge runs, so they wait in `$MQTT_msgs` (each partition's consumer keeps its own); then N
// processes (bench/bridge-process.ts), each the bridges of every Nth partition as a worker
// owning those partitions runs them, move them into the frames stream as fast as they can.
// Prints frames a second and CPU a frame for the bridges and for the NATS nodes.
// Run from bench/scale.ts after its workers have stopped, on its cluster.
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { MQTT_MSGS_STREAM, bridgeConsumer, ensureBridgeConsumers } from '../src/adapters/nats/mqtt-store.ts';
import { LEASE_TTL_MS, PARTITIONS, ensureTopology } from '../src/adapters/nats/topology.ts';
import type { BridgeCounters } from '../src/app/nats/frame-bridge.ts';
import type { NatsCluster } from '../test/helpers/nats.ts';
import { Sensors } from '../test/scale/support/nights.ts';
import { startReportingChild } from '../test/scale/support/reporting-child.ts';
import type { CaptureRecord } from '../src/ingest/capture-line.ts';
import { int } from './format.ts';
import { processCpuMs } from './proc-cpu.ts';

export interface BridgeStep {
  /** processes the partitions' bridges were spread over (as many workers) */
  processes: number;
  devices: number;
  /** messages waiting in $MQTT_msgs when the bridge started */
  waiting: number;
  bridged: number;
  wallS: number;
  framesPerS: number;
  bridgeCpuUsPerFrame: number;
  natsCpuUsPerFrame: number;
}

interface BridgeProcess {
  child: ChildProcess;
  counts(): BridgeCounters | undefined;
  stop(): Promise<void>;
}

async function startBridges(url: string, partitions: number[]): Promise<BridgeProcess> {
  let counts: BridgeCounters | undefined;
  const script = resolve(import.meta.dirname, 'bridge-process.ts');
  const { child, exit } = await startReportingChild('bridge process', script, [url, partitions.join(',')], resolve(import.meta.dirname, '..'), (line) => {
    if (line.startsWith('counts ')) counts = JSON.parse(line.slice(7));
  });
  const stop = () => exit('SIGTERM');
  return { child, counts: () => counts, stop };
}

/** What every partition's consumer has still to deliver or to see acknowledged. */
async function waitingInMqttStore(jsm: Awaited<ReturnType<typeof jetstreamManager>>): Promise<number> {
  const infos = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => jsm.consumers.info(MQTT_MSGS_STREAM, bridgeConsumer(p))));
  return infos.reduce((n, info) => n + info.num_pending + info.num_ack_pending, 0);
}

/**
 * With no worker running (a worker would bridge its partitions). `devices`: the nights' frames
 * dealt round-robin onto that many sensors (a bridge publishes a device's messages one after
 * the other and devices in parallel, so a fleet's many devices are what keeps it busy; the
 * frames are opaque to it). `processes`: how many workers' bridges, each every Nth partition.
 */
export async function runBridgeBench(nats: NatsCluster, nightRecords: CaptureRecord[], natsCpu: () => number, log: (line: string) => void, devices = 200, processes = 1): Promise<BridgeStep> {
  const records = nightRecords.map((r, i) => ({ ...r, topic: r.topic.replace(/^crampwatch\/v1\/([^/]+)\//, `crampwatch/v1/$1x${i % devices}/`) }));
  const nc = await connect({ servers: nats.url.split(','), maxReconnectAttempts: -1 });
  const bridges: BridgeProcess[] = [];
  try {
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    await ensureTopology(nc, jsm, { replicas: 3, framesMaxBytes: 256 * 1024 * 1024, framesMaxAgeMs: 24 * 3600_000, leaseTtlMs: LEASE_TTL_MS });
    await ensureBridgeConsumers(jsm, 3, PARTITIONS);
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    await sensors.send(records);
    await sensors.end();
    const waiting = await waitingInMqttStore(jsm);
    for (let i = 0; i < processes; i++) {
      const partitions = Array.from({ length: PARTITIONS }, (_, p) => p).filter((p) => p % processes === i);
      bridges.push(await startBridges(nats.url, partitions));
    }
    const bridgedNow = () => bridges.reduce((n, b) => n + (b.counts()?.bridged ?? 0), 0);
    const bridgeCpu = () => bridges.reduce((sum, b) => sum + processCpuMs(b.child.pid), 0);
    // from their first message on (start-up and module loading not counted)
    while (bridgedNow() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const [cpu0, nats0, started, first] = [bridgeCpu(), natsCpu(), Date.now(), bridgedNow()];
    while ((await waitingInMqttStore(jsm)) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const wallS = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last counts
    const bridged = bridgedNow() - first;
    const cpuMs = bridgeCpu() - cpu0;
    const step: BridgeStep = {
      processes,
      devices: new Set(records.map((r) => r.topic.split('/')[2])).size,
      waiting,
      bridged: bridgedNow(),
      wallS,
      framesPerS: bridged / wallS,
      bridgeCpuUsPerFrame: (cpuMs * 1000) / bridged,
      natsCpuUsPerFrame: ((natsCpu() - nats0) * 1000) / bridged,
    };
    log(`scale  the partitions' frame bridges in ${processes} process(es) (${Math.ceil(PARTITIONS / processes)} partitions or fewer each), ${step.devices} devices: ${int(step.waiting)} messages waiting in $MQTT_msgs, ${int(step.bridged)} moved into the frames stream at ${int(step.framesPerS)} frames/s (JetStream publish acknowledged before each $MQTT_msgs ack), CPU per frame: bridges ${int(step.bridgeCpuUsPerFrame)} µs, NATS (3 nodes) ${int(step.natsCpuUsPerFrame)} µs`);
    return step;
  } finally {
    for (const b of bridges) await b.stop();
    await nc.close();
  }
}
