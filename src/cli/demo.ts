// `npm start`: a whole simulated night end to end on embedded defaults — an in-process broker,
// the simulated sensor publishing over MQTT, the live pipeline, a local folder store — then the
// night in plain words and a morning report. Nothing to install or start first.
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LocalStore } from '../adapters/local-store.ts';
import { startEmbeddedBroker } from '../adapters/mqtt/embedded-broker.ts';
import { createDeviceCore } from '../app/core-factory.ts';
import { startLivePipeline, type LivePipeline } from '../app/live.ts';
import { formatNight } from '../app/night-text.ts';
import { NightBook, type EndedNight } from '../app/nights.ts';
import { DiaryBook } from '../app/diary-book.ts';
import { nightOutputs } from '../app/night-outputs.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { writeReport } from '../report/write.ts';
import { publishNight } from '../../firmware-sim/src/publish.ts';
import { randomNightSpec } from '../../firmware-sim/src/night.ts';
import { parseCommandArgs } from './args.ts';
import type { Cause } from '../core/types.ts';

/**
 * The demo wearer's night shows what crampwatch is for, possible causes with their evidence: the
 * simulator draws a wearer on a cramp-linked medicine (a diuretic, a statin, …) after a day of
 * hard exercise or long standing, whose first cramp comes after a long while on the stomach or
 * with toes pointed. Which medicine, how long and what else happens are the seed's.
 */
const DEMO_CAUSES: Cause[] = ['medication', 'muscle_fatigue'];

const HELP = `usage: crampwatch demo [--seed N] [--hours H] [--out DIR]

Runs a simulated night through the whole pipeline on embedded defaults and prints it in plain
words. Everything it writes goes to DIR (default out/demo): the local store, the night as a
capture you can replay, the dead letters, and report.html.
  --seed N     which simulated night (default 4)
  --hours H    how long a night (default 2; the sensor is replayed as fast as the pipeline takes it)
  --out DIR    where to write (default out/demo)`;

export default async function demo(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { seed: { type: 'string' }, hours: { type: 'string' }, out: { type: 'string' } }, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const seed = Number(values.seed ?? 4);
  const hours = Number(values.hours ?? 2);
  if (!Number.isInteger(seed) || !(hours > 0 && hours <= 12)) {
    console.error(`crampwatch demo: --seed wants an integer and --hours a number of hours up to 12\n\n${HELP}`);
    return 2;
  }
  const outDir = resolve(values.out ?? 'out/demo');
  await rm(outDir, { recursive: true, force: true });
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });

  const broker = await startEmbeddedBroker();
  const config = loadConfig({}, { mqttUrl: broker.url, mqttProtocol: 4, mqttClientId: 'crampwatch-demo', dataDir: outDir });
  const store = new LocalStore(join(outDir, 'store'));
  const book = new NightBook(store);
  const ended: EndedNight[] = [];
  // the simulated app sends the wearer's diary after the night: it lands beside the summary
  const outputs = nightOutputs(book, new DiaryBook(store), () => {});
  const capturePath = join(outDir, 'night.ndjson.gz');
  let pipeline: LivePipeline | undefined;
  pipeline = await startLivePipeline({
    config,
    store,
    logger,
    createCore: createDeviceCore,
    recordPath: capturePath,
    onEpisode: (event) => {
      book.episode(event);
      if (event.event === 'open') console.log(`  cramp confirmed: ${event.device} ${event.muscle} since ${new Date(event.start).toISOString().slice(11, 19)}`);
    },
    onMessage: (message) => outputs.message(message, pipeline!.ingestor.profile(message.device)),
    onNightEnded: (stats) => ended.push(outputs.nightEnded(stats, pipeline!.ingestor.profile(stats.device), pipeline!.ingestor.context(stats.device))),
  });

  // the night ends now, as the night before a morning does
  const spec = randomNightSpec(seed, { hours, startMs: Date.now() - Math.round(hours * 3_600_000), causes: DEMO_CAUSES, sleepingPosition: true });
  console.log(`crampwatch demo: a ${hours} h simulated night (seed ${seed}), ${spec.devices.length} sensor(s), over MQTT at ${broker.url}`);
  const started = performance.now();
  const published = await publishNight(spec, {
    url: broker.url,
    speed: Infinity,
    onProgress: (sent) => {
      if (sent % 10_000 === 0) logger.info({ sent }, 'messages sent');
    },
  });
  const deadline = Date.now() + 60_000;
  while (pipeline.received() < published.sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await pipeline.stop();
  await store.close();
  await broker.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${published.sent} messages through the pipeline in ${seconds.toFixed(1)} s; rejected: ${pipeline.ingestor.totalRejects()}\n`);

  for (const night of ended) console.log(formatNight(night.summary, night.episodes, night.flag, night.timeZone) + '\n');
  const report = await writeReport({ store: join(outDir, 'store'), out: join(outDir, 'report.html'), timeZone: 'UTC' });
  console.log(`Morning report: ${report.path}`);
  console.log(`Capture of the night: ${capturePath}`);
  console.log(`Replay it: ${commandAsRun()} replay ${join(values.out ?? 'out/demo', 'night.ndjson.gz')}`);
  return 0;
}

/** How to run crampwatch again as this run was: through npm (`npm start`, npx) from a project
 *  folder it takes npx; installed globally, the command alone (npx there would offer to download it). */
function commandAsRun(): string {
  return process.env.npm_execpath === undefined ? 'crampwatch' : 'npx crampwatch';
}
