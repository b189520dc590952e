// A device's night moves with its partition. The night summary is built from two things the
// owner holds in memory: the detector's night statistics (span, recorded time, gaps, posture
// time, limb movements) and the night's closed episodes. Both go into the partition checkpoint
// (checkpoint.ts, field `nights`) at every write, as of the checkpoint's sequence, and the next
// owner starts from them, so the summary published when the night ends covers the whole night,
// not only the part the last owner processed.
//
// The new owner's detector is warmed up on frames the old one had already counted (the warm-up,
// partition-runner.ts): its statistics then hold those frames again. So the carried statistics
// are taken as the night up to the last sample the old owner counted (`toMs`), and the new
// detector's own are added from the first frame past it only: a baseline is read from the
// detector just before that frame and subtracted.
import type { DeviceCore, DeviceCoreFactory, NightStats } from '../../core/device-core.ts';
import { POSTURES, type CoreSink, type Episode } from '../../core/types.ts';
import { frameEndMs } from '../../ingest/sequencer.ts';

/**
 * Closed episodes kept per device and night, at most. A real night has a handful; past this the
 * later ones are left out (the summary then undercounts a night that is an artefact anyway).
 * Sizes measured (test/scale/night-handover.test.ts): a device's statistics and detector state
 * ~0.5 KB, a closed episode ~0.3 KB; so at most ~10 KB a device.
 */
export const MAX_CARRIED_EPISODES = 32;

/**
 * The nights of a partition, at most, in a checkpoint: a KV value is refused past the server's
 * max payload (1 MB by default), and a refused checkpoint would be retried for ever. Typical
 * nights (0–3 cramps, ≤ 1.4 KB) fit ~350 devices in a partition (22,000 over 64 partitions);
 * past it the devices with the most episodes carry their first few only, their statistics whole.
 */
export const MAX_CARRIED_BYTES = 512 * 1024;
/** what a device keeps of its episodes when the partition's nights are over MAX_CARRIED_BYTES */
const TRIMMED_EPISODES = 4;

/** One device's night so far, as the checkpoint carries it. */
export interface CarriedNight {
  stats: NightStats;
  /** the detector's state a warm-up cannot rebuild (DeviceCore.nightState), when it has one */
  detector?: unknown;
  /** the night's closed episodes (`close` events), oldest first */
  episodes: Episode[];
}

/** The checkpoint field: versioned on its own, so a reader skips a form it does not know. */
export interface CarriedNights {
  v: 1;
  devices: Record<string, CarriedNight>;
}

/** Reads the field of a checkpoint; anything missing or of another version is no carried night. */
export function carriedNightsOf(field: unknown): Map<string, CarriedNight> {
  const nights = new Map<string, CarriedNight>();
  const value = field as Partial<CarriedNights> | undefined;
  if (!value || value.v !== 1 || typeof value.devices !== 'object' || value.devices === null) return nights;
  for (const [device, night] of Object.entries(value.devices)) {
    if (night && typeof night.stats?.toMs === 'number' && Array.isArray(night.episodes)) nights.set(device, night);
  }
  return nights;
}

/** `a + (b − c)` of the night's additive statistics, with the span from a's start to b's end. */
function continuedStats(carried: NightStats, now: NightStats, baseline: NightStats): NightStats {
  const postureMs = { ...carried.postureMs };
  for (const p of POSTURES) postureMs[p] = (carried.postureMs[p] ?? 0) + (now.postureMs[p] ?? 0) - (baseline.postureMs[p] ?? 0);
  const recordedMs = carried.recordedMs + now.recordedMs - baseline.recordedMs;
  const periodicLimbMovements = carried.periodicLimbMovements + now.periodicLimbMovements - baseline.periodicLimbMovements;
  const hours = recordedMs / 3_600_000;
  return {
    device: carried.device,
    fromMs: carried.fromMs || now.fromMs,
    toMs: Math.max(carried.toMs, now.toMs),
    recordedMs,
    postureMs,
    limbMovements: carried.limbMovements + now.limbMovements - baseline.limbMovements,
    periodicLimbMovements,
    plmIndexPerHour: hours > 0 ? periodicLimbMovements / hours : 0,
    gapMs: carried.gapMs + now.gapMs - baseline.gapMs,
  };
}

interface DeviceNight {
  /** the night's statistics before this owner (undefined: the night began here) */
  carried: NightStats | undefined;
  /** and its detector's state then */
  detector: unknown;
  /** the live detector's statistics when it passed the carried part; undefined until then */
  baseline: NightStats | undefined;
  /** the detector of this night here, once there is one */
  core: DeviceCore | undefined;
  /** closed episodes by id, oldest first */
  episodes: Map<string, Episode>;
}

/** The nights of one partition's devices while this worker owns it. */
export class NightCarry {
  private readonly nights = new Map<string, DeviceNight>();

