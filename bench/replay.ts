// Replay speed: a capture through readCaptureLines → replayLines → the detector, against the
// floor of merely gunzipping and JSON.parse-ing the same file (target: ≤ 1.5× the floor), and
// the binary-frame capture of the same night against the JSON one (target: ≥ 3× faster).
// CPU time of the whole process: gunzip runs on libuv's pool and counts too, in both.
import { statSync } from 'node:fs';
import { readCaptureLineBatches } from '../src/adapters/capture/read.ts';
import type { DeviceCoreFactory } from '../src/core/device-core.ts';
import { replayLines } from '../src/ingest/replay.ts';
import { benchCapture, type Encoding } from './captures.ts';
import { measured } from './cpu-time.ts';
import { loadDetector, standInFactory } from './detector.ts';
import { parseFloor } from './parse-floor.ts';

export interface ReplayTiming {
  encoding: Encoding;
  path: string;
  compressedBytes: number;
  lines: number;
  /** CPU ms, best of the runs */
  floorCpuMs: number;
  /** replay with the stand-in core: what the edge costs */
  ingestCpuMs: number;
  /** replay with the detector */
  replayCpuMs: number;
  replayWallMs: number;
  closedEpisodes: number;
  frames: number;
  rejects: number;
}

export interface ReplayResult {
  detector: string;
  hours: number;
  json: ReplayTiming;
  binary: ReplayTiming;
  /** replay ÷ floor for the JSON capture (target ≤ 1.5) */
  jsonOverFloor: number;
  ingestOverFloor: number;
  /** JSON replay ÷ binary replay (target ≥ 3) */
  binarySpeedup: number;
  /** the binary capture's floor ÷ the JSON capture's floor */
  binaryFloorSpeedup: number;
}

async function replayOnce(path: string, factory: DeviceCoreFactory) {
  return measured(() => replayLines(readCaptureLineBatches(path), { createCore: factory }));
}

async function best<T>(runs: number, fn: () => Promise<{ value: T; cpuMs: number; wallMs: number }>) {
  let winner = await fn();
  for (let run = 1; run < runs; run++) {
    const next = await fn();
    if (next.cpuMs < winner.cpuMs) winner = next;
  }
  return winner;
}

async function timeCapture(hours: number, encoding: Encoding, runs: number, factory: DeviceCoreFactory): Promise<ReplayTiming> {
  const path = await benchCapture(hours, encoding);
  const floor = await best(runs, () => measured(() => parseFloor(path)));
  const ingest = await best(runs, () => replayOnce(path, standInFactory));
  const replay = await best(runs, () => replayOnce(path, factory));
  const result = replay.value;
  let frames = 0;
  for (const counters of Object.values(result.counters)) frames += counters.frames;
  return {
    encoding,
    path,
    compressedBytes: statSync(path).size,
    lines: floor.value.lines,
    floorCpuMs: floor.cpuMs,
    ingestCpuMs: ingest.cpuMs,
    replayCpuMs: replay.cpuMs,
    replayWallMs: replay.wallMs,
    closedEpisodes: result.episodes.length,
    frames,
    rejects: Object.values(result.rejects).reduce((a, b) => a + (b ?? 0), 0),
  };
}

export async function runReplayBench(options: { hours: number; runs?: number }): Promise<ReplayResult> {
  const detector = await loadDetector();
  const runs = options.runs ?? 2;
  const json = await timeCapture(options.hours, 'json', runs, detector.factory);
  const binary = await timeCapture(options.hours, 'binary', runs, detector.factory);
  return {
    detector: detector.name,
    hours: options.hours,
    json,
    binary,
    jsonOverFloor: json.replayCpuMs / json.floorCpuMs,
    ingestOverFloor: json.ingestCpuMs / json.floorCpuMs,
    binarySpeedup: json.replayCpuMs / binary.replayCpuMs,
    binaryFloorSpeedup: json.floorCpuMs / binary.floorCpuMs,
  };
}
