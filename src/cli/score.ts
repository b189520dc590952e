// `crampwatch score FOLDER`: replays every capture in a folder that has a .truth.json beside it
// and prints the PROTOCOL §8 scores, night by night and over the whole folder.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readCaptureRecordBatches } from '../adapters/capture/read.ts';
import { createDeviceCore } from '../app/core-factory.ts';
import { replayLines } from '../ingest/replay.ts';
import type { LimbMovement } from '../core/types.ts';
import { aggregateLimbMovements, formatLimbMovements, scoreLimbMovements, type LimbMovementScore } from '../score/limb-movements.ts';
import { aggregateScores, formatScores, scoreNight, type NightScore, type Truth } from '../score/score.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: crampwatch score FOLDER [--json OUT.json]

Replays every *.ndjson.gz (or compact *.cwcap) in FOLDER that has a *.truth.json beside it and prints the scores of
PROTOCOL §8 for each night and for the whole folder.
  --json FILE   also write the per-night and overall scores as JSON`;

export function truthPathOf(capturePath: string): string {
  return capturePath.replace(/\.(ndjson(\.gz)?|cwcap)$/, '.truth.json');
}

export default async function score(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'string' } }, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [folder] = positionals;
  if (!folder || !existsSync(folder)) {
    console.error(folder ? `crampwatch score: no folder at ${folder}` : HELP);
    return 2;
  }
  const captures = (await readdir(folder)).filter((name) => /\.(ndjson(\.gz)?|cwcap)$/.test(name)).sort();
  const nights: { name: string; score: NightScore; limbMovements?: LimbMovementScore }[] = [];
  for (const name of captures) {
    const path = join(folder, name);
    const truthPath = truthPathOf(path);
    if (!existsSync(truthPath)) continue;
    const truth = JSON.parse(await readFile(truthPath, 'utf8')) as Truth;
    const movements: LimbMovement[] = [];
    const result = await replayLines(readCaptureRecordBatches(path), { createCore: createDeviceCore, sink: { limbMovement: (m) => movements.push(m) } });
    const recordedMs = result.nightStats.reduce((sum, stats) => sum + stats.recordedMs, 0);
    const night = scoreNight(result.episodes, truth, recordedMs);
    // the legs of a night are recorded together: the night lasts as long as its longest device
    const limbMovements = scoreLimbMovements(movements, truth, Math.max(0, ...result.nightStats.map((stats) => stats.recordedMs)));
    nights.push({ name: basename(name), score: night, limbMovements });
    const single = aggregateScores([night]);
    console.log(
      `${name.padEnd(40)} cramps ${String(single.trueCramps).padStart(2)}  found ${String(single.matched).padStart(2)}  false ${String(single.falsePositives).padStart(2)}  ` +
        `onset ${fmt(single.onsetErrorMedianS, 's')}  duration ${fmt(single.durationErrorMedianRel * 100, '%')}  latency ${fmt(single.latencyMedianS, 's')}` +
        (limbMovements ? `  LM ${limbMovements.matched}/${limbMovements.scored}/${limbMovements.detected}  PLM index ${limbMovements.scoredPlmIndex.toFixed(1)}/${limbMovements.detectedPlmIndex.toFixed(1)}` : ''),
    );
  }
  if (nights.length === 0) {
    console.error(`crampwatch score: no capture with a .truth.json beside it in ${folder}`);
    return 2;
  }
  const overall = aggregateScores(nights.map((n) => n.score));
  console.log(`\n${nights.length} nights\n${formatScores(overall)}`);
  const limbMovements = aggregateLimbMovements(nights.flatMap((n) => (n.limbMovements ? [n.limbMovements] : [])));
  if (limbMovements) console.log(`\nscored limb movements (LM matched/scored/detected, PLM index scored/detected above)\n${formatLimbMovements(limbMovements)}`);
  if (values.json) await writeFile(values.json, JSON.stringify({ nights, overall, limbMovements }, null, 2) + '\n');
  return 0;
}

function fmt(value: number, unit: string): string {
  return Number.isFinite(value) ? `${value.toFixed(1)}${unit}`.padStart(7) : '      –';
}
