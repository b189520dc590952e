// Looks inside one simulated night around a time: the truth there, and the per-second signal
// points the core produced (envelopes, posture, contact, mains).
//   node --import tsx bench/inspect.ts SEED FROM_S TO_S [--hours 2]
import { parseArgs } from 'node:util';
import { nightMessages, nightTruth, randomNightSpec } from '../firmware-sim/src/index.ts';
import type { SignalPoint } from '../src/core/types.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { replayLines } from '../src/ingest/replay.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { hours: { type: 'string', default: '2' }, preset: { type: 'string' } } });
const [seed, fromS, toS] = positionals.map(Number);
const spec = randomNightSpec(seed, { hours: Number(values.hours), preset: values.preset });
const t = (ms: number) => (ms - spec.startMs) / 1000;
for (const e of nightTruth(spec).episodes) if (t(e.end) >= fromS - 60 && t(e.start) <= toS + 60) console.log(`truth ${e.device} ${e.kind} ${e.muscle ?? ''} ${t(e.start).toFixed(1)}–${t(e.end).toFixed(1)} ${e.note ?? ''}`);
for (const l of spec.layers) if (t(l.endMs) >= fromS && t(l.startMs) <= toS) console.log(`layer d${l.device} ${l.type} ${t(l.startMs).toFixed(1)}–${t(l.endMs).toFixed(1)} ${JSON.stringify({ ...l, seed: undefined, startMs: undefined, endMs: undefined, type: undefined, device: undefined, dips: undefined, segments: (l as { segments?: unknown[] }).segments?.length })}`);
console.log(spec.devices.map((d) => JSON.stringify({ id: d.id, fs: d.emgFsHz, ch: d.channels, noise: d.noiseUv, tonic: d.tonicUv, heart: d.heart, spectrum: d.spectrum, hp: d.highPassHz, range: d.rangeUv })).join('\n'));
const points: SignalPoint[] = [];
const result = await replayLines(nightMessages(spec), {
  createCore: createDeviceCore,
  sink: { signal: (p) => { if (t(p.tMs) >= fromS && t(p.tMs) <= toS) points.push(p); }, episode: (e) => console.log(`episode ${e.event} ${e.device} ${t(e.start).toFixed(1)}–${e.end ? t(e.end).toFixed(1) : ''} det ${t(e.detected_at).toFixed(1)}`) },
});
for (const p of points) {
  const env = Object.entries(p.envelopeUv).map(([m, v]) => `${m.slice(0, 3)} ${v!.toFixed(1).padStart(7)}`).join(' ');
  console.log(`${t(p.tMs).toFixed(0).padStart(6)} ${p.device} ${env} ${p.posture.padEnd(10)} contact ${p.contact.toFixed(2)} mains ${p.mainsDb ?? ''} ankle ${p.ankleFlexionDeg ?? ''}`);
}
console.log(result.nightStats);
