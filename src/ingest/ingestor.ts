// Routes validated messages to one DeviceCore per device, through that device's sequencer, and
// counts what happens to every message. Pure: no I/O, the clock comes in with each message.
import { ContextLogs } from '../causes/context-logs.ts';
import type { DeviceCore, DeviceCoreFactory, NightStats } from '../core/device-core.ts';
import type { ContextLog, CoreSink, Profile } from '../core/types.ts';
import { decodeMessage, wirePayload, type InboundMessage, type Payload, type WirePayload } from '../protocol/decode.ts';
import type { Status } from '../protocol/messages.ts';
import type { RejectCode, Rejection } from '../protocol/rejection.ts';
import { DEFAULT_SEQUENCER_OPTIONS, FrameSequencer, frameEndMs, type SequencerOptions } from './sequencer.ts';

export interface DeviceCounters {
  frames: number;
  duplicates: number;
  late: number;
  gaps: number;
  missingFrames: number;
  missingMs: number;
  reordered: number;
}

export interface IngestEvents {
  /** a message was turned away: keep it somewhere a person can inspect it */
  rejected(rejection: Rejection, topic: string, payload: WirePayload, rxMs: number): void;
  /** a device's status, profile or context arrived (for storage and logs) */
  message?(message: Exclude<InboundMessage, { kind: 'frames' }>): void;
  /** a device's night ended (end of stream, idle, or stop): its statistics and ingest counters */
  nightEnded?(stats: NightStats, counters: DeviceCounters): void;
}

interface DeviceState {
  core: DeviceCore;
  sequencer: FrameSequencer;
  counters: DeviceCounters;
  /** receive time of the last message from this device */
  lastRxMs: number;
  /** delays from a frame's last sample to its processing, ms: a ring for percentiles (float32: 1 ms steps up to hours, half the bytes) */
  delaysMs: Float32Array;
  delayCount: number;
}

const DELAY_RING = 512;

function newCounters(): DeviceCounters {
  return { frames: 0, duplicates: 0, late: 0, gaps: 0, missingFrames: 0, missingMs: 0, reordered: 0 };
}

export class Ingestor {
  readonly rejects = new Map<RejectCode, number>();
  private readonly devices = new Map<string, DeviceState>();
  /** what a device told us about itself; outlives its nights */
  private readonly known = new Map<string, { status?: Status; profile?: Profile; contexts?: ContextLogs }>();

  constructor(
    private readonly createCore: DeviceCoreFactory,
    private readonly sink: CoreSink,
    private readonly events: IngestEvents,
    private readonly sequencerOptions: SequencerOptions = DEFAULT_SEQUENCER_OPTIONS,
  ) {}

  /** One message as it crossed the broker. Never throws on bad input. */
  handle(topic: string, payload: Payload, rxMs: number): void {
    const message = decodeMessage(topic, payload);
    if (!message.ok) {
      this.reject(message, topic, payload, rxMs);
      return;
    }
    const known = this.knownOf(message.device);
    const state = this.devices.get(message.device);
    switch (message.kind) {
      case 'frames': {
        const device = state ?? this.device(message.device);
        device.lastRxMs = rxMs;
        device.sequencer.push(message.frame, rxMs);
        recordDelay(device, rxMs - frameEndMs(message.frame));
        device.sequencer.tick(rxMs);
        return;
      }
      case 'profile':
        known.profile = message.profile;
        state?.core.setProfile(message.profile);
        break;
      case 'context':
        (known.contexts ??= new ContextLogs()).add(message.context);
        state?.core.addContext(message.context);
        break;
      case 'status':
        known.status = message.status;
        break;
    }
    this.events.message?.(message);
  }

  /** Counts a rejection found outside decodeMessage (e.g. an unreadable capture line). */
  reject(rejection: Rejection, topic: string, payload: Payload, rxMs: number): void {
    this.rejects.set(rejection.code, (this.rejects.get(rejection.code) ?? 0) + 1);
    this.events.rejected(rejection, topic, wirePayload(payload), rxMs);
  }

  /** Declares overdue gaps on every device; call from a timer live. */
  tick(nowMs: number): void {
    for (const state of this.devices.values()) state.sequencer.tick(nowMs);
  }

  /** End of stream: emit what waits and close open episodes, on every device. */
  finish(): NightStats[] {
    return this.deviceIds().map((device) => this.endNight(device)!);
  }

  /**
   * Ends a device's night: emits what waits, closes what is open, and forgets the night's state,
   * so that its next frame starts a fresh core. Profile and context are kept.
   */
  endNight(device: string): NightStats | undefined {
    const state = this.devices.get(device);
    if (!state) return undefined;
    state.sequencer.flush();
    state.core.finish();
    this.devices.delete(device);
    const stats = state.core.nightStats();
    this.events.nightEnded?.(stats, { ...state.counters, reordered: state.sequencer.reordered });
    return stats;
  }

  /** Devices whose last message came before idleSinceMs. */
  idleDevices(idleSinceMs: number): string[] {
    return [...this.devices].filter(([, state]) => state.lastRxMs < idleSinceMs).map(([device]) => device);
  }

  deviceIds(): string[] {
    return [...this.devices.keys()];
  }

  counters(device: string): DeviceCounters | undefined {
    const state = this.devices.get(device);
    return state && { ...state.counters, reordered: state.sequencer.reordered };
  }

  profile(device: string): Profile | undefined {
    return this.known.get(device)?.profile;
  }

  context(device: string): ContextLog | undefined {
    return this.known.get(device)?.contexts?.latest();
  }

  status(device: string): Status | undefined {
    return this.known.get(device)?.status;
  }

  /** p50 and p99 of recent delays from last sample to processing, ms. */
  delayPercentiles(device: string): { p50: number; p99: number } | undefined {
    const state = this.devices.get(device);
    if (!state || state.delayCount === 0) return undefined;
    const sorted = state.delaysMs.slice(0, Math.min(state.delayCount, DELAY_RING)).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p99: at(0.99) };
  }

  totalRejects(): number {
    let total = 0;
    for (const count of this.rejects.values()) total += count;
    return total;
  }

  private knownOf(device: string) {
    let known = this.known.get(device);
    if (!known) this.known.set(device, (known = {}));
    return known;
  }

  private device(id: string): DeviceState {
    const core = this.createCore(id, this.sink);
    const known = this.knownOf(id);
    if (known.profile) core.setProfile(known.profile);
    for (const context of known.contexts?.all() ?? []) core.addContext(context);
    const counters = newCounters();
    const sequencer = new FrameSequencer(
      {
        frame: (frame) => {
          counters.frames++;
          core.pushFrame(frame);
        },
        gap: (fromMs, toMs, missingFrames) => {
          counters.gaps++;
          counters.missingFrames += missingFrames;
          counters.missingMs += toMs - fromMs;
          core.markGap(fromMs, toMs);
        },
        duplicate: () => counters.duplicates++,
        late: () => counters.late++,
      },
      this.sequencerOptions,
    );
    const state: DeviceState = { core, sequencer, counters, lastRxMs: 0, delaysMs: new Float32Array(DELAY_RING), delayCount: 0 };
    this.devices.set(id, state);
    return state;
  }
}

function recordDelay(state: DeviceState, delayMs: number): void {
  state.delaysMs[state.delayCount % DELAY_RING] = delayMs;
  state.delayCount++;
}
