// For the dev tools that watch CrampDetector's steps from its prototype (open-routes.ts,
// stretch-survey.ts): which device, and which BodyState, each muscle group's detector belongs
// to. A DeviceDetector builds its groups when its first frame comes, so they are looked up after
// each frame, from its private stream.
import type { DeviceCore } from '../src/core/device-core.ts';
import type { CoreSink } from '../src/core/types.ts';
import type { BodyState } from '../src/detect/body-state.ts';
import type { CrampDetector } from '../src/detect/cramp-detector.ts';
import { DeviceDetector } from '../src/detect/device-detector.ts';

export interface DetectorOwner {
  device: string;
  body: BodyState;
}

export const detectorOwners = new Map<CrampDetector, DetectorOwner>();

/** A DeviceCore factory (replayLines' createCore) that notes its groups' detectors in detectorOwners. */
export function ownedDetectorCore(device: string, sink: CoreSink): DeviceCore {
  const core = new DeviceDetector(device, sink);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const inner = core as any;
  const push = core.pushFrame.bind(core);
  core.pushFrame = (frame) => {
    push(frame);
    for (const group of inner.stream?.groups ?? []) if (!detectorOwners.has(group.detector)) detectorOwners.set(group.detector, { device, body: inner.body });
  };
  return core;
}
