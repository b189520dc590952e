// A DeviceCore that only records what the ingest edge hands it: for tests of the edge itself
// (ordering, gaps, duplicates), independent of the detector.
import type { DeviceCore } from '../../src/core/device-core.ts';
import type { ContextLog, CoreSink, Profile, SampleFrame } from '../../src/core/types.ts';
import { emptyNightStats } from './counting-core.ts';

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
      nightStats: () => emptyNightStats(device),
    };
  };
  return { factory, byDevice };
}
