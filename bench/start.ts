// The command as a user runs it, whole processes (issue 12): how long `crampwatch --help` takes
// beside `node` doing nothing, and `crampwatch replay` of a capture against the floor of only
// gunzipping and JSON.parse-ing the same file, measured in this run. Runs the compiled command
// (bin/crampwatch.js → dist/bin/), so `npm run build` first.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCapture, compactBenchCapture, type Encoding } from './captures.ts';
import { bestProcess, timeProcess, type EnvChanges, type ProcessTiming } from './child-process.ts';
import { measured } from './cpu-time.ts';
import { CHANNELS } from './night-spec.ts';
import { median } from '../src/score/score.ts';
import { parseFloor } from './parse-floor.ts';

const BIN = new URL('../bin/crampwatch.js', import.meta.url).pathname;
const BUILT = new URL('../dist/bin/crampwatch.js', import.meta.url).pathname;

export interface StartResult {
  nodeAloneMs: number;
  nodeAloneCpuMs: number;
  helpMs: number;
  helpCpuMs: number;
  versionMs: number;
}

export interface WholeReplay {
  /** compact: the binary capture converted (docs/compact-capture.md); its floor is gunzip alone */
  encoding: Encoding | 'compact';
  hours: number;
  /** gunzip + split + JSON.parse in this process, best of the rounds */
  floorWallMs: number;
  floorCpuMs: number;
  /** `crampwatch replay` as a process, best of the rounds */
  replayWallMs: number;
  replayCpuMs: number;
  /** each round runs the floor, then the replay: how many, and the median of each round's own
   *  replay ÷ floor (wall). Two runs back to back on a quiet VM differed by up to 1.8× here, so
   *  one ratio of two bests can land either side of a target; the rounds' median says which side
   *  the replay usually is. */
  rounds: number;
  medianRoundRatio: number;
  roundRatioRange: [number, number];
  /** the 2 EMG channels of the bench night for `hours`, in 8 h channel-nights */
  channelNights: number;
  wallMsPerChannelNight: number;
  /** sha256 of the replay's --episodes file, to compare captures of the same night */
  episodesSha256: string;
}

function requireBuild(): void {
  if (!existsSync(BUILT)) throw new Error('bench start: dist/ is missing; run `npm run build` first');
}

export async function runStartBench(runs = 7): Promise<StartResult> {
  requireBuild();
  const node = await bestProcess(runs, process.execPath, ['-e', '0']);
  const help = await bestProcess(runs, process.execPath, [BIN, '--help']);
  const version = await bestProcess(runs, process.execPath, [BIN, '--version']);
  return { nodeAloneMs: node.wallMs, nodeAloneCpuMs: node.cpuMs, helpMs: help.wallMs, helpCpuMs: help.cpuMs, versionMs: version.wallMs };
}

export async function runWholeReplay(hours: number, encoding: Encoding | 'compact', rounds = 2, envChanges: EnvChanges = {}): Promise<WholeReplay> {
  requireBuild();
  const path = encoding === 'compact' ? await compactBenchCapture(hours) : await benchCapture(hours, encoding);
  const dir = mkdtempSync(join(tmpdir(), 'crampwatch-bench-replay-'));
  try {
    const args = [BIN, 'replay', path, '--episodes', join(dir, 'episodes.json'), '--quiet'];
    const floors: { wallMs: number; cpuMs: number }[] = [];
    const replays: ProcessTiming[] = [];
    for (let round = 0; round < rounds; round++) {
      // floor and replay take turns, so that both meet the same neighbours
      floors.push(await measured<unknown>(() => (encoding === 'compact' ? gunzipFloor(path) : parseFloor(path))));
      replays.push(await timeProcess(process.execPath, args, envChanges));
    }
    const ratios = replays.map((replay, round) => replay.wallMs / floors[round].wallMs);
    const least = (values: number[]): number => Math.min(...values);
    const replayWallMs = least(replays.map((r) => r.wallMs));
    const channelNights = (CHANNELS * hours) / 8;
    const episodesSha256 = createHash('sha256').update(readFileSync(join(dir, 'episodes.json'))).digest('hex');
    return {
      encoding,
      hours,
      floorWallMs: least(floors.map((f) => f.wallMs)),
      floorCpuMs: least(floors.map((f) => f.cpuMs)),
      replayWallMs,
      replayCpuMs: least(replays.map((r) => r.cpuMs)),
      rounds,
      medianRoundRatio: median(ratios),
      roundRatioRange: [least(ratios), Math.max(...ratios)],
      channelNights,
      wallMsPerChannelNight: replayWallMs / channelNights,
      episodesSha256,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A compact capture's floor: only unzipping it (its records need no parse to be found). */
async function gunzipFloor(path: string): Promise<{ bytes: number }> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 18 }))) bytes += (chunk as Buffer).length;
  return { bytes };
}
