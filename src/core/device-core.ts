// The port between the ingest edge and the per-device detector. One DeviceCore per device,
// built once, fed in-order frames; it reports through the CoreSink it was built with.
import type { ContextLog, CoreSink, Posture, Profile, SampleFrame } from './types.ts';

export interface NightStats {
  device: string;
  /** first and last sample time seen, epoch ms */
  fromMs: number;
  toMs: number;
  /** time actually covered by samples (gaps excluded), ms */
  recordedMs: number;
  /** time spent in each posture, ms */
  postureMs: Record<Posture, number>;
  limbMovements: number;
  periodicLimbMovements: number;
  /** periodic limb movements per hour of recording (WASM 2016 PLM index) */
  plmIndexPerHour: number;
  /** total missing data, ms */
  gapMs: number;
}

export interface DeviceCore {
  readonly device: string;
  setProfile(profile: Profile): void;
  addContext(context: ContextLog): void;
  /** Frames in sequence order, duplicates already removed. */
  pushFrame(frame: SampleFrame): void;
  /** Samples between fromMs and toMs are missing (lost frames, an outage): never zeros. */
  markGap(fromMs: number, toMs: number): void;
  /** End of the stream: close whatever is open, emitting its `close` event. */
  finish(): void;
  nightStats(): NightStats;
  /**
   * Optional: the part of the night's state a warm-up cannot rebuild (limb movements waiting for
   * their series), as plain JSON, and taking it back in a new core after its warm-up, so a night
   * moved to another process counts on as if it had not moved (src/app/nats/night-carry.ts).
   */
  nightState?(): unknown;
  continueNight?(state: unknown): void;
}

export type DeviceCoreFactory = (device: string, sink: CoreSink) => DeviceCore;
