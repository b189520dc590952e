// The detector under test: the project's createDeviceCore when it exists. Until src/detect is
// written, a stand-in that only touches every sample keeps the other benchmarks running; every
// figure printed says which one ran.
import { existsSync } from 'node:fs';
import type { DeviceCore, DeviceCoreFactory } from '../src/core/device-core.ts';
import type { SampleFrame } from '../src/core/types.ts';
import { emptyNightStats } from '../test/helpers/counting-core.ts';

export interface Detector {
  name: 'createDeviceCore' | 'stand-in (no detector yet)';
  factory: DeviceCoreFactory;
}

/** Sums the squares of every sample: the least any detector must do. */
export const standInFactory: DeviceCoreFactory = (device) => {
  let energy = 0;
  const core: DeviceCore = {
    device,
    setProfile() {},
    addContext() {},
    pushFrame(frame: SampleFrame) {
      for (const channel of frame.emgUv) for (let i = 0; i < channel.length; i++) energy += channel[i] * channel[i];
    },
    markGap() {},
    finish() {},
    nightStats: () => ({ ...emptyNightStats(device), recordedMs: energy > 0 ? 1 : 0 }),
  };
  return core;
};

let loaded: Promise<Detector> | undefined;

export function loadDetector(): Promise<Detector> {
  // only a missing detector is excused: one that fails to load is an error worth seeing
  const written = existsSync(new URL('../src/detect/index.ts', import.meta.url));
  loaded ??= written
    ? import('../src/app/core-factory.ts').then((module) => ({ name: 'createDeviceCore' as const, factory: module.createDeviceCore as DeviceCoreFactory }))
    : Promise.resolve({ name: 'stand-in (no detector yet)' as const, factory: standInFactory });
  return loaded;
}
