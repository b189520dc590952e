// How fast the detector core runs: an 8 h night of 2 EMG channels at 1 kHz plus a 50 Hz
// accelerometer, in 100 ms frames, straight into a DeviceCore (no ingest, no parsing).
// One minute of frames is made once and replayed with advancing times, so only the core is timed.
//   node --import tsx bench/core-speed.ts [--hours 8] [--fs 1000]
import { parseArgs } from 'node:util';
import type { Muscle, SampleFrame } from '../src/core/types.ts';
import { createDeviceCore } from '../src/detect/index.ts';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '8' }, fs: { type: 'string', default: '1000' } } });
const hours = Number(values.hours);
const fsHz = Number(values.fs);
const frameSamples = fsHz / 10;
const channels: Muscle[] = ['gastrocnemius', 'tibialis_anterior'];
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
const minute: SampleFrame[] = [];
for (let k = 0; k < 600; k++) {
  const emgUv = channels.map(() => Float32Array.from({ length: frameSamples }, () => 5 * random()));
  const mg = Float32Array.from({ length: 15 }, (_, i) => (i % 3 === 2 ? -1000 : 0) + 5 * random());
  minute.push({ device: 'speed', seq: k, tMs: 0, emgFsHz: fsHz, channels, emgUv, acc: { fsHz: 50, tMs: 0, mg } });
}
let episodes = 0;
let signals = 0;
const core = createDeviceCore('speed', { episode: () => episodes++, signal: () => signals++, limbMovement: () => {} });
const t0 = 1_764_201_600_000;
const frames = hours * 36_000;
const cpu0 = process.cpuUsage();
for (let n = 0; n < frames; n++) {
  const frame = minute[n % 600];
  frame.seq = n;
  frame.tMs = t0 + n * 100;
  frame.acc!.tMs = frame.tMs;
  core.pushFrame(frame);
}
core.finish();
const cpu = process.cpuUsage(cpu0);
const seconds = (cpu.user + cpu.system) / 1e6;
const mem = process.memoryUsage().heapUsed / 1e6;
console.log(`${hours} h, ${channels.length} ch at ${fsHz} Hz + acc 50 Hz: ${seconds.toFixed(2)} s CPU (${((hours * 3600) / seconds).toFixed(0)}× real time), ${signals} signal points, ${episodes} episode events, heap ${mem.toFixed(0)} MB`);
