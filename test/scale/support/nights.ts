// Short simulated nights for the scale-out tests: firmware-sim presets (clean transport), each
// device renamed so several nights make one ward of sensors, sent over MQTT as sensors would
// (one connection per device, QoS 1), and the worker processes that take them.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { nightMessages, randomNightSpec } from '../../../firmware-sim/src/index.ts';
import { createDeviceCore } from '../../../src/app/core-factory.ts';
import type { BridgeCounters } from '../../../src/app/nats/frame-bridge.ts';
import type { Episode } from '../../../src/core/types.ts';
import { payloadOf, type CaptureRecord } from '../../../src/ingest/capture-line.ts';
import { replayLines } from '../../../src/ingest/replay.ts';
import { startReportingChild } from './reporting-child.ts';

/**
 * The records of preset nights, their devices renamed `${prefix}-0`, `${prefix}-1`, … With
 * `aroundCramps`, only the frames from that long before the night's first true cramp to 20 s
 * after its last (quick tests; a replay of the same records is the reference either way).
 */
export function ward(nights: [preset: string, seed: number, prefix: string][], options: { aroundCrampsMs?: number } = {}): CaptureRecord[] {
  const all: CaptureRecord[] = [];
  for (const [preset, seed, prefix] of nights) {
    const spec = randomNightSpec(seed, { preset, emgFsHz: 1000, lsbUv: 0.25 });
    const rename = new Map(spec.devices.map((d, i) => [d.id, `${prefix}-${i}`]));
    const cramps = spec.truth.filter((e) => e.kind === 'cramp');
    const fromMs = options.aroundCrampsMs === undefined || cramps.length === 0 ? -Infinity : Math.min(...cramps.map((e) => e.start)) - options.aroundCrampsMs;
    const toMs = options.aroundCrampsMs === undefined || cramps.length === 0 ? Infinity : Math.max(...cramps.map((e) => e.end)) + 20_000;
    for (const line of nightMessages(spec)) {
      const record = line as CaptureRecord;
      if (typeof record.topic !== 'string') continue;
      const t = (record.json as { t?: number } | undefined)?.t;
      if (record.topic.endsWith('/frames') && typeof t === 'number' && (t < fromMs || t > toMs)) continue;
      const [, , id, kind] = record.topic.split('/');
      all.push({ ...record, topic: `crampwatch/v1/${rename.get(id) ?? id}/${kind}` });
    }
  }
  // nights side by side, as sensors of one ward send them: in receive order, re-timed to start together
  const starts = new Map<string, number>();
  for (const r of all) {
    const device = r.topic.split('/')[2];
    if (!starts.has(device)) starts.set(device, r.rx);
  }
  return all.map((r) => ({ ...r, rx: r.rx - starts.get(r.topic.split('/')[2])! })).sort((a, b) => a.rx - b.rx);
}

export const deviceOf = (record: CaptureRecord) => record.topic.split('/')[2];
export const isFrame = (record: CaptureRecord) => record.topic.endsWith('/frames');

export function bytesOf(record: CaptureRecord): Buffer {
  const payload = payloadOf(record);
  return 'bytes' in payload ? Buffer.from(payload.bytes) : Buffer.from(JSON.stringify(payload.json));
}

export async function replayEpisodes(records: CaptureRecord[]): Promise<Episode[]> {
  return (await replayLines(records, { createCore: createDeviceCore })).episodes;
}

/** One MQTT connection per device, as sensors have. */
export class Sensors {
  private readonly clients = new Map<string, MqttClient>();
  acked = 0;

  /** `urls`: the first is connected to; the others are where a sensor goes when it is lost */
  constructor(private readonly urls: string | string[]) {}

