// The dev tools' way into one device of a simulated night (trace-night.ts, why-missed.ts): the
// night replayed through the real ingest path, with a look at that device's detector after each
// of its frames. The detector's inner state is read by the tools themselves, for debugging only.
import { nightMessages, type NightSpec } from '../firmware-sim/src/index.ts';
import type { SampleFrame } from '../src/core/types.ts';
import { DeviceDetector } from '../src/detect/device-detector.ts';
import { replayLines } from '../src/ingest/replay.ts';

export async function replayWatchingDevice(spec: NightSpec, device: string, afterFrame: (core: DeviceDetector, frame: SampleFrame) => void): Promise<void> {
  await replayLines(nightMessages(spec), {
    createCore: (id, sink) => {
      const core = new DeviceDetector(id, sink);
      if (id !== device) return core;
      const push = core.pushFrame.bind(core);
      core.pushFrame = (frame) => {
        push(frame);
        afterFrame(core, frame);
      };
      return core;
    },
  });
}
