// A DeviceCore that only records what the ingest edge hands it: for tests of the edge itself
// (ordering, gaps, duplicates), independent of the detector.
import type { DeviceCore, NightStats } from '../../src/core/device-core.ts';
import type { ContextLog, CoreSink, Profile, SampleFrame } from '../../src/core/types.ts';

export interface Recorded {
  frames: SampleFrame[];
  gaps: [number, number][];
  profiles: Profile[];
  contexts: ContextLog[];
  finished: boolean;
}

export function recordingCores() {
  const byDevice = new Map<string, Recorded>();
  const factory = (device: string, _sink: CoreSink): DeviceCore => {
    const recorded: Recorded = { frames: [], gaps: [], profiles: [], contexts: [], finished: false };
    byDevice.set(device, recorded);
    return {
      device,
      setProfile: (p) => recorded.profiles.push(p),
      addContext: (c) => recorded.contexts.push(c),
      pushFrame: (f) => recorded.frames.push(f),
      markGap: (from, to) => recorded.gaps.push([from, to]),
      finish: () => {
        recorded.finished = true;
      },
      nightStats: (): NightStats => ({
        device,
        fromMs: 0,
        toMs: 0,
        recordedMs: 0,
        postureMs: { supine: 0, prone: 0, left_side: 0, right_side: 0, upright: 0, unknown: 0 },
        limbMovements: 0,
        periodicLimbMovements: 0,
        plmIndexPerHour: 0,
        gapMs: 0,
      }),
    };
  };
  return { factory, byDevice };
}
