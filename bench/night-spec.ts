// The night every benchmark uses: the issue-6 target's sensor (2 EMG channels at 1 kHz in 100 ms
// frames, calf accelerometer at 50 Hz, no foot sensor), a random night from firmware-sim with a
// few cramps and whatever look-alikes the seed brings, and a clean transport (loss and garbage
// would make runs differ in the work they do, not in speed).
import { randomNightSpec, type NightSpec } from '../firmware-sim/src/index.ts';

export const BENCH_SEED = 6;
export const EMG_FS_HZ = 1000;
export const FRAME_MS = 100;
export const ACC_FS_HZ = 50;
export const CHANNELS = 2;

export function benchNightSpec(hours: number, seed = BENCH_SEED): NightSpec {
  const spec = randomNightSpec(seed, {
    hours,
    legs: 1,
    cramps: Math.max(1, Math.round(hours / 2)),
    transport: false,
    emgFsHz: EMG_FS_HZ,
    frameMs: FRAME_MS,
    soleus: false,
    foot: false,
  });
  // firmware-sim draws the accelerometer rate at random; the target names 50 Hz
  for (const device of spec.devices) {
    device.accFsHz = ACC_FS_HZ;
    device.accPhaseMs = device.accPhaseMs % (1000 / ACC_FS_HZ);
  }
  return spec;
}

/** EMG samples (all channels) a device produces in this many hours. */
export function emgSamplesIn(hours: number): number {
  return hours * 3_600_000 * (EMG_FS_HZ / 1000) * CHANNELS;
}
