// `crampwatch replay NIGHT.ndjson.gz … --episodes OUT.json [--summaries NIGHTS.json] [--truth NIGHT.truth.json]`
// (PROTOCOL §9, §10.2).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { readCaptureRecordBatches } from '../adapters/capture/read.ts';
import { NdjsonFile } from '../adapters/ndjson-file.ts';
import { createDeviceCore } from '../app/core-factory.ts';
import { ReplaySession, type ReplayResult } from '../ingest/replay.ts';
import type { Logger } from '../log.ts';
import { NightBook, type EndedNight } from '../app/nights.ts';
import { DiaryBook } from '../app/diary-book.ts';
import { formatNight } from '../app/night-text.ts';
import { aggregateScores, formatScores, scoreNight, type Truth } from '../score/score.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from './main.ts';

const HELP = `usage: crampwatch replay CAPTURE.ndjson.gz [CAPTURE2.ndjson.gz …] [--episodes OUT.json] [--summaries NIGHTS.json]
                        [--truth CAPTURE.truth.json] [--rejects REJECTS.ndjson] [--quiet]

Replays recorded nights through the same pipeline as live traffic, without broker or database.
Several captures are replayed in the order given as consecutive nights of the same wearers,
keeping across them what the live pipeline keeps (profiles, context logs, the nights on record
for the "see a doctor" flag).
  --episodes FILE   write the closed episodes (PROTOCOL §6) of all the nights as a JSON array
  --summaries FILE  write one night summary per device and night (PROTOCOL §10.2) as a JSON array
  --truth FILE      score the episodes against this ground truth (PROTOCOL §8) and print the scores
                    (one capture only; \`crampwatch score FOLDER\` scores many)
  --rejects FILE    keep every rejected line or message here, with its reason
  --quiet           print only the scores (or nothing)`;

export default async function replay(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { episodes: { type: 'string' }, summaries: { type: 'string' }, truth: { type: 'string' }, rejects: { type: 'string' }, quiet: { type: 'boolean' } },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(HELP);
    return 2;
  }
  if (values.truth && positionals.length > 1) throw new UsageError(`--truth scores one capture; for ${positionals.length} captures use \`crampwatch score FOLDER\``);
  const missing = positionals.find((path) => !existsSync(path));
  if (missing) {
    console.error(`crampwatch replay: no capture at ${missing}`);
    return 1;
  }
  // pino is loaded only when there is something to log: a capture under 100,000 lines (under ~3 h
  // of one sensor) replays without it, a tenth of a second sooner, and --quiet logs no progress
  let logger: Promise<Logger> | undefined;
  const progress = values.quiet
    ? undefined
    : (lines: number) => {
        logger ??= import('../log.ts').then(({ createLogger }) => createLogger());
        void logger.then((log) => log.info({ lines }, 'replaying'));
      };
  const rejects = values.rejects ? new NdjsonFile(values.rejects) : undefined;
  const book = new NightBook();
  // the wearer's diary is put beside the nights it speaks of, whichever comes first (PROTOCOL §10.4)
  const diaries = new DiaryBook();
  const ended: EndedNight[] = [];
  const session = new ReplaySession({
    createCore: createDeviceCore,
    sink: { episode: (event) => book.episode(event) },
    onReject: (rejection, topic, payload, rxMs) => rejects?.append({ rx: rxMs, topic, code: rejection.code, reason: rejection.reason, payload }),
    onProgress: progress,
    // each night is summed up as it ends, so the flag sees exactly the nights before it, as live
    onNightEnded: (stats, ingestor) => {
      const night = book.nightEnded(stats, ingestor.profile(stats.device), ingestor.context(stats.device));
      diaries.nightEnded(night);
      ended.push(night);
    },
    onDiary: (entry) => diaries.diary(entry),
  });
  const started = performance.now();
  for (const capturePath of positionals) {
    try {
      await session.replay(readCaptureRecordBatches(capturePath));
    } catch (error) {
      console.error(`crampwatch replay: could not read ${capturePath}: ${(error as Error).message}`);
      return 1;
    }
  }
  const result = session.result();
  rejects?.flush();
  const seconds = (performance.now() - started) / 1000;
  if (values.episodes) await writeFile(values.episodes, JSON.stringify(result.episodes, null, 2) + '\n');
  if (values.summaries) await writeFile(values.summaries, JSON.stringify(ended.map((night) => night.record), null, 2) + '\n');
  if (!values.quiet) {
    console.log(describeReplay(result, seconds));
    for (const { summary, flag, episodes, timeZone } of ended) console.log('\n' + formatNight(summary, episodes, flag, timeZone));
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
