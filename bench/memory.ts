// Memory per sensor (target ≤ 100 KiB of state, flat over a night). Two measures:
// - per sensor: heap + typed-array bytes held by N devices through the Ingestor (sequencer,
//   counters, delay ring) and the detector, after each has taken a minute of frames as binary
//   payloads (so buffers are grown and decoded frames are the device's own), divided by N; and
//   the same with the live pipeline's EpisodeResumer around the detector, as `run` holds it;
// - flatness: one device through a whole night, bytes held sampled every half hour of night.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpisodeResumer } from '../src/app/episode-resume.ts';
import type { DeviceCoreFactory } from '../src/core/device-core.ts';
import { Ingestor } from '../src/ingest/ingestor.ts';
import { encodeBinaryFrame } from '../src/protocol/binary.ts';
import { topicFor } from '../src/protocol/topics.ts';
import { countingSink } from './counting-sink.ts';
import { loadDetector } from './detector.ts';
import { liveBytes } from './gc.ts';
import { nightFrames, type NightFrames } from './night-frames.ts';
import { FRAME_MS } from './night-spec.ts';

export interface MemoryResult {
  detector: string;
  sensors: number;
  warmupS: number;
  bytesPerSensor: number;
  /** the same without the Ingestor: the detector's own state */
  coreBytesPerSensor: number;
  /** as `crampwatch run` holds a device: Ingestor + EpisodeResumer (its recent-frame history) + detector */
  liveBytesPerSensor: number;
  /** bytes held by one device over a night, relative to the bytes held one minute in */
  night: { hours: number; samples: { hour: number; bytes: number }[]; growthBytesPerHour: number; maxOverFirstBytes: number };
}

const noEvents = { rejected() {} };

function payloads(night: NightFrames, count: number): Uint8Array[] {
  return night.frames.slice(0, count).map((frame) => encodeBinaryFrame(frame));
}

/** Bytes held per device by `sensors` devices fed the same payloads. */
function bytesPerDevice(factory: DeviceCoreFactory, sensors: number, frames: Uint8Array[], t0: number, throughIngestor: boolean, night: NightFrames): number {
  const sink = countingSink();
  const before = liveBytes();
  const holders: unknown[] = [];
  if (throughIngestor) {
    const ingestor = new Ingestor(factory, sink, noEvents);
    for (let d = 0; d < sensors; d++) {
      const topic = topicFor.frames(`mem-${d}`);
      frames.forEach((bytes, k) => ingestor.handle(topic, { bytes }, t0 + (k + 1) * FRAME_MS));
    }
    holders.push(ingestor);
  } else {
    for (let d = 0; d < sensors; d++) {
      const core = factory(`mem-${d}`, sink);
      for (let k = 0; k < frames.length; k++) core.pushFrame(night.frames[k]);
      holders.push(core);
    }
  }
  const after = liveBytes();
  holders.length = 0;
  return (after - before) / sensors;
}

export async function runMemoryBench(options: { sensors: number; warmupS: number; nightHours: number }): Promise<MemoryResult> {
  const detector = await loadDetector();
  const night = nightFrames(options.nightHours);
  const warmupFrames = Math.round((options.warmupS * 1000) / FRAME_MS);
  const encoded = payloads(night, warmupFrames);
  const t0 = night.frames[0].tMs;
  // one untimed round first, so that code and shared tables are not counted against sensors
  bytesPerDevice(detector.factory, 4, encoded, t0, true, night);
  const bytesPerSensor = bytesPerDevice(detector.factory, options.sensors, encoded, t0, true, night);
  const coreBytesPerSensor = bytesPerDevice(detector.factory, options.sensors, encoded, t0, false, night);
  const journalDir = mkdtempSync(join(tmpdir(), 'crampwatch-bench-memory-'));
  let liveBytesPerSensor: number;
  try {
    const resumer = new EpisodeResumer(detector.factory, join(journalDir, 'open-episodes.json'));
    liveBytesPerSensor = bytesPerDevice(resumer.factory, options.sensors, encoded, t0, true, night);
  } finally {
    rmSync(journalDir, { recursive: true, force: true });
  }

  // the same night on a throwaway core first: code compiled and feedback gathered the first time
  // a path runs (a cramp, a walk) otherwise shows as growth of the measured core (seen: +500 KiB
  // over a first hour, none over a second; steps at each new kind of event over a first night)
  const throwaway = detector.factory(night.device, countingSink());
  for (const frame of night.frames) throwaway.pushFrame(frame);
  throwaway.finish();
  const samples: { hour: number; bytes: number }[] = [];
  const core = detector.factory(night.device, countingSink());
  // every half hour of night, or an eighth of a short one
  const everyFrames = Math.max(1, Math.min((30 * 60_000) / FRAME_MS, Math.floor(night.frames.length / 8)));
  // relative to the bytes held after the warm-up minute: what was allocated before (the other
  // measures' leftovers, compiled code) is not the core's, and would only blur the trend
  let base = NaN;
  night.frames.forEach((frame, k) => {
    core.pushFrame(frame);
    if (k + 1 === warmupFrames) base = liveBytes();
    if ((k + 1) % everyFrames === 0 && k + 1 > warmupFrames) samples.push({ hour: ((k + 1) * FRAME_MS) / 3_600_000, bytes: liveBytes() - base });
  });
  core.finish();
  const first = 0;
  return {
    detector: detector.name,
    sensors: options.sensors,
    warmupS: options.warmupS,
    bytesPerSensor,
    coreBytesPerSensor,
    liveBytesPerSensor,
    night: { hours: night.hours, samples, growthBytesPerHour: slopePerHour(samples), maxOverFirstBytes: Math.max(0, ...samples.map((s) => s.bytes)) - first },
  };
}

/** Least-squares slope of bytes over hours: a leak shows as steady growth, GC noise does not. */
function slopePerHour(samples: { hour: number; bytes: number }[]): number {
  if (samples.length < 2) return 0;
  const meanHour = samples.reduce((a, s) => a + s.hour, 0) / samples.length;
  const meanBytes = samples.reduce((a, s) => a + s.bytes, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.hour - meanHour) * (s.bytes - meanBytes);
    variance += (s.hour - meanHour) ** 2;
  }
  return covariance / variance;
}
