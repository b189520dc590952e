// `crampwatch run` with CRAMPWATCH_NATS_URL: one of many workers on NATS JetStream. Sensors
// speak MQTT to the NATS servers' MQTT listener; the servers map each device's messages onto
// one of PARTITIONS partitions and keep them in streams (topology.ts). This worker holds leases
// on some partitions (partition-leases.ts), and for each one it holds runs the partition
// (partition-runner.ts) and the partition's frame bridge, which moves the partition's sensor
// messages from the MQTT listener's store into the streams (frame-bridge.ts); it writes
// to the store and publishes episode events where MQTT apps receive them. Which worker owns what,
// and every move, goes to the store too (partition_owner, device_owner) for the Sensor health
// dashboard.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import type { DeviceCoreFactory, NightStats } from '../../core/device-core.ts';
import type { ContextLog, Episode, Profile } from '../../core/types.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { NightStore } from '../../adapters/store.ts';
import type { DeviceCounters } from '../../ingest/ingestor.ts';
import type { InboundMessage } from '../../protocol/decode.ts';
import { LEASE_TTL_MS, PARTITIONS, WORKERS_BUCKET, ensureTopology, outboundSubject, type Topology } from '../../adapters/nats/topology.ts';
import { DeadLetters } from '../dead-letter.ts';
import { fanOut } from '../fan-out.ts';
import { ensureBridgeConsumers, retireSingleBridgeConsumer } from '../../adapters/nats/mqtt-store.ts';
import { PartitionBridge, noBridgeCounters, type BridgeCounters } from './frame-bridge.ts';
import { PartitionLeases } from './partition-leases.ts';
import { PartitionRunner } from './partition-runner.ts';
import { watchMalformedTopics } from './malformed-topics.ts';
import type { IngestEvents } from '../../ingest/ingestor.ts';

/** The frames stream keeps at most a day; its size bound (CRAMPWATCH_NATS_FRAMES_MAX_BYTES) usually bites first. */
const FRAMES_MAX_AGE_MS = 24 * 3600_000;
const TICK_MS = 250;
/** how often a worker looks for the single bridge's consumer an older worker may have made again */
const RETIRE_CHECK_MS = 60_000;

export interface WorkerOptions {
  config: Config;
  store: NightStore;
  logger: Logger;
  createCore: DeviceCoreFactory;
  onEpisode?(event: Episode): void;
  /**
   * a device's night ended here (not at a hand-over: the next owner goes on with it); `episodes`
   * are the night's closed episodes, those closed under earlier owners included (night-carry.ts)
   */
  onNightEnded?(stats: NightStats, counters: DeviceCounters, known: { profile?: Profile; context?: ContextLog; episodes: Episode[] }): void;
  /** every frame handed to a core (tests count with it) */
  onFrame?(device: string, seq: number): void;
  /** a device's status, profile, context or diary arrived (as LiveOptions.onMessage), with its profile */
  onMessage?(message: Exclude<InboundMessage, { kind: 'frames' }>, profile: Profile | undefined): void;
  /** a device silent this long has ended its night (default 30 min) */
  nightIdleMs?: number;
  healthEveryMs?: number;
  /** the lease round (default 3 s); the lease lives LEASE_TTL_MS */
  renewEveryMs?: number;
}

export interface NatsWorker {
  readonly worker: string;
  nc: NatsConnection;
  /** partitions running here now */
  owned(): number[];
  /** messages rejected here so far: by all partitions this worker ran, and on malformed topics (malformed-topics.ts) */
  rejected(): number;
  /** whether this worker bridges any partition now, how many, and what its bridges did so far */
  bridge(): { holding: boolean; partitions: number } & BridgeCounters;
  /** publishes on the MQTT-derived subject of a device (summaries) */
  publish(device: string, kind: 'summary', payload: string): void;
  /** hands every partition over (last checkpoints written), flushes the store, leaves */
  stop(): Promise<void>;
}

export function defaultWorkerName(): string {
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 48) || 'worker';
  return `${host}-${process.pid}`;
}

async function connectNats(config: Config, name: string, logger: Logger): Promise<NatsConnection> {
  const servers = config.natsUrl!.split(',');
  const nc = await connect({
    servers,
    name,
    user: config.natsUsername,
    pass: config.natsPassword,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    timeout: 15_000,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') logger.warn({ server: status.server }, 'NATS server unreachable; reconnecting');
      else if (status.type === 'reconnect') logger.info({ server: status.server }, 'reconnected to NATS');
    }
  })();
  return nc;
}

