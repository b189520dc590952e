// Replays recorded nights (PROTOCOL §7, §9, §10.2) through the same Ingestor and DeviceCore as
// live traffic, with the captures' receive times as the clock. No broker, no database.
import type { DeviceCoreFactory, NightStats } from '../core/device-core.ts';
import type { CoreSink, Episode, LimbMovement, SignalPoint } from '../core/types.ts';
import type { DiaryEntry } from '../diary/record.ts';
import type { WirePayload } from '../protocol/decode.ts';
import type { RejectCode, Rejection } from '../protocol/rejection.ts';
import { isRejection, parseCaptureLine, payloadOf, type CaptureRecord } from './capture-line.ts';
import { Ingestor, type DeviceCounters } from './ingestor.ts';

export interface ReplayOptions {
  createCore: DeviceCoreFactory;
  /** also receives every core output (storage, plotting); replay keeps closed episodes itself */
  sink?: Partial<CoreSink>;
  onReject?(rejection: Rejection, topic: string, payload: WirePayload, rxMs: number): void;
  /** called every `progressEvery` lines, for long replays */
  onProgress?(lines: number): void;
  progressEvery?: number;
  /** a device's night ended (its capture ended): the Ingestor still knows its profile and context */
  onNightEnded?(stats: NightStats, ingestor: Ingestor): void;
  /** a wearer's diary arrived (PROTOCOL §10.4), with the wearer known then */
  onDiary?(entry: DiaryEntry): void;
}

export interface ReplayResult {
  /** closed episodes, in order of closing */
  episodes: Episode[];
  nightStats: NightStats[];
  /** the wearers' diaries (PROTOCOL §10.4), in order of arrival, with the wearer known then */
  diaries: DiaryEntry[];
  counters: Record<string, DeviceCounters>;
  rejects: Partial<Record<RejectCode, number>>;
  lines: number;
  /** first and last receive time seen */
  fromMs: number;
  toMs: number;
  ingestor: Ingestor;
}

export type ReplayLine = string | CaptureRecord | { raw: string };

/** Lines one by one, or in batches (readCaptureLineBatches): a batch costs one await, not one a line. */
export type ReplayInput = Iterable<ReplayLine | ReplayLine[]> | AsyncIterable<ReplayLine | ReplayLine[]>;

export async function replayLines(lines: ReplayInput, options: ReplayOptions): Promise<ReplayResult> {
  const session = new ReplaySession(options);
  await session.replay(lines);
  return session.result();
}

/**
 * Consecutive captures replayed as consecutive nights (PROTOCOL §10.2): one Ingestor throughout,
 * so what it keeps from one night to the next (profiles, the last context logs) is kept, as live.
 * Each capture ends its devices' nights when it ends, as a night's idle time does live.
 */
export class ReplaySession {
  private readonly episodes: Episode[] = [];
  private readonly nightStats: NightStats[] = [];
  private readonly counters: Record<string, DeviceCounters> = {};
  private readonly diaries: DiaryEntry[] = [];
  private readonly ingestor: Ingestor;
  private count = 0;
  /** base64 payloads are decoded here, one after the other: the decoded frame keeps none of it */
  private base64Bytes = Buffer.alloc(4096);
  private fromMs = Infinity;
  private toMs = -Infinity;

  constructor(private readonly options: ReplayOptions) {
    const sink: CoreSink = {
      episode: (event: Episode) => {
        if (event.event === 'close') this.episodes.push(event);
        options.sink?.episode?.(event);
      },
      signal(point: SignalPoint) {
        options.sink?.signal?.(point);
      },
      limbMovement(movement: LimbMovement) {
        options.sink?.limbMovement?.(movement);
      },
    };
    this.ingestor = new Ingestor(options.createCore, sink, {
      rejected: (rejection, topic, payload, rxMs) => {
        // a binary payload decoded into the reused buffer is the caller's own copy from here on
        const kept = 'bytes' in payload && payload.bytes.buffer === this.base64Bytes.buffer ? { bytes: payload.bytes.slice() } : payload;
        options.onReject?.(rejection, topic, kept, rxMs);
      },
      message: (message) => {
        if (message.kind !== 'diary') return;
        const entry: DiaryEntry = { device: message.device, wearer: this.ingestor.profile(message.device)?.wearer, diary: message.diary };
        this.diaries.push(entry);
        options.onDiary?.(entry);
      },
      nightEnded: (stats, deviceCounters) => {
        this.nightStats.push(stats);
        this.counters[stats.device] = addCounters(this.counters[stats.device], deviceCounters);
        options.onNightEnded?.(stats, this.ingestor);
      },
    });
  }

  /** One capture, then the end of its nights. */
  async replay(lines: ReplayInput): Promise<void> {
    for await (const item of lines) {
      if (Array.isArray(item)) for (let i = 0; i < item.length; i++) this.replayOne(item[i]);
      else this.replayOne(item);
    }
    this.ingestor.finish();
  }

  private replayOne(line: ReplayLine): void {
    const { options, ingestor } = this;
    this.count++;
    if (options.onProgress && this.count % (options.progressEvery ?? 100_000) === 0) options.onProgress(this.count);
    const record = toRecord(line);
    if (isRejection(record)) {
      ingestor.reject(record, '', { json: typeof line === 'string' ? line.slice(0, 200) : line }, this.toMs);
      return;
    }
    if (record.rx < this.fromMs) this.fromMs = record.rx;
    if (record.rx > this.toMs) this.toMs = record.rx;
    ingestor.handle(record.topic, record.frame ?? (record.b64 !== undefined ? this.base64Payload(record.b64) : payloadOf(record)), record.rx);
  }

  /** As payloadOf, into the reused buffer: a new Buffer a frame was a fifth of a binary replay's garbage. */
  private base64Payload(b64: string): { bytes: Uint8Array } {
    const length = Buffer.byteLength(b64, 'base64');
    if (length > this.base64Bytes.length) this.base64Bytes = Buffer.alloc(Math.max(length, 2 * this.base64Bytes.length));
    const written = this.base64Bytes.write(b64, 'base64');
    return { bytes: this.base64Bytes.subarray(0, written) };
  }

  result(): ReplayResult {
    return {
      episodes: this.episodes,
      nightStats: this.nightStats,
      diaries: this.diaries,
      counters: this.counters,
      rejects: Object.fromEntries(this.ingestor.rejects),
      lines: this.count,
      fromMs: Number.isFinite(this.fromMs) ? this.fromMs : 0,
      toMs: Number.isFinite(this.toMs) ? this.toMs : 0,
      ingestor: this.ingestor,
    };
  }
}

/** A device's counters over all its nights replayed so far. */
function addCounters(sum: DeviceCounters | undefined, night: DeviceCounters): DeviceCounters {
  if (!sum) return { ...night };
  const out = { ...sum };
  for (const key of Object.keys(night) as (keyof DeviceCounters)[]) out[key] += night[key];
  return out;
}

function toRecord(line: ReplayLine): CaptureRecord | Rejection {
  if (typeof line === 'string') return parseCaptureLine(line);
  if ('raw' in line) return parseCaptureLine(line.raw);
  return line;
}
