// Core throughput: one night of one sensor, from SampleFrames in memory, through the detector
// (DeviceCore.pushFrame … finish), in CPU time. Target (issue 6): 8 h in ≤ 1 s, ≥ 28,800× real time.
import { cpuMs } from './cpu-time.ts';
import { countingSink } from './counting-sink.ts';
import { loadDetector } from './detector.ts';
import { nightFrames, type NightFrames } from './night-frames.ts';

export interface CoreResult {
  detector: string;
  hours: number;
  frames: number;
  emgSamples: number;
  /** best of the runs, CPU ms for the whole night */
  cpuMs: number;
  samplesPerS: number;
  timesRealTime: number;
  /** the same night scaled to 8 h, CPU ms */
  cpuMsPer8h: number;
  closedEpisodes: number;
  signalPoints: number;
  runs: number;
}

export async function runCoreBench(options: { hours: number; runs?: number; night?: NightFrames }): Promise<CoreResult> {
  const detector = await loadDetector();
  const night = options.night ?? nightFrames(options.hours);
  const runs = options.runs ?? 3;
  let best = Infinity;
  let sink = countingSink();
  for (let run = 0; run < runs; run++) {
    sink = countingSink();
    const core = detector.factory(night.device, sink);
    const start = cpuMs();
    for (const frame of night.frames) core.pushFrame(frame);
    core.finish();
    core.nightStats();
    best = Math.min(best, cpuMs() - start);
  }
  const recordedS = night.hours * 3600;
  return {
    detector: detector.name,
    hours: night.hours,
    frames: night.frames.length,
    emgSamples: night.emgSamples,
    cpuMs: best,
    samplesPerS: night.emgSamples / (best / 1000),
    timesRealTime: recordedS / (best / 1000),
    cpuMsPer8h: (best * 8) / night.hours,
    closedEpisodes: sink.closed.length,
    signalPoints: sink.signals,
    runs,
  };
}
