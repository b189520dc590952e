// One frame bridge's throughput (src/app/nats/frame-bridge.ts) on a running NATS cluster: frames
// are sent over MQTT (QoS 1) while no bridge runs, so they wait in `$MQTT_msgs` (the bridge's
// consumer keeps them); then one bridge, in this process, moves them into the frames stream as
// fast as it can. Prints frames a second and CPU a frame for the bridge and for the NATS nodes.
// Run from bench/scale.ts after its workers have stopped, on its cluster.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BRIDGE_CONSUMER, MQTT_MSGS_STREAM, ensureBridgeConsumer } from '../src/adapters/nats/mqtt-store.ts';
import { LEASE_TTL_MS, ensureTopology } from '../src/adapters/nats/topology.ts';
import { FrameBridge } from '../src/app/nats/frame-bridge.ts';
import { createLogger } from '../src/log.ts';
import type { NatsCluster } from '../test/helpers/nats.ts';
import { Sensors } from '../test/scale/support/nights.ts';
import type { CaptureRecord } from '../src/ingest/capture-line.ts';
import { fixed, int } from './format.ts';

export interface BridgeStep {
  devices: number;
  /** messages waiting in $MQTT_msgs when the bridge started */
  waiting: number;
  bridged: number;
  wallS: number;
  framesPerS: number;
  bridgeCpuUsPerFrame: number;
  natsCpuUsPerFrame: number;
}

/**
 * With no worker running: a worker's bridge would take the lease. `devices`: the nights' frames
 * dealt round-robin onto that many sensors (the bridge publishes a device's messages one after
 * the other and devices in parallel, so a fleet's many devices are what keeps it busy; the
 * frames are opaque to it).
 */
export async function runBridgeBench(nats: NatsCluster, nightRecords: CaptureRecord[], natsCpu: () => number, log: (line: string) => void, devices = 200): Promise<BridgeStep> {
  const records = nightRecords.map((r, i) => ({ ...r, topic: r.topic.replace(/^crampwatch\/v1\/([^/]+)\//, `crampwatch/v1/$1x${i % devices}/`) }));
  const nc = await connect({ servers: nats.url.split(','), maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    const topology = await ensureTopology(nc, jsm, { replicas: 3, framesMaxBytes: 256 * 1024 * 1024, framesMaxAgeMs: 24 * 3600_000, leaseTtlMs: LEASE_TTL_MS });
    await ensureBridgeConsumer(jsm, 3);
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    await sensors.send(records);
    await sensors.end();
    const waiting = (await jsm.consumers.info(MQTT_MSGS_STREAM, BRIDGE_CONSUMER)).num_pending;
    const bridge = new FrameBridge({ nc, js: jetstream(nc, { timeout: 10_000 }), jsm, leases: topology.leases, worker: 'bench-bridge', logger: createLogger({ level: 'warn', name: 'bench-bridge' }), renewEveryMs: 3000 });
    bridge.start();
    // from its first message on (a lease left by a killed worker expires first)
    while (bridge.counters.bridged === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const [cpu0, nats0, started, first] = [process.cpuUsage(), natsCpu(), Date.now(), bridge.counters.bridged];
    for (;;) {
      const info = await jsm.consumers.info(MQTT_MSGS_STREAM, BRIDGE_CONSUMER);
      if (info.num_pending === 0 && info.num_ack_pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const wallS = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const bridged = bridge.counters.bridged - first;
    await bridge.stop();
    const step: BridgeStep = {
      devices: new Set(records.map((r) => r.topic.split('/')[2])).size,
      waiting,
      bridged: bridge.counters.bridged,
      wallS,
      framesPerS: bridged / wallS,
      bridgeCpuUsPerFrame: (cpu.user + cpu.system) / bridged,
      natsCpuUsPerFrame: ((natsCpu() - nats0) * 1000) / bridged,
    };
    log(`scale  one frame bridge, ${step.devices} devices: ${int(step.waiting)} messages waiting in $MQTT_msgs, ${int(step.bridged)} moved into the frames stream at ${int(step.framesPerS)} frames/s (JetStream publish acknowledged before each $MQTT_msgs ack), CPU per frame: bridge ${int(step.bridgeCpuUsPerFrame)} µs, NATS (3 nodes) ${int(step.natsCpuUsPerFrame)} µs`);
    return step;
  } finally {
    await nc.close();
  }
}
