// `crampwatch run`: the live pipeline, configured from the environment (see README, "Settings").
import { loadConfig, type Config } from '../config.ts';
import type { NightStore } from '../adapters/store.ts';
import { startNatsWorker, type NatsWorker } from '../app/nats/worker.ts';
import type { Logger } from '../log.ts';
import { createDeviceCore } from '../app/core-factory.ts';
import { startLivePipeline, type LivePipeline } from '../app/live.ts';
import { nightRecordReader, rememberStoredNights } from '../app/night-history.ts';
import { NightBook, type EndedNight } from '../app/nights.ts';
import { DiaryBook } from '../app/diary-book.ts';
import { recentNightsReader, rememberRecentNights } from '../app/diary-history.ts';
import { nightOutputs } from '../app/night-outputs.ts';
import { publishedSummary } from '../app/published-summary.ts';
import { topicFor } from '../protocol/topics.ts';
import { openStore } from '../app/open-store.ts';
import { createLogger } from '../log.ts';
import { parseCommandArgs } from './args.ts';

const HELP = `usage: crampwatch run [--mqtt URL] [--influx URL] [--record CAPTURE.ndjson.gz] [--data-dir DIR]

Subscribes to every sensor on the broker, detects cramps, writes episodes and signals to InfluxDB
(or, without --influx / CRAMPWATCH_INFLUX_URL, to a local folder) and publishes episode events on
crampwatch/v1/{id}/episodes. Settings come from CRAMPWATCH_* environment variables (README).
  --mqtt URL        broker URL (CRAMPWATCH_MQTT_URL, default mqtt://127.0.0.1:1883)
  --influx URL      InfluxDB 1.x HTTP URL (CRAMPWATCH_INFLUX_URL)
  --record FILE     also keep every message as a capture (PROTOCOL §7) for replay; a FILE ending
                    in .cwcap is the compact capture (binary frames as their bytes)
  --data-dir DIR    dead letters, spool and the local store (CRAMPWATCH_DATA_DIR, default .crampwatch)
With CRAMPWATCH_NATS_URL it runs as one of many workers on NATS JetStream instead (docs/scale-out.md).`;

export default async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { mqtt: { type: 'string' }, influx: { type: 'string' }, record: { type: 'string' }, 'data-dir': { type: 'string' } },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(process.env, { mqttUrl: values.mqtt, influxUrl: values.influx, dataDir: values['data-dir'] });
  const logger = createLogger({ level: config.logLevel });
  const store = await openStore(config, logger);
  const book = new NightBook(store);
  // before any night can end: the flag looks back over the nights stored by earlier runs
  await rememberStoredNights(book, nightRecordReader(config), { nowMs: Date.now(), logger });
  if (config.natsUrl) return runWorker(config, logger, store, book);
  let fatal: Error | undefined;
  let stopNow: () => void = () => {};
  let pipeline: LivePipeline | undefined;
  const publishSummary = (night: EndedNight) =>
    pipeline!.client.publish(topicFor.summary(night.summary.device), JSON.stringify(publishedSummary(night)), { qos: 1, retain: true });
  // a diary sent the next morning updates the night's stored and published summary, also when
  // the night was summarised by the run before this one
  const diaries = new DiaryBook(store);
  await rememberRecentNights(diaries, recentNightsReader(config), { nowMs: Date.now(), logger });
  const outputs = nightOutputs(book, diaries, publishSummary);
  pipeline = await startLivePipeline({
    config,
    store,
    logger,
    createCore: createDeviceCore,
    recordPath: values.record,
    onEpisode: (event) => book.episode(event),
    onMessage: (message) => outputs.message(message, pipeline!.ingestor.profile(message.device)),
    onNightEnded: (stats) => {
      const ingestor = pipeline!.ingestor;
      const { summary, flag, record } = outputs.nightEnded(stats, ingestor.profile(stats.device), ingestor.context(stats.device));
      logger.info({ device: stats.device, night: record.night, cramps: summary.cramps, seeDoctor: flag.flag, reasons: flag.codes, diary: summary.diary }, 'night summarised');
    },
    onFatal: (error) => {
      fatal = error;
      stopNow();
    },
  });
  await untilSignal(logger, (stop) => (stopNow = stop));
  await pipeline.stop();
  await store.close();
  if (fatal) {
    console.error(`crampwatch run: ${fatal.message}`);
    return 1;
  }
  return 0;
}

/** Resolves on SIGINT or SIGTERM, or when `stopper`'s function is called. */
function untilSignal(logger: Logger, stopper: (stop: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    stopper(() => resolve());
  });
}

/** CRAMPWATCH_NATS_URL: one of many workers (docs/scale-out.md). */
async function runWorker(config: Config, logger: Logger, store: NightStore, book: NightBook): Promise<number> {
  let worker: NatsWorker | undefined;
  // summaries go out on NATS (not retained: NATS cannot set the MQTT retain flag)
  const diaries = new DiaryBook(store);
  await rememberRecentNights(diaries, recentNightsReader(config), { nowMs: Date.now(), logger });
  const outputs = nightOutputs(book, diaries, (night) => worker?.publish(night.summary.device, 'summary', JSON.stringify(publishedSummary(night))));
  worker = await startNatsWorker({
    config,
    store,
    logger,
    createCore: createDeviceCore,
    // a night's episodes come with its end (the partition's runner keeps them, across owners)
    onMessage: (message, profile) => outputs.message(message, profile),
    onNightEnded: (stats, _counters, known) => {
      const { summary, flag, record } = outputs.nightEnded(stats, known.profile, known.context, known.episodes);
      logger.info({ device: stats.device, night: record.night, cramps: summary.cramps, seeDoctor: flag.flag, reasons: flag.codes }, 'night summarised');
    },
  });
  await untilSignal(logger, () => {});
  await worker.stop();
  await store.close();
  return 0;
}