/** JetStream may still be electing its leaders right after a cluster starts: try for a while. */
async function ensureWithRetry(nc: NatsConnection, config: Config, logger: Logger): Promise<Topology> {
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const topology = await ensureTopology(nc, jsm, { replicas: config.natsReplicas, framesMaxBytes: config.natsFramesMaxBytes, framesMaxAgeMs: FRAMES_MAX_AGE_MS, leaseTtlMs: LEASE_TTL_MS });
      await ensureBridgeConsumers(jsm, config.natsReplicas, PARTITIONS);
      if (await retireSingleBridgeConsumer(jsm)) logger.warn('deleted the single frame bridge\'s consumer (crampwatch_bridge) of an older version: each partition\'s owner bridges it now');
      return topology;
    } catch (error) {
      if (/CRAMPWATCH_NATS_/.test((error as Error).message) || Date.now() > deadline) throw error;
      logger.warn({ err: (error as Error).message }, 'JetStream not ready yet; trying again');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export async function startNatsWorker(options: WorkerOptions): Promise<NatsWorker> {
  const { config, store } = options;
  const worker = config.natsWorker ?? defaultWorkerName();
  const logger = options.logger.child({ worker });
  const nc = await connectNats(config, worker, logger);
  const topology = await ensureWithRetry(nc, config, logger);
  const js = jetstream(nc, { timeout: 10_000 });
  const deadLetters = new DeadLetters(join(config.dataDir, 'dead-letter.ndjson'), config.deadLetterMaxBytes, logger);
  const publisher = {
    episode(event: Episode) {
      nc.publish(outboundSubject(event.device, 'episodes'), JSON.stringify(event));
      if (event.event !== 'update') {
        logger.info({ device: event.device, event: event.event, muscle: event.muscle, start: new Date(event.start).toISOString(), durationS: event.duration_s, severity: event.severity }, `cramp ${event.event === 'open' ? 'started' : 'ended'}`);
      }
      options.onEpisode?.(event);
    },
  };
  const sink = fanOut([store, publisher]);
  const runners = new Map<number, PartitionRunner>();
  const bridges = new Map<number, PartitionBridge>();
  const bridgeCounters = noBridgeCounters();
  const bridgeJsm = await jetstreamManager(nc, { timeout: 10_000 });
  const stopBridge = async (partition: number, finish: boolean) => {
    const bridge = bridges.get(partition);
    bridges.delete(partition);
    await bridge?.stop(finish);
  };
  const rejects = new Map<string, number>();
  let rejectedTotal = 0;
  // every rejection of this worker, its partitions' and the malformed topics' it took: one count, one dead-letter file
  const rejected: IngestEvents['rejected'] = (rejection, topic, payload, rxMs) => {
    rejects.set(rejection.code, (rejects.get(rejection.code) ?? 0) + 1);
    rejectedTotal++;
    deadLetters.keep(rejection, topic, payload, rxMs);
  };
  const recordOwnership = (partition: number, event: 'acquired' | 'released' | 'lost', devices: number, epoch?: number) => {
    store.record('partition_owner', { worker, partition: String(partition) }, { event, devices, ...(epoch === undefined ? {} : { epoch }) }, Date.now());
    logger.info({ partition, event, devices }, `partition ${event}`);
  };

  let leases: PartitionLeases;
  const dropRunner = async (partition: number, how: 'handover' | 'fenced') => {
    // the bridge first: at a hand-over its last batch reaches the stream and is acknowledged;
    // fenced, what it holds is left unacknowledged for the new owner to read back
    await stopBridge(partition, how === 'handover');
    const runner = runners.get(partition);
    if (!runner) return;
    runners.delete(partition);
    const devices = runner.deviceIds().length;
    await runner.stop(how);
    recordOwnership(partition, how === 'handover' ? 'released' : 'lost', devices);
  };
  leases = new PartitionLeases(
    await jetstreamManager(nc, { timeout: 10_000 }),
    topology.leases,
    topology.workers,
    WORKERS_BUCKET,
    worker,
    PARTITIONS,
    {
      acquire: async (partition, epoch) => {
        // the partition's bridge at once, beside the runner's take-over: it feeds the stream the
        // runner reads from where the checkpoint says
        bridges.set(partition, new PartitionBridge({ nc, js, jsm: bridgeJsm, partition, logger, counters: bridgeCounters }));
        const runner = await PartitionRunner.start({
          js,
          checkpoints: topology.checkpoints,
          worker,
          partition,
          epoch,
          createCore: options.createCore,
          sink,
          logger,
          events: {
            rejected,
            message: (message) => {
              logger.debug({ device: message.device, kind: message.kind }, `${message.kind} received`);
              options.onMessage?.(message, runners.get(partition)?.ingestor.profile(message.device));
            },
            nightEnded: (stats, counters, episodes) => {
              logger.info({ device: stats.device, hours: +(stats.recordedMs / 3_600_000).toFixed(2), frames: counters.frames, gaps: counters.gaps }, 'night ended');
              const ingestor = runners.get(partition)?.ingestor;
              options.onNightEnded?.(stats, counters, { profile: ingestor?.profile(stats.device), context: ingestor?.context(stats.device), episodes });
            },
          },
          onFenced: (p) => {
            leases.forget(p);
            void dropRunner(p, 'fenced');
          },
          onFrame: options.onFrame && ((device, seq) => options.onFrame!(device, seq)),
          onStreamLoss: (p, fromSeq, toSeq) => store.record('stream_loss', { worker, partition: String(p) }, { from_seq: fromSeq, to_seq: toSeq }, Date.now()),
        }).catch(async (error: Error) => {
          // given back (PartitionLeases deletes the lease): its bridge stops with it
          await stopBridge(partition, false);
          throw error;
        });
        runners.set(partition, runner);
        recordOwnership(partition, 'acquired', 0, epoch);
      },
      release: (partition) => dropRunner(partition, 'handover'),
      lost: (partition) => dropRunner(partition, 'fenced'),
    },
    logger,
    options.renewEveryMs,
  );
  leases.start();
  const malformed = watchMalformedTopics({ nc, logger, rejected });
  // a worker of an older version may make the single bridge's consumer again at its start; left
  // alone, once no older worker acknowledges on it, $MQTT_msgs would keep every message
  const retire = setInterval(() => {
    void retireSingleBridgeConsumer(bridgeJsm).then((deleted) => deleted && logger.warn('deleted the single frame bridge\'s consumer (crampwatch_bridge) an older worker made'), () => {});
  }, RETIRE_CHECK_MS);

  const nightIdleMs = options.nightIdleMs ?? 30 * 60_000;
  const tick = setInterval(() => {
    const now = Date.now();
    for (const runner of runners.values()) runner.tick(now, nightIdleMs);
  }, TICK_MS);
  const lastRejects = new Map<string, number>();
  const reportHealth = () => {
    const now = Date.now();
    for (const runner of runners.values()) {
      for (const device of runner.deviceIds()) {
        const counters = runner.ingestor.counters(device)!;
        const delay = runner.ingestor.delayPercentiles(device);
        store.health({ device, tMs: now, ...counters, delayMsP50: delay?.p50, delayMsP99: delay?.p99 });
        store.record('device_owner', { device, worker }, { partition: runner.partition }, now);
      }
    }
    store.record('worker', { worker }, { partitions: runners.size, bridges: bridges.size }, now);
    store.record('bridge', { worker }, { ...bridgeCounters }, now);
    logger.info({ ...bridgeCounters, partitions: bridges.size }, 'bridge');
    for (const [code, count] of rejects) {
      if (lastRejects.get(code) === count) continue;
      lastRejects.set(code, count);
      store.rejects({ tMs: now, code, count });
    }
    deadLetters.flush();
  };
  const health = setInterval(reportHealth, options.healthEveryMs ?? 10_000);
  logger.info({ servers: config.natsUrl!.split(',').length, partitions: PARTITIONS }, 'worker started; taking partitions');

  return {
    worker,
    nc,
    owned: () => [...runners.keys()].sort((a, b) => a - b),
    rejected: () => rejectedTotal,
    bridge: () => ({ holding: bridges.size > 0, partitions: bridges.size, ...bridgeCounters }),
    publish: (device, kind, payload) => nc.publish(outboundSubject(device, kind), payload),
    async stop() {
      clearInterval(tick);
      clearInterval(retire);
      malformed.stop();
      // each partition handed over: its bridge's last batch first, then its runner (dropRunner)
      await leases.stop();
      reportHealth();
      clearInterval(health);
      await store.flush();
      await nc.drain().catch(() => {});
      logger.info({ rejects: rejectedTotal }, 'worker stopped');
    },
  };
}
