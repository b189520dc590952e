// Looks inside a recorded capture around a time (seconds from the truth's night start, or from
// the first frame): truth there, episodes, and the per-second signal points.
//   node --import tsx bench/inspect-capture.ts fixtures/eval/night-01.ndjson.gz FROM_S TO_S
import { readFileSync, existsSync } from 'node:fs';
import { readCaptureLines } from '../src/adapters/capture/read.ts';
import type { SignalPoint } from '../src/core/types.ts';
import { createDeviceCore } from '../src/detect/index.ts';
import { replayLines } from '../src/ingest/replay.ts';

const [path, fromArg, toArg] = process.argv.slice(2);
const truthPath = path.replace(/\.ndjson(\.gz)?$/, '.truth.json');
const truth = existsSync(truthPath) ? JSON.parse(readFileSync(truthPath, 'utf8')) : { episodes: [] };
let origin: number = truth.night?.startMs ?? NaN;
const fromS = Number(fromArg);
const toS = Number(toArg);
const t = (ms: number) => (ms - origin) / 1000;
for (const e of truth.episodes) if (t(e.end) >= fromS - 60 && t(e.start) <= toS + 60) console.log(`truth ${e.device} ${e.kind} ${e.muscle ?? ''} ${t(e.start).toFixed(1)}–${t(e.end).toFixed(1)} ${e.note ?? ''}`);
const points: SignalPoint[] = [];
await replayLines(readCaptureLines(path), {
  createCore: createDeviceCore,
  sink: {
    signal: (p) => {
      if (Number.isNaN(origin)) origin = p.tMs;
      if (t(p.tMs) >= fromS && t(p.tMs) <= toS) points.push(p);
    },
    episode: (e) => console.log(`episode ${e.event} ${e.device} ${t(e.start).toFixed(1)}–${e.end ? t(e.end).toFixed(1) : ''} det ${t(e.detected_at).toFixed(1)} ${e.muscle} peak ${e.peak_uv}`),
  },
});
for (const p of points) {
  const env = Object.entries(p.envelopeUv).map(([m, v]) => `${m.slice(0, 3)} ${v!.toFixed(1).padStart(7)}`).join(' ');
  console.log(`${t(p.tMs).toFixed(0).padStart(6)} ${p.device} ${env} ${p.posture.padEnd(10)} contact ${p.contact.toFixed(2)} mains ${p.mainsDb ?? ''} ankle ${p.ankleFlexionDeg ?? ''}`);
}
