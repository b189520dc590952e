// The live pipeline's own CPU a frame, without the network: payloads as they come off MQTT (JSON
// or binary bytes) for many devices, interleaved as live, through the Ingestor, the
// EpisodeResumer (its restart history) and the detector, into a sink that only counts. The live
// benchmark (live.ts) measures the same path plus MQTT.js and the store, through a real broker;
// this one isolates what src/ingest, src/protocol and src/app cost, and profiles cleanly:
//   node --cpu-prof --import tsx bench/ingest.ts json
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDevice } from '../firmware-sim/src/index.ts';
import { jsonFrame } from '../firmware-sim/src/frame-encoding.ts';
import { EpisodeResumer } from '../src/app/episode-resume.ts';
import type { DeviceCoreFactory } from '../src/core/device-core.ts';
import { Ingestor } from '../src/ingest/ingestor.ts';
import { encodeBinaryFrame } from '../src/protocol/binary.ts';
import { topicFor } from '../src/protocol/topics.ts';
import { countingSink } from './counting-sink.ts';
import { cpuMs } from './cpu-time.ts';
import { loadDetector, standInFactory } from './detector.ts';
import { benchNightSpec, FRAME_MS } from './night-spec.ts';

export type PayloadEncoding = 'json' | 'binary';

export interface IngestStep {
  /** what sits behind the Ingestor */
  layers: string;
  usPerFrame: number;
}

export interface IngestResult {
  encoding: PayloadEncoding;
  devices: number;
  frames: number;
  payloadBytes: number;
  steps: IngestStep[];
}

/** Two minutes of the bench night as payloads, each stamped for its device and turn. */
function payloadsOf(encoding: PayloadEncoding, frames: number, devices: number): { topics: string[]; payloads: Uint8Array[][] } {
  const spec = benchNightSpec(Math.max(frames * FRAME_MS, 60_000) / 3_600_000);
  const rendered = [...renderDevice(spec, 0)].slice(0, frames);
  const topics = Array.from({ length: devices }, (_, d) => topicFor.frames(`bench-${d}`));
  const encoder = new TextEncoder();
  const encode = (k: number) => {
    const frame = rendered[k];
    return encoding === 'json' ? encoder.encode(JSON.stringify(jsonFrame(frame))) : encodeBinaryFrame(frame);
  };
  // the same payloads for every device: what differs per device is its state, not its bytes
  const shared = rendered.map((_, k) => encode(k));
  return { topics, payloads: topics.map(() => shared) };
}

function runOnce(factory: DeviceCoreFactory, topics: string[], payloads: Uint8Array[][], frames: number, t0: number): number {
  const ingestor = new Ingestor(factory, countingSink(), { rejected() {} });
  const started = cpuMs();
  for (let k = 0; k < frames; k++) {
    const rxMs = t0 + (k + 1) * FRAME_MS;
    for (let d = 0; d < topics.length; d++) ingestor.handle(topics[d], { bytes: payloads[d][k] }, rxMs);
  }
  const spent = cpuMs() - started;
  ingestor.finish();
  return (spent * 1000) / (frames * topics.length);
}

export async function runIngestBench(options: { encoding: PayloadEncoding; devices?: number; frames?: number; runs?: number; onlyAsRun?: boolean }): Promise<IngestResult> {
  const devices = options.devices ?? 200;
  const frames = options.frames ?? 600;
  const runs = options.runs ?? 2;
  const detector = await loadDetector();
  const { topics, payloads } = payloadsOf(options.encoding, frames, devices);
  const t0 = Date.UTC(2026, 10, 27, 23);
  const dir = mkdtempSync(join(tmpdir(), 'crampwatch-bench-ingest-'));
  const layers: [string, () => DeviceCoreFactory][] = [
    ['decode + Ingestor (stand-in core)', () => standInFactory],
    ['+ EpisodeResumer history', () => new EpisodeResumer(standInFactory, join(dir, 'a', 'open-episodes.json')).factory],
    ['+ detector (as `run`)', () => new EpisodeResumer(detector.factory, join(dir, 'b', 'open-episodes.json')).factory],
  ];
  const steps: IngestStep[] = [];
  try {
    for (const [name, make] of options.onlyAsRun ? layers.slice(-1) : layers) {
      let best = Infinity;
      for (let run = 0; run < runs; run++) best = Math.min(best, runOnce(make(), topics, payloads, frames, t0));
      steps.push({ layers: name, usPerFrame: best });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { encoding: options.encoding, devices, frames, payloadBytes: payloads[0][0].length, steps };
}

// `node --cpu-prof --import tsx bench/ingest.ts json|binary [run]`: one run of the whole path, for a
// profile; `run` measures only the path as `crampwatch run` holds it (detector and history)
if (import.meta.url === `file://${process.argv[1]}`) {
  const encoding = (process.argv[2] ?? 'json') as PayloadEncoding;
  const result = await runIngestBench({ encoding, runs: 1, onlyAsRun: process.argv[3] === 'run' });
  for (const step of result.steps) console.log(`${encoding} ${step.layers}: ${step.usPerFrame.toFixed(1)} µs a frame`);
}
