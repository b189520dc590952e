// Prints how fast the simulator renders and encodes: an 8 h night on two legs at 1 kHz.
// Run by hand: node --import tsx firmware-sim/bench.ts [hours] [json|binary|render]
import { createGzip } from 'node:zlib';
import { captureText } from './src/capture-line.ts';
import { nightMessages, randomNightSpec, renderDevice } from './src/index.ts';

const hours = Number(process.argv[2] ?? 8);
const mode = process.argv[3] ?? 'binary';
const spec = randomNightSpec(42, { hours, legs: 2, emgFsHz: 1000 });
const samples = spec.devices.reduce((n, d) => n + d.channels.length, 0) * 1000 * hours * 3600;
const started = performance.now();
let bytes = 0;
if (mode === 'render') {
  for (let d = 0; d < spec.devices.length; d++) for (const _ of renderDevice(spec, d));
} else {
  const gzip = createGzip({ level: 6 });
  gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
  for (const line of nightMessages(spec, { binary: mode === 'binary' })) {
    if (!gzip.write(captureText(line) + '\n')) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await new Promise((r) => gzip.once('end', r));
}
const seconds = (performance.now() - started) / 1000;
console.log(`${hours} h, 2 legs, ${spec.devices.map((d) => d.channels.length).join('+')} channels at 1 kHz, ${mode}: ${seconds.toFixed(1)} s, ${(samples / seconds / 1e6).toFixed(1)} M samples/s${bytes ? `, ${(bytes / 1e6).toFixed(0)} MB gzip` : ''}`);
