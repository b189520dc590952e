// A DeviceCore that only notes which frame sequence numbers reached it, in order: for fault and
// load tests that count frames (sent = processed + rejected + duplicates) without keeping them.
import type { DeviceCore, DeviceCoreFactory, NightStats } from '../../src/core/device-core.ts';

export interface Counted {
  seqs: number[];
  gaps: number;
  nights: number;
}

export function emptyNightStats(device: string): NightStats {
  return {
    device,
    fromMs: 0,
    toMs: 0,
    recordedMs: 0,
    postureMs: { supine: 0, prone: 0, left_side: 0, right_side: 0, upright: 0, unknown: 0 },
    limbMovements: 0,
    periodicLimbMovements: 0,
    plmIndexPerHour: 0,
    gapMs: 0,
  };
}

/** One Counted per device, kept across nights and pipeline restarts when the same object is passed again. */
export function countingCores(byDevice = new Map<string, Counted>()): { factory: DeviceCoreFactory; byDevice: Map<string, Counted> } {
  const factory: DeviceCoreFactory = (device) => {
    let counted = byDevice.get(device);
    if (!counted) byDevice.set(device, (counted = { seqs: [], gaps: 0, nights: 0 }));
    const mine = counted;
    mine.nights++;
    const core: DeviceCore = {
      device,
      setProfile: () => {},
      addContext: () => {},
      pushFrame: (frame) => mine.seqs.push(frame.seq),
      markGap: () => mine.gaps++,
      finish: () => {},
      nightStats: () => emptyNightStats(device),
    };
    return core;
  };
  return { factory, byDevice };
}

/** Sorted seqs and how many repeats, for "every frame exactly once" checks. */
export function seqSummary(seqs: readonly number[]): { distinct: number; repeats: number; missing: number[]; upTo: number } {
  const sorted = [...seqs].sort((a, b) => a - b);
  let distinct = 0;
  let repeats = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) repeats++;
    else distinct++;
  }
  const upTo = sorted.length ? sorted[sorted.length - 1] : -1;
  const seen = new Set(sorted);
  const missing: number[] = [];
  for (let s = 0; s <= upTo; s++) if (!seen.has(s)) missing.push(s);
  return { distinct, repeats, missing, upTo };
}
