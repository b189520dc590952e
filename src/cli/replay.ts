// `crampwatch replay NIGHT.ndjson.gz --episodes OUT.json [--truth NIGHT.truth.json]` (PROTOCOL §9).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { readCaptureLineBatches } from '../adapters/capture/read.ts';
import { NdjsonFile } from '../adapters/ndjson-file.ts';
import { createDeviceCore } from '../app/core-factory.ts';
import { replayLines, type ReplayResult } from '../ingest/replay.ts';
import type { Logger } from '../log.ts';
import { NightBook } from '../app/nights.ts';
import { formatNight } from '../app/night-text.ts';
import { aggregateScores, formatScores, scoreNight, type Truth } from '../score/score.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: crampwatch replay CAPTURE.ndjson.gz [--episodes OUT.json] [--truth CAPTURE.truth.json] [--rejects REJECTS.ndjson] [--quiet]

Replays a recorded night through the same pipeline as live traffic, without broker or database.
  --episodes FILE   write the closed episodes (PROTOCOL §6) as a JSON array
  --truth FILE      score the episodes against this ground truth (PROTOCOL §8) and print the scores
  --rejects FILE    keep every rejected line or message here, with its reason
  --quiet           print only the scores (or nothing)`;

export default async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { episodes: { type: 'string' }, truth: { type: 'string' }, rejects: { type: 'string' }, quiet: { type: 'boolean' } },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [capturePath] = positionals;
  if (!capturePath) {
    console.error(HELP);
    return 2;
  }
  if (!existsSync(capturePath)) {
    console.error(`crampwatch replay: no capture at ${capturePath}`);
    return 1;
  }
  // pino is loaded only when there is something to log: a capture under 100,000 lines (under ~3 h
  // of one sensor) replays without it, a tenth of a second sooner
  let logger: Promise<Logger> | undefined;
  const progress = (lines: number) => {
    logger ??= import('../log.ts').then(({ createLogger }) => createLogger({ level: values.quiet ? 'warn' : undefined }));
    void logger.then((log) => log.info({ lines }, 'replaying'));
  };
  const rejects = values.rejects ? new NdjsonFile(values.rejects) : undefined;
  const started = performance.now();
  let result: ReplayResult;
  try {
    result = await replayLines(readCaptureLineBatches(capturePath), {
      createCore: createDeviceCore,
      onReject: (rejection, topic, payload, rxMs) => rejects?.append({ rx: rxMs, topic, code: rejection.code, reason: rejection.reason, payload }),
      onProgress: progress,
    });
  } catch (error) {
    console.error(`crampwatch replay: could not read ${capturePath}: ${(error as Error).message}`);
    return 1;
  }
  rejects?.flush();
  const seconds = (performance.now() - started) / 1000;
  if (values.episodes) await writeFile(values.episodes, JSON.stringify(result.episodes, null, 2) + '\n');
  if (!values.quiet) {
    console.log(describeReplay(result, seconds));
    const book = new NightBook();
    for (const episode of result.episodes) book.episode(episode);
    for (const stats of result.nightStats) {
      const { summary, flag, episodes } = book.nightEnded(stats, result.ingestor.profile(stats.device), result.ingestor.context(stats.device));
      console.log('\n' + formatNight(summary, episodes, flag));
    }
  }
  if (values.truth) {
    const truth = JSON.parse(await readFile(values.truth, 'utf8')) as Truth;
    const recordedMs = result.nightStats.reduce((sum, stats) => sum + stats.recordedMs, 0);
    console.log(formatScores(aggregateScores([scoreNight(result.episodes, truth, recordedMs)])));
  }
  return 0;
}

export function describeReplay(result: ReplayResult, seconds: number): string {
  const lines = [`replayed ${result.lines} lines in ${seconds.toFixed(2)} s`];
  for (const [device, c] of Object.entries(result.counters)) {
    lines.push(`  ${device}: ${c.frames} frames, ${c.duplicates} duplicates, ${c.gaps} gaps (${(c.missingMs / 1000).toFixed(1)} s missing), ${c.reordered} put back in order, ${c.late} too late`);
  }
  const rejected = Object.entries(result.rejects);
  lines.push(rejected.length ? `  rejected: ${rejected.map(([code, n]) => `${n} ${code}`).join(', ')}` : '  rejected: none');
  lines.push(`  ${result.episodes.length} cramp episode${result.episodes.length === 1 ? '' : 's'}`);
  for (const e of result.episodes) {
    const causes = e.causes.filter((c) => c.confidence >= 0.5).map((c) => c.cause);
    lines.push(`    ${new Date(e.start).toISOString()}  ${e.device}  ${e.muscle}  ${e.duration_s?.toFixed(1)} s  ${e.severity}${causes.length ? `  (${causes.join(', ')})` : ''}`);
  }
  return lines.join('\n');
}
