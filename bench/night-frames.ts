// A bench night held in memory as the core receives it: SampleFrames, in order. Rendering 8 h
// through firmware-sim's motor-unit model takes longer than detecting it, so the rendered night
// is kept in a cache file (the project's own binary frames, length-prefixed) keyed by the
// scenario, and decoded from there on later runs.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDevice } from '../firmware-sim/src/index.ts';
import type { SampleFrame } from '../src/core/types.ts';
import { decodeBinaryFrame, encodeBinaryFrame } from '../src/protocol/binary.ts';
import { BENCH_SEED, benchNightSpec } from './night-spec.ts';

export const CACHE_DIR = process.env.CRAMPWATCH_BENCH_CACHE ?? join(tmpdir(), 'crampwatch-bench');

/** Changes whenever the bench night's scenario or the binary encoding changes. Keyed on the
 *  scenario rather than the simulator's source, which its author edits all day: a renderer
 *  change that leaves the scenario alone needs `--fresh`. */
export function simulatorVersion(hours: number, seed: number): string {
  const binary = readFileSync(new URL('../src/protocol/binary.ts', import.meta.url));
  return createHash('sha256').update(JSON.stringify(benchNightSpec(hours, seed))).update(binary).digest('hex').slice(0, 12);
}

/** Forgets every cached night and capture. */
export function clearCache(): void {
  rmSync(CACHE_DIR, { recursive: true, force: true });
}

export function cachePath(name: string, hours: number, seed: number): string {
  mkdirSync(CACHE_DIR, { recursive: true });
  return join(CACHE_DIR, `${simulatorVersion(hours, seed)}-${name}`);
}

function renderToFile(hours: number, seed: number, path: string): void {
  const spec = benchNightSpec(hours, seed);
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  const prefix = new Uint8Array(4);
  const prefixView = new DataView(prefix.buffer);
  try {
    for (const frame of renderDevice(spec, 0)) {
      const bytes = encodeBinaryFrame(frame);
      prefixView.setUint32(0, bytes.length, true);
      writeSync(fd, prefix);
      writeSync(fd, bytes);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

export interface NightFrames {
  device: string;
  frames: SampleFrame[];
  /** EMG samples over all channels */
  emgSamples: number;
  hours: number;
}

/** The bench night's frames, rendered once and cached. */
export function nightFrames(hours: number, seed = BENCH_SEED): NightFrames {
  const path = cachePath(`night-${seed}-${hours}h.frames`, hours, seed);
  if (!existsSync(path) || statSync(path).size === 0) renderToFile(hours, seed, path);
  const device = benchNightSpec(hours, seed).devices[0].id;
  const bytes = readFileSync(path);
  const frames: SampleFrame[] = [];
  let emgSamples = 0;
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes.readUInt32LE(offset);
    const decoded = decodeBinaryFrame(bytes.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
    if (!decoded.ok) throw new Error(`bench cache ${path} is corrupt: ${decoded.reason}`);
    const { ok: _ok, ...content } = decoded;
    frames.push({ device, ...content });
    emgSamples += decoded.emgUv.length * decoded.emgUv[0].length;
  }
  return { device, frames, emgSamples, hours };
}

