// A deterministic stand-in for the detector, for tests whose subject is the plumbing around it
// (restarts, outages, injection), not detection: a frame whose peak reaches thresholdUv is
// "cramping"; the first such frame opens an episode (id = device-start, as the real detector
// names them), every tenth cramping frame sends an update, the first quiet frame closes it.
// finish() closes what is open at the last sample, as the DeviceCore port asks. With `signals`
// every frame also yields one SignalPoint, so points can be counted in the store.
import type { DeviceCore, DeviceCoreFactory } from '../../src/core/device-core.ts';
import type { CoreSink, Episode, Profile, SampleFrame } from '../../src/core/types.ts';
import { emptyNightStats } from './counting-core.ts';

export interface ScriptedOptions {
  thresholdUv?: number;
  signals?: boolean;
  /** like the real detector learning the resting level: no cramp is seen before this many frames */
  learningFrames?: number;
}

function peakUv(frame: SampleFrame): number {
  let peak = 0;
  for (const x of frame.emgUv[0]) if (Math.abs(x) > peak) peak = Math.abs(x);
  return peak;
}

/** `seqs`: per device, the sequence numbers of the frames it was fed, in order, across nights. */
export function scriptedCores(options: ScriptedOptions = {}): { factory: DeviceCoreFactory; seqs: Map<string, number[]> } {
  const thresholdUv = options.thresholdUv ?? 300;
  const seqs = new Map<string, number[]>();
  const factory: DeviceCoreFactory = (device: string, sink: CoreSink): DeviceCore => {
    let profile: Profile | undefined;
    let open: Episode | undefined;
    let cramping = 0;
    let lastEndMs = 0;
    let seen = 0;
    const event = (kind: Episode['event'], endMs?: number): Episode => {
      const e: Episode = { ...open!, event: kind, causes: [] };
      if (endMs !== undefined) {
        e.end = endMs;
        e.duration_s = (endMs - e.start) / 1000;
      }
      return e;
    };
    return {
      device,
      setProfile: (p) => {
        profile = p;
      },
      addContext: () => {},
      pushFrame(frame) {
        let mine = seqs.get(device);
        if (!mine) seqs.set(device, (mine = []));
        mine.push(frame.seq);
        const peak = peakUv(frame);
        const endMs = frame.tMs + (frame.emgUv[0].length * 1000) / frame.emgFsHz;
        if (options.signals) {
          sink.signal({ device, tMs: frame.tMs, envelopeUv: { gastrocnemius: peak / Math.SQRT2 }, posture: 'supine', contact: 1 });
        }
        if (++seen <= (options.learningFrames ?? 0)) {
          lastEndMs = endMs;
          return;
        }
        if (peak >= thresholdUv) {
          if (!open) {
            open = {
              v: 1,
              event: 'open',
              id: `${device}-${frame.tMs}`,
              device,
              wearer: profile?.wearer,
              leg: profile?.leg,
              muscle: 'gastrocnemius',
              start: frame.tMs,
              detected_at: frame.tMs,
              peak_uv: peak,
              severity: 'moderate',
              posture_before: 'supine',
              causes: [],
            };
            cramping = 0;
            sink.episode(event('open'));
          }
          open.peak_uv = Math.max(open.peak_uv, peak);
          if (++cramping % 10 === 0) sink.episode(event('update', endMs));
        } else if (open) {
          sink.episode(event('close', frame.tMs));
          open = undefined;
        }
        lastEndMs = endMs;
      },
      markGap: () => {},
      finish() {
        if (open) sink.episode(event('close', lastEndMs));
        open = undefined;
      },
      nightStats: () => emptyNightStats(device),
    };
  };
  return { factory, seqs };
}