  private async client(device: string): Promise<MqttClient> {
    let client = this.clients.get(device);
    if (!client) {
      const urls = [this.urls].flat();
      const servers = urls.map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port) }));
      client = await mqtt.connectAsync(urls[0], { clientId: `sensor-${device}-${Math.random().toString(16).slice(2, 6)}`, clean: true, reconnectPeriod: 500, connectTimeout: 5000, ...(servers.length > 1 ? { servers } : {}) });
      this.clients.set(device, client);
    }
    return client;
  }

  /**
   * Sends records in order, each device's on its own connection; `speed` paces them by their
   * receive times (Infinity: as fast as the broker acknowledges). Resolves once all are acknowledged
   * (frames sent with QoS 0: once written).
   */
  async send(
    records: CaptureRecord[],
    speed = Infinity,
    shouldStop?: () => boolean,
    options: { framesQos?: 0 | 1; onPublish?: (record: CaptureRecord, atMs: number) => void } = {},
  ): Promise<void> {
    const { framesQos = 1, onPublish } = options;
    const started = Date.now();
    const t0 = records[0]?.rx ?? 0;
    const pending: Promise<unknown>[] = [];
    for (const record of records) {
      if (shouldStop?.()) break;
      if (Number.isFinite(speed)) {
        const due = (record.rx - t0) / speed - (Date.now() - started);
        if (due > 2) await new Promise((r) => setTimeout(r, due));
      }
      const client = await this.client(deviceOf(record));
      const retain = /\/(status|profile)$/.test(record.topic);
      onPublish?.(record, Date.now());
      pending.push(client.publishAsync(record.topic, bytesOf(record), { qos: isFrame(record) ? framesQos : 1, retain }).then(() => this.acked++));
      if (pending.length >= 2000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  }

  async end(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.endAsync()));
  }
}

const SCRIPT = resolve(import.meta.dirname, 'worker-process.ts');

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  owned(): number[];
  /** whether it bridges any partition, how many, and its bridges' counts (frame-bridge.ts) */
  bridge(): ({ holding: boolean; partitions: number } & BridgeCounters) | undefined;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorker(natsUrl: string, dir: string, framesFile: string, name: string, replicas: 1 | 3): Promise<WorkerProcess> {
  let owned: number[] = [];
  let bridge: ({ holding: boolean; partitions: number } & BridgeCounters) | undefined;
  const args = [natsUrl, resolve(dir, `data-${name}`), framesFile, name, String(replicas)];
  const { child, exit } = await startReportingChild(`worker ${name}`, SCRIPT, args, resolve(import.meta.dirname, '../../..'), (line) => {
    if (line.startsWith('bridge ')) bridge = JSON.parse(line.slice(7));
    if (line.startsWith('owned ')) owned = line.slice(6) === '' ? [] : line.slice(6).split(',').map(Number);
  });
  return { name, child, owned: () => owned, bridge: () => bridge, kill: () => exit('SIGKILL'), stop: () => exit('SIGTERM') };
}

/** When each (`device seq`) was first handed to a worker's core, wall-clock ms (the workers' "device seq ms" lines). */
export function processedTimes(framesFile: string): Map<string, number> {
  const times = new Map<string, number>();
  if (!existsSync(framesFile)) return times;
  for (const line of readFileSync(framesFile, 'utf8').split('\n')) {
    const [device, seq, atMs] = line.split(' ');
    const key = `${device} ${seq}`;
    if (atMs && !times.has(key)) times.set(key, Number(atMs));
  }
  return times;
}

/** "device seq ms" lines the workers wrote, as [device, seq] pairs. */
export function processedFrames(framesFile: string): [string, number][] {
  if (!existsSync(framesFile)) return [];
  return readFileSync(framesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [device, seq] = line.split(' ');
      return [device, Number(seq)];
    });
}

/** Every (device, seq) of the frames sent, against those processed: what is missing, how many twice. */
export function frameAccount(records: CaptureRecord[], framesFile: string): { sent: number; distinct: number; missing: string[]; repeats: number } {
  const sent = new Set<string>();
  for (const r of records) if (isFrame(r)) sent.add(`${deviceOf(r)} ${(r.json as { seq: number }).seq}`);
  // only these nights' frames: a worker may also finish an earlier test's
  const processed = processedFrames(framesFile).map(([d, s]) => `${d} ${s}`).filter((k) => sent.has(k));
  const distinct = new Set(processed);
  return { sent: sent.size, distinct: distinct.size, missing: [...sent].filter((k) => !distinct.has(k)), repeats: processed.length - distinct.size };
}
