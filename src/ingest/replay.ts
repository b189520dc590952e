// Replays a recorded night (PROTOCOL §7, §9) through the same Ingestor and DeviceCore as live
// traffic, with the capture's receive times as the clock. No broker, no database.
import type { DeviceCoreFactory, NightStats } from '../core/device-core.ts';
import type { CoreSink, Episode, LimbMovement, SignalPoint } from '../core/types.ts';
import type { Payload } from '../protocol/decode.ts';
import type { RejectCode, Rejection } from '../protocol/rejection.ts';
import { isRejection, parseCaptureLine, payloadOf, type CaptureRecord } from './capture-line.ts';
import { Ingestor, type DeviceCounters } from './ingestor.ts';

export interface ReplayOptions {
  createCore: DeviceCoreFactory;
  /** also receives every core output (storage, plotting); replay keeps closed episodes itself */
  sink?: Partial<CoreSink>;
  onReject?(rejection: Rejection, topic: string, payload: Payload, rxMs: number): void;
  /** called every `progressEvery` lines, for long replays */
  onProgress?(lines: number): void;
  progressEvery?: number;
}

export interface ReplayResult {
  /** closed episodes, in order of closing */
  episodes: Episode[];
  nightStats: NightStats[];
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
export async function replayLines(lines: Iterable<ReplayLine | ReplayLine[]> | AsyncIterable<ReplayLine | ReplayLine[]>, options: ReplayOptions): Promise<ReplayResult> {
  const episodes: Episode[] = [];
  const sink: CoreSink = {
    episode(event: Episode) {
      if (event.event === 'close') episodes.push(event);
      options.sink?.episode?.(event);
    },
    signal(point: SignalPoint) {
      options.sink?.signal?.(point);
    },
    limbMovement(movement: LimbMovement) {
      options.sink?.limbMovement?.(movement);
    },
  };
  const nightStats: NightStats[] = [];
  const counters: Record<string, DeviceCounters> = {};
  const ingestor = new Ingestor(options.createCore, sink, {
    rejected: (rejection, topic, payload, rxMs) => options.onReject?.(rejection, topic, payload, rxMs),
    nightEnded: (stats, deviceCounters) => {
      nightStats.push(stats);
      counters[stats.device] = deviceCounters;
    },
  });
  const progressEvery = options.progressEvery ?? 100_000;
  let count = 0;
  let fromMs = Infinity;
  let toMs = -Infinity;
  const replayOne = (line: ReplayLine): void => {
    count++;
    if (options.onProgress && count % progressEvery === 0) options.onProgress(count);
    const record = toRecord(line);
    if (isRejection(record)) {
      ingestor.reject(record, '', { json: typeof line === 'string' ? line.slice(0, 200) : line }, toMs);
      return;
    }
    if (record.rx < fromMs) fromMs = record.rx;
    if (record.rx > toMs) toMs = record.rx;
    ingestor.handle(record.topic, payloadOf(record), record.rx);
  };
  for await (const item of lines) {
    if (Array.isArray(item)) for (let i = 0; i < item.length; i++) replayOne(item[i]);
    else replayOne(item);
  }
  ingestor.finish();
  return {
    episodes,
    nightStats,
    counters,
    rejects: Object.fromEntries(ingestor.rejects),
    lines: count,
    fromMs: Number.isFinite(fromMs) ? fromMs : 0,
    toMs: Number.isFinite(toMs) ? toMs : 0,
    ingestor,
  };
}

function toRecord(line: ReplayLine): CaptureRecord | Rejection {
  if (typeof line === 'string') return parseCaptureLine(line);
  if ('raw' in line) return parseCaptureLine(line.raw);
  return line;
}
