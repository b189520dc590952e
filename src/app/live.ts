// `crampwatch run`: frames from the broker through the Ingestor and the per-device cores, out to
// the store and the episodes topic. Adapters meet here; the core never sees them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { DeviceCoreFactory, NightStats } from '../core/device-core.ts';
import type { Episode } from '../core/types.ts';
import { ConfigError, type Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { NightStore } from '../adapters/store.ts';
import { openCaptureWriter } from '../adapters/capture/open-writer.ts';
import { ackGate, connectMqtt, waitForConnect } from '../adapters/mqtt/connection.ts';
import { redactedUrl } from '../redacted-url.ts';
import { guardSession } from '../adapters/mqtt/session-guard.ts';
import { captureRecordOf } from '../ingest/capture-line.ts';
import { Ingestor, type DeviceCounters } from '../ingest/ingestor.ts';
import type { InboundMessage } from '../protocol/decode.ts';
import { INBOUND_SUBSCRIPTIONS, topicFor } from '../protocol/topics.ts';
import { DeadLetters } from './dead-letter.ts';
import { EpisodeResumer } from './episode-resume.ts';
import { fanOut } from './fan-out.ts';

export interface LiveOptions {
  config: Config;
  store: NightStore;
  logger: Logger;
  createCore: DeviceCoreFactory;
  /** also write every message to this capture file */
  recordPath?: string;
  clock?: () => number;
  healthEveryMs?: number;
  /** called for every episode event, after it was stored and published */
  onEpisode?(event: Episode): void;
  /** a status, profile, context or diary arrived (valid) */
  onMessage?(message: Exclude<InboundMessage, { kind: 'frames' }>): void;
  /** a device's night ended (idle for nightIdleMs, or the pipeline stopped) */
  onNightEnded?(stats: NightStats, counters: DeviceCounters): void;
  /** a device silent this long has ended its night (default 30 min) */
  nightIdleMs?: number;
  /** the pipeline cannot go on (another pipeline holds its MQTT session): stop and report it */
  onFatal?(error: Error): void;
  /** see session-guard.ts (default 10 s) */
  sessionNewcomerMs?: number;
}

export interface LivePipeline {
  ingestor: Ingestor;
  client: MqttClient;
  /** messages taken from the broker so far */
  received(): number;
  /**
   * Stop taking messages (what the broker sends from now on stays unacknowledged and comes to
   * the next run), keep open episodes for the next run to continue or close (episode-resume.ts),
   * flush the store and the capture.
   */
  stop(): Promise<void>;
}

const TICK_MS = 250;

/** The broker's CA certificate, read once at start: a missing file stops the start, naming the setting. */
function readCaFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`bad setting CRAMPWATCH_MQTT_CA_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export async function startLivePipeline(options: LiveOptions): Promise<LivePipeline> {
  const { config, store, logger } = options;
  const clock = options.clock ?? Date.now;
  const deadLetters = new DeadLetters(join(config.dataDir, 'dead-letter.ndjson'), config.deadLetterMaxBytes, logger);
  const capture = options.recordPath ? openCaptureWriter(options.recordPath) : undefined;
  const client = connectMqtt({
    url: config.mqttUrl,
    clientId: config.mqttClientId,
    username: config.mqttUsername,
    password: config.mqttPassword,
    ca: config.mqttCaFile === undefined ? undefined : readCaFile(config.mqttCaFile),
    protocolVersion: config.mqttProtocol,
    persistentSession: true,
    logger,
  });
  guardSession(client, {
    url: config.mqttUrl,
    clientId: config.mqttClientId,
    logger,
    newcomerMs: options.sessionNewcomerMs,
    onTakenOver: (error) => {
      logger.error({ clientId: config.mqttClientId }, error.message);
      options.onFatal?.(error);
    },
  });
  const publisher = {
    episode(event: Episode) {
      client.publish(topicFor.episodes(event.device), JSON.stringify(event), { qos: 1 });
      if (event.event !== 'update') {
        logger.info({ device: event.device, event: event.event, muscle: event.muscle, start: new Date(event.start).toISOString(), durationS: event.duration_s, severity: event.severity }, `cramp ${event.event === 'open' ? 'started' : 'ended'}`);
      }
      options.onEpisode?.(event);
    },
  };
  const sink = fanOut([store, publisher]);
  // a cramp going on across a restart stays one episode (episode-resume.ts)
  const resumer = new EpisodeResumer(options.createCore, join(config.dataDir, 'open-episodes.json'));
  const ingestor = new Ingestor(resumer.factory, sink, {
    rejected: (rejection, topic, payload, rxMs) => deadLetters.keep(rejection, topic, payload, rxMs),
    message: (message) => {
      logger.info({ device: message.device, kind: message.kind }, `${message.kind} received`);
      options.onMessage?.(message);
    },
    nightEnded: (stats, counters) => {
      logger.info({ device: stats.device, hours: +(stats.recordedMs / 3_600_000).toFixed(2), frames: counters.frames, gaps: counters.gaps }, 'night ended');
      options.onNightEnded?.(stats, counters);
    },
  });
  let received = 0;
  // a message is acknowledged only after this listener has handled it, and not at all once
  // stop() began: then the broker redelivers it to the next run (see ackGate)
  const gate = ackGate(client);
  client.on('message', (topic, payload) => {
    if (!gate.taking()) return;
    received++;
    const rxMs = clock();
    capture?.write(captureRecordOf(topic, payload, rxMs));
    ingestor.handle(topic, { bytes: payload }, rxMs);
  });
  client.on('connect', () => {
    client.subscribe(INBOUND_SUBSCRIPTIONS, { qos: 1 }, (error) => {
      if (error) logger.error({ err: error.message }, 'subscription refused: check the pipeline user may read crampwatch/v1/+/frames');
    });
  });
  await waitForConnect(client, 15_000, config.mqttUrl);
  logger.info({ url: redactedUrl(config.mqttUrl), topics: INBOUND_SUBSCRIPTIONS }, 'listening for sensors');

  const nightIdleMs = options.nightIdleMs ?? 30 * 60_000;
  const startedAtMs = clock();
  let absentClosed = false;
  const tick = setInterval(() => {
    const now = clock();
    ingestor.tick(now);
    for (const device of ingestor.idleDevices(now - nightIdleMs)) ingestor.endNight(device);
    // a device silent for a night's idle time since we started will not continue its cramp
    if (!absentClosed && now - startedAtMs >= nightIdleMs) {
      absentClosed = true;
      resumer.closeAbsent(sink);
    }
  }, TICK_MS);
  const lastRejects = new Map<string, number>();
  const reportHealth = () => {
    const now = clock();
    for (const device of ingestor.deviceIds()) {
      const counters = ingestor.counters(device)!;
      const delay = ingestor.delayPercentiles(device);
      store.health({ device, tMs: now, ...counters, delayMsP50: delay?.p50, delayMsP99: delay?.p99 });
    }
    for (const [code, count] of ingestor.rejects) {
      if (lastRejects.get(code) === count) continue;
      lastRejects.set(code, count);
      store.rejects({ tMs: now, code, count });
    }
    deadLetters.flush();
  };
  const health = setInterval(reportHealth, options.healthEveryMs ?? 10_000);

  return {
    ingestor,
    client,
    received: () => received,
    async stop() {
      clearInterval(tick);
      clearInterval(health);
      gate.close();
      resumer.suspend();
      reportHealth(); // before finish(): ending the nights forgets the devices' counters
      ingestor.finish();
      await client.endAsync();
      await store.flush();
      await capture?.close();
      logger.info({ messages: received, rejects: ingestor.totalRejects() }, 'pipeline stopped');
    },
  };
}
