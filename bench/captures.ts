// The bench night as capture files (PROTOCOL §7), JSON frames and binary frames, written by
// firmware-sim once and cached beside the rendered frames.
import { existsSync, renameSync, statSync } from 'node:fs';
import { truthPathFor, writeCapture } from '../firmware-sim/src/index.ts';
import { convertCapture } from '../src/adapters/capture/convert.ts';
import { BENCH_SEED, benchNightSpec } from './night-spec.ts';
import { cachePath } from './night-frames.ts';

export type Encoding = 'json' | 'binary';

export async function benchCapture(hours: number, encoding: Encoding, seed = BENCH_SEED): Promise<string> {
  const path = cachePath(`capture-${seed}-${hours}h-${encoding}.ndjson.gz`, hours, seed);
  if (existsSync(path) && statSync(path).size > 0) return path;
  // written aside and renamed, so that a run cut short leaves no half capture behind
  const partial = `${path.replace(/\.ndjson\.gz$/, '')}.${process.pid}.partial.ndjson.gz`;
  const { truthPath } = await writeCapture(benchNightSpec(hours, seed), partial, { binary: encoding === 'binary' });
  renameSync(truthPath, truthPathFor(path));
  renameSync(partial, path);
  return path;
}

/** The binary capture of the same night as a compact capture (docs/compact-capture.md), converted from it. */
export async function compactBenchCapture(hours: number, seed = BENCH_SEED): Promise<string> {
  const ndjson = await benchCapture(hours, 'binary', seed);
  const path = ndjson.replace(/\.ndjson\.gz$/, '.cwcap');
  if (existsSync(path) && statSync(path).size > 0) return path;
  const partial = `${path}.${process.pid}.partial.cwcap`;
  await convertCapture(ndjson, partial);
  renameSync(partial, path);
  return path;
}
