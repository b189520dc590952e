// What crampwatch keeps in NATS JetStream, declared once: the partitioned ingress subjects the
// server's mappings make of the sensors' MQTT topics, the subjects of the streams the frame
// bridge moves them into, the streams, and the KV buckets that
// say who owns which partition and how far each partition has been processed. Workers create
// what is missing at start (idempotent); the server configuration (deploy/nats/, the tests'
// helper) carries the mappings, from serverMappings() below.
import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { mqttLevelOfToken } from './mqtt-subject.ts';

/**
 * Partitions of the frames: fixed for the life of a deployment, since nats-server's
 * `{{partition(N, …)}}` is FNV-1a mod N and changing N moves most devices (doubling splits
 * each partition in two). 64 leaves room for 64 workers; at ~1,000 sensors a worker core that
 * is 64,000 sensors before a change is due (docs/scale-out.md).
 */
export const PARTITIONS = 64;

export const FRAMES_STREAM = 'CRAMPWATCH_FRAMES';
export const META_STREAM = 'CRAMPWATCH_META';
export const LEASES_BUCKET = 'crampwatch_leases';
export const WORKERS_BUCKET = 'crampwatch_workers';
export const CHECKPOINTS_BUCKET = 'crampwatch_checkpoints';

/** Inbound kinds other than frames: few, small, needed by the device's owner whenever it changes. */
export const META_KINDS = ['status', 'profile', 'context', 'diary'] as const;

/**
 * Where the servers' mappings put a device's inbound MQTT messages (crampwatch/v1/{id}/{kind} →
 * crampwatch.in.{P}.{id}.{kind}, P its partition). No stream captures these subjects: a plain
 * capture is asynchronous and reports to nobody, so a frame the MQTT listener had acknowledged
 * could miss the stream (docs/scale-out.md). The frame bridge (src/app/nats/frame-bridge.ts)
 * moves each one from the listener's own replicated store into the streams below.
 */
export const ingressSubject = (partition: number | '*', device = '*', kind = '*') => `crampwatch.in.${partition}.${device}.${kind}`;
export const framesSubject = (partition: number | '*', device = '*') => `crampwatch.part.${partition}.${device}.frames`;
export const metaSubject = (partition: number | '*', device = '*', kind = '*') => `crampwatch.meta.${partition}.${device}.${kind}`;
/** Outbound (episodes, summaries) stay on the MQTT-derived subjects, so MQTT apps receive them. */
export const outboundSubject = (device: string, kind: 'episodes' | 'summary') => `crampwatch.v1.${device}.${kind}`;

/** The stream subject an ingress subject goes to (crampwatch.in.7.leg-01.frames → crampwatch.part.7.leg-01.frames). */
export function streamSubjectOf(ingress: string): string | undefined {
  const tokens = ingress.split('.');
  if (tokens.length !== 5 || tokens[1] !== 'in') return undefined;
  const [, , partition, device, kind] = tokens;
  if (kind === 'frames') return `crampwatch.part.${partition}.${device}.frames`;
  return (META_KINDS as readonly string[]).includes(kind) ? `crampwatch.meta.${partition}.${device}.${kind}` : undefined;
}

/**
 * The MQTT topic a partitioned subject came from (crampwatch.part.7.leg-01.frames →
 * crampwatch/v1/leg-01/frames), its levels as the sensor sent them (an empty id is the token
 * '/'), so a bad one is rejected for what it is, as the single process rejects it.
 */
export function topicOfSubject(subject: string): string {
  const tokens = subject.split('.');
  return `crampwatch/v1/${mqttLevelOfToken(tokens[3])}/${mqttLevelOfToken(tokens[4])}`;
}

/**
 * Where a sensor's or app's message on a malformed topic arrives: every subject under the
 * protocol's `crampwatch/v1/` that no mapping took (an unknown kind, a level too many or too
 * few). The mappings move every well-formed inbound topic off it, so what arrives here, but for
 * the outbound kinds the workers publish themselves, is a rejection to count
 * (src/app/nats/malformed-topics.ts).
 */
export const UNMAPPED_SUBJECTS = 'crampwatch.v1.>';
/** One queue group over all workers: each such message is counted once, by one worker. */
export const MALFORMED_QUEUE = 'crampwatch_malformed';
const OUTBOUND_KINDS: readonly string[] = ['episodes', 'summary'];

