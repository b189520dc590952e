// Scale-out on NATS JetStream (docs/scale-out.md), at a small scale: a real 3-node nats-server
// cluster (R3 streams, MQTT listener), 1, 2 and 3 worker processes with the real detector,
// firmware-sim nights sent over MQTT as fast as the cluster acknowledges them. Prints frames per
// second, CPU per frame for the three NATS nodes together and for the workers together, and then,
// with two workers under that load, a worker killed: time until its devices are processed again
// and frames lost; last, the partitions' frame bridges alone, in 1, 2 and 3 processes as 1-3 workers
// run them (bench/bridge.ts). Figures, not assertions.
// `node --import tsx bench/scale.ts [--nights N] [--workers 1,2,3] [--bridge-only] [--bridge-devices N]`, or `npm run bench -- --only scale`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { partitionOf } from '../src/adapters/nats/partition.ts';
import { PARTITIONS } from '../src/adapters/nats/topology.ts';
import { startNats } from '../test/helpers/nats.ts';
import { until } from '../test/helpers/until.ts';
import { frameAccount, processedFrames, Sensors, startWorker, ward, type WorkerProcess } from '../test/scale/support/nights.ts';
import { runBridgeBench, type BridgeStep } from './bridge.ts';
import { fixed, int } from './format.ts';
import { pidWithCommandLine, processCpuMs } from './proc-cpu.ts';

export interface ScaleStep {
  workers: number;
  frames: number;
  wallS: number;
  framesPerS: number;
  natsCpuUsPerFrame: number;
  workerCpuUsPerFrame: number;
}

export interface ScaleKill {
  recoveryS: number;
  sent: number;
  processed: number;
  lost: number;
  repeats: number;
}

const PRESETS = ['cramp', 'blanket-cramp', 'two-legs', 'stretch', 'walking', 'restless'];

/** nights × presets of firmware-sim, each device its own name per run */
function nights(count: number, tag: string) {
  return ward(Array.from({ length: count }, (_, i) => [PRESETS[i % PRESETS.length], 500 + i, `${tag}${i}`] as [string, number, string]));
}

