// `crampwatch replay NIGHT.ndjson.gz … --episodes OUT.json [--summaries NIGHTS.json] [--truth NIGHT.truth.json]`
// (PROTOCOL §9, §10.2): the arguments, then the first capture's reader, started before the
// detector's modules load (replay-captures.ts): a reading thread unzips and reads beside them.
import { existsSync } from 'node:fs';
import { readCaptureForReplay } from '../adapters/capture/worker-read.ts';
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
  const first = await readCaptureForReplay(positionals[0]);
  const { replayCaptures } = await import('./replay-captures.ts');
  return replayCaptures(positionals, values, first);
}