/** Whether a subject is one the workers publish on (crampwatch.v1.{id}.episodes or .summary). */
export function isOutboundSubject(subject: string): boolean {
  const tokens = subject.split('.');
  return tokens.length === 4 && tokens[0] === 'crampwatch' && tokens[1] === 'v1' && OUTBOUND_KINDS.includes(tokens[3]);
}

/**
 * The `mappings` block of a nats-server configuration: each inbound MQTT-derived subject onto
 * its partition's ingress subject, by the device id token. Frames and the device's other
 * messages land in the same partition number, so its owner finds both.
 */
export function serverMappings(partitions = PARTITIONS): string {
  const lines = ['frames', ...META_KINDS].map((kind) => `  "crampwatch.v1.*.${kind}": "crampwatch.in.{{partition(${partitions},1)}}.{{wildcard(1)}}.${kind}"`);
  return `mappings = {\n${lines.join('\n')}\n}\n`;
}

export interface TopologyOptions {
  /** 3 in a cluster (an acknowledged frame survives a node's loss), 1 on a single node */
  replicas: number;
  /** the frames stream's size bound; the oldest frames go first beyond it (counted by the workers) */
  framesMaxBytes: number;
  /** the frames stream keeps at most this long (≥ 1 h, so all workers can be down an hour) */
  framesMaxAgeMs: number;
  /** a partition lease not renewed this long is free */
  leaseTtlMs: number;
}

export const LEASE_TTL_MS = 9_000;

export function framesStreamConfig(options: TopologyOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: FRAMES_STREAM,
    subjects: [framesSubject('*')],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas,
    max_bytes: options.framesMaxBytes,
    max_age: options.framesMaxAgeMs * 1_000_000,
    // a frame is at most 256 KiB (PROTOCOL §3)
    max_msg_size: 256 * 1024 + 1024,
  };
}

export function metaStreamConfig(options: TopologyOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: META_STREAM,
    subjects: [metaSubject('*')],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas,
    // the last 8 of each: the latest profile and status win, and cause inference reads the last
    // 8 context logs (src/causes/context-logs.ts)
    max_msgs_per_subject: 8,
    max_bytes: 1024 * 1024 * 1024,
    max_msg_size: 256 * 1024 + 1024,
  };
}

export interface Topology {
  leases: KV;
  workers: KV;
  checkpoints: KV;
}

/** Creates the streams and buckets that are missing, and updates the frames bound if it changed. */
export async function ensureTopology(nc: NatsConnection, jsm: JetStreamManager, options: TopologyOptions): Promise<Topology> {
  for (const config of [framesStreamConfig(options), metaStreamConfig(options)]) {
    const existing = await jsm.streams.info(config.name!).catch(() => undefined);
    if (!existing) {
      await jsm.streams.add(config).catch((error: Error) => {
        throw explainStreamError(error, options);
      });
    } else if (existing.config.max_bytes !== config.max_bytes || existing.config.max_age !== config.max_age) {
      await jsm.streams.update(config.name!, { ...existing.config, max_bytes: config.max_bytes, max_age: config.max_age });
    }
  }
  const kvm = new Kvm(nc);
  const bucket = (name: string, ttl?: number) => kvm.create(name, { history: 1, replicas: options.replicas, ttl, storage: StorageType.File });
  return {
    leases: await bucket(LEASES_BUCKET, options.leaseTtlMs),
    workers: await bucket(WORKERS_BUCKET, options.leaseTtlMs),
    checkpoints: await bucket(CHECKPOINTS_BUCKET),
  };
}

function explainStreamError(error: Error, options: TopologyOptions): Error {
  if (/insufficient storage/i.test(error.message)) {
    return new Error(`NATS has less JetStream storage than the frames stream's bound asks for (${error.message}): lower CRAMPWATCH_NATS_FRAMES_MAX_BYTES (now ${options.framesMaxBytes} bytes) or raise max_file_store on the NATS servers`);
  }
  if (/insufficient resources|replicas/i.test(error.message) && options.replicas > 1) {
    return new Error(`NATS could not place a stream on ${options.replicas} JetStream servers (${error.message}): run a cluster of ${options.replicas}, or set CRAMPWATCH_NATS_REPLICAS=1 for a single server (then a frame does not survive that server's disk)`);
  }
  return error;
}