  constructor(previous: Map<string, CarriedNight> = new Map()) {
    for (const [device, night] of previous) {
      this.nights.set(device, { carried: night.stats, detector: night.detector, baseline: undefined, core: undefined, episodes: new Map(night.episodes.map((e) => [e.id, e])) });
    }
  }

  /** Wraps the detectors' factory: their night statistics continue the carried night. */
  wrap(createCore: DeviceCoreFactory): DeviceCoreFactory {
    return (device, sink) => {
      const inner = createCore(device, sink);
      const night = this.nightOf(device);
      night.core = inner;
      const core: DeviceCore = {
        device,
        setProfile: (p) => inner.setProfile(p),
        addContext: (c) => inner.addContext(c),
        pushFrame: (frame) => {
          // the first frame past what the old owner counted: what the detector has now is warm-up
          // (the carried end is rounded to the ms; a new frame ends a whole frame later)
          // the detector then takes back the state its warm-up cannot rebuild, and its statistics
          // from then on are what it adds (its limb movements count on from the carried ones)
          if (night.carried && !night.baseline && frameEndMs(frame) > night.carried.toMs + 1) {
            if (night.detector !== undefined) inner.continueNight?.(night.detector);
            night.baseline = inner.nightStats();
          }
          inner.pushFrame(frame);
        },
        markGap: (fromMs, toMs) => inner.markGap(fromMs, toMs),
        finish: () => inner.finish(),
        nightStats: () => this.statsOf(night, device),
      };
      return core;
    };
  }

  /** Wraps the sink the cores report to: a device's closed episodes are its night's. */
  tap(sink: CoreSink): CoreSink {
    return {
      episode: (e) => {
        // a close with no night here (an episode kept by an owner of an older version, closed
        // for its absent device) belongs to no night this worker will summarise
        const episodes = e.event === 'close' ? this.nights.get(e.device)?.episodes : undefined;
        if (episodes && (episodes.has(e.id) || episodes.size < MAX_CARRIED_EPISODES)) episodes.set(e.id, e);
        sink.episode(e);
      },
      signal: (p) => sink.signal(p),
      limbMovement: (m) => sink.limbMovement(m),
    };
  }

  /** A device's night ended here: its closed episodes, for its summary; the night is forgotten. */
  nightEnded(device: string): Episode[] {
    const night = this.nights.get(device);
    this.nights.delete(device);
    return night ? [...night.episodes.values()] : [];
  }

  /** Devices whose night came with the partition and that sent nothing here since. */
  absentDevices(): string[] {
    return [...this.nights].filter(([, night]) => !night.core).map(([device]) => device);
  }

  /** The statistics of a device's night so far (carried, continued here). */
  stats(device: string): NightStats | undefined {
    const night = this.nights.get(device);
    return night && this.statsOf(night, device);
  }

  /** The checkpoint field: every night going on, as of the frames processed so far. */
  snapshot(): CarriedNights {
    const devices: Record<string, CarriedNight> = {};
    for (const [device, night] of this.nights) {
      const stats = this.statsOf(night, device);
      if (!stats) continue;
      // the detector's state as of these statistics: its own once it has passed the carried part
      const detector = night.core && (!night.carried || night.baseline) ? night.core.nightState?.() : night.detector;
      devices[device] = { stats, episodes: [...night.episodes.values()], ...(detector === undefined ? {} : { detector }) };
    }
    return { v: 1, devices: withinBytes(devices, MAX_CARRIED_BYTES) };
  }

  private statsOf(night: DeviceNight, device: string): NightStats {
    const now = night.core?.nightStats();
    if (!night.carried) return now ?? emptyStats(device);
    if (!now || !night.baseline) return night.carried;
    return continuedStats(night.carried, now, night.baseline);
  }

  private nightOf(device: string): DeviceNight {
    let night = this.nights.get(device);
    if (!night) this.nights.set(device, (night = { carried: undefined, detector: undefined, baseline: undefined, core: undefined, episodes: new Map() }));
    return night;
  }
}

function emptyStats(device: string): NightStats {
  const postureMs = {} as NightStats['postureMs'];
  for (const p of POSTURES) postureMs[p] = 0;
  return { device, fromMs: 0, toMs: 0, recordedMs: 0, postureMs, limbMovements: 0, periodicLimbMovements: 0, plmIndexPerHour: 0, gapMs: 0 };
}

/** Trims the longest episode lists (in the carried copy only) until the nights fit in `maxBytes`. */
function withinBytes(devices: Record<string, CarriedNight>, maxBytes: number): Record<string, CarriedNight> {
  let bytes = JSON.stringify(devices).length;
  if (bytes <= maxBytes) return devices;
  const longest = Object.values(devices).sort((a, b) => b.episodes.length - a.episodes.length);
  for (const night of longest) {
    if (bytes <= maxBytes || night.episodes.length <= TRIMMED_EPISODES) break;
    const before = JSON.stringify(night.episodes).length;
    night.episodes = night.episodes.slice(0, TRIMMED_EPISODES);
    bytes -= before - JSON.stringify(night.episodes).length;
  }
  return devices;
}