export async function runScaleBench(options: { nights?: number; workerCounts?: number[]; bridgeOnly?: boolean; bridgeDevices?: number; log?: (line: string) => void } = {}): Promise<{ steps: ScaleStep[]; kill?: ScaleKill; bridge: BridgeStep[] }> {
  const log = options.log ?? console.log;
  const nightCount = options.nights ?? 6;
  const nats = await startNats({ nodes: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'crampwatch-bench-scale-'));
  const natsPids = nats.nodes.map((n) => pidWithCommandLine(join(nats.dir, `${n.name}.conf`)));
  const natsCpu = (): number => natsPids.reduce((sum: number, pid) => sum + processCpuMs(pid), 0);
  const steps: ScaleStep[] = [];
  const bridgeSteps = async () => {
    const bridge: BridgeStep[] = [];
    for (const count of options.workerCounts ?? [1, 2, 3]) bridge.push(await runBridgeBench(nats, nights(nightCount, `b${count}-`), natsCpu, log, options.bridgeDevices, count));
    return bridge;
  };
  let workers: WorkerProcess[] = [];
  const workerCpu = (): number => workers.reduce((sum: number, w) => sum + processCpuMs(w.child.pid), 0);
  try {
    if (options.bridgeOnly) return { steps, bridge: await bridgeSteps() };
    for (const count of options.workerCounts ?? [1, 2, 3]) {
      const framesFile = join(dir, `frames-${count}.txt`);
      workers = [];
      for (let i = 0; i < count; i++) workers.push(await startWorker(nats.url, dir, framesFile, `bench-${count}-${i}`, 3));
      await until(() => workers.reduce((n, w) => n + w.owned().length, 0) === PARTITIONS && workers.every((w) => w.owned().length > 0), 120_000, 'partitions shared').catch(() => {});
      log(`scale  ${count} worker(s) own ${workers.map((w) => w.owned().length).join(' + ')} of ${PARTITIONS} partitions`);
      const records = nights(nightCount, `s${count}-`);
      const sensors = new Sensors(nats.nodes[0].mqttUrl);
      const [nats0, worker0, started] = [natsCpu(), workerCpu(), Date.now()];
      await sensors.send(records);
      await until(() => frameAccount(records, framesFile).distinct >= frameAccount(records, framesFile).sent, 300_000, 'all processed');
      const wallS = (Date.now() - started) / 1000;
      const frames = frameAccount(records, framesFile).sent;
      const step: ScaleStep = { workers: count, frames, wallS, framesPerS: frames / wallS, natsCpuUsPerFrame: ((natsCpu() - nats0) * 1000) / frames, workerCpuUsPerFrame: ((workerCpu() - worker0) * 1000) / frames };
      steps.push(step);
      log(`scale  ${count} worker(s): ${int(frames)} frames in ${fixed(wallS, 1)} s (${int(step.framesPerS)} frames/s, as fast as the cluster acknowledges QoS 1), CPU per frame: NATS (3 nodes) ${int(step.natsCpuUsPerFrame)} µs, workers ${int(step.workerCpuUsPerFrame)} µs`);
      await sensors.end();
      for (const w of workers) await w.stop();
    }

    // a worker killed under load: two workers, nights sent, one killed half way
    const framesFile = join(dir, 'frames-kill.txt');
    workers = [await startWorker(nats.url, dir, framesFile, 'bench-kill-0', 3), await startWorker(nats.url, dir, framesFile, 'bench-kill-1', 3)];
    await until(() => workers.reduce((n, w) => n + w.owned().length, 0) === PARTITIONS && workers.every((w) => w.owned().length > 0), 60_000, 'partitions shared');
    const records = nights(nightCount, 'k-');
    const sensors = new Sensors(nats.nodes[0].mqttUrl);
    const sending = sensors.send(records);
    await until(() => processedFrames(framesFile).length >= frameAccount(records, framesFile).sent / 3, 120_000, 'a third processed');
    const victim = workers[0];
    const theirs = new Set(records.map((r) => r.topic.split('/')[2]).filter((d) => victim.owned().includes(partitionOf(d, PARTITIONS))));
    const before = processedFrames(framesFile).length;
    const killedAt = Date.now();
    await victim.kill();
    await until(() => processedFrames(framesFile).slice(before).some(([d]) => theirs.has(d)), 60_000, 'the killed worker\'s devices processed again');
    const recoveryS = (Date.now() - killedAt) / 1000;
    await sending;
    await until(() => frameAccount(records, framesFile).distinct >= frameAccount(records, framesFile).sent, 120_000, 'all processed').catch(() => {});
    const account = frameAccount(records, framesFile);
    const kill: ScaleKill = { recoveryS, sent: account.sent, processed: account.distinct, lost: account.sent - account.distinct, repeats: account.repeats };
    log(`scale  worker killed under load (2 workers, ${theirs.size} of its devices sending): processed again ${fixed(recoveryS, 1)} s after the SIGKILL (target ≤ 15 s); ${int(kill.sent)} frames sent, ${int(kill.processed)} processed, ${kill.lost} lost (target 0), ${kill.repeats} twice`);
    await sensors.end();
    for (const w of workers) await w.stop();
    workers = [];
    return { steps, kill, bridge: await bridgeSteps() };
  } finally {
    for (const w of workers) await w.kill();
    await nats.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { nights: { type: 'string' }, 'bridge-only': { type: 'boolean' }, 'bridge-devices': { type: 'string' }, workers: { type: 'string' } } });
  await runScaleBench({ nights: values.nights ? Number(values.nights) : undefined, bridgeOnly: values['bridge-only'], bridgeDevices: values['bridge-devices'] ? Number(values['bridge-devices']) : undefined, workerCounts: values.workers ? values.workers.split(',').map(Number) : undefined });
}
